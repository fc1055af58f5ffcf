import Configuration
import Foundation
import Testing

@Suite("Experiment files and scales")
struct ExperimentFileTests {
    static let yaml = """
        # experiments/cornn-fig6.yaml
        description: coRNN hidden states vs time
        config:            # base configuration (affects computation)
          t_end: 10
          seeds: [1, 2, 3]
          training:
            lr: 0.001
            epochs: 20
        scales:            # per-scale overrides, deep-merged onto `config`
          smoke:   { t_end: 2 }
          default: {}
          paper:   { training: { lr: 0.0005 } }
        figure:            # styling only
          width: 900
        """
    let path = "experiments/cornn-fig6.yaml"

    func file() throws -> ExperimentFile { try ExperimentFile.parse(Self.yaml, displayPath: path) }

    @Test func sectionsAreRead() throws {
        let file = try file()
        #expect(file.description == "coRNN hidden states vs time")
        #expect(file.scaleNames == ["smoke", "default", "paper"])
        #expect(file.figure == ["width": 900])
        #expect(file.base[path: "training.lr"] == 0.001)
        #expect(file.lines["config.training.lr"] == 7)
    }

    @Test func scalesMergeOntoTheBase() throws {
        let file = try file()
        #expect(try file.resolved(scale: "smoke")[path: "t_end"] == 2)
        #expect(try file.resolved(scale: "paper")[path: "training"] == ["lr": 0.0005, "epochs": 20])
        #expect(try file.resolved(scale: "default") == file.base)
    }

    @Test func setOverridesApplyLast() throws {
        let resolved = try file().resolved(scale: "paper", overrides: [
            (path: "training.lr", value: ConfigValue.parseScalar("0.002")),
            (path: "seeds", value: ConfigValue.parseScalar("[7]")),
        ])
        #expect(resolved[path: "training.lr"] == .double(0.002))
        #expect(resolved[path: "seeds"] == [7])
    }

    @Test func unknownScaleListsTheScales() throws {
        let expected = ConfigurationError.invalidValue(file: path, key: "scales", value: "scale 'full'",
                                                       allowed: ["smoke", "default", "paper"])
        #expect(expected.description
                == "experiments/cornn-fig6.yaml: scales: scale 'full' is not allowed; allowed: smoke, default, paper")
        #expect(throws: expected) { try file().resolved(scale: "full") }
    }

    @Test func mistypedSetPathListsTheKeysAtThatLevel() throws {
        let file = try file()
        do {
            _ = try file.resolved(scale: "default", overrides: [(path: "training.lrr", value: 0.1)])
            Issue.record("a mistyped --set path must fail")
        } catch let error as ConfigurationError {
            #expect(error.description == "experiments/cornn-fig6.yaml: config.training.lrr: unknown key in --set training.lrr; "
                    + "allowed keys here: epochs, lr (did you mean 'lr'?)")
        }
        #expect(throws: ConfigurationError(file: path, key: "config.t_end",
                                           message: "--set t_end.x: this is an integer, not a mapping")) {
            try file.resolved(scale: "default", overrides: [(path: "t_end.x", value: 1)])
        }
        #expect(throws: ConfigurationError(file: path, key: "config.seeds[5]",
                                           message: "--set seeds[5]: index out of range; the list has 3 elements")) {
            try file.resolved(scale: "default", overrides: [(path: "seeds[5]", value: 1)])
        }
        #expect(try file.resolved(scale: "default", overrides: [(path: "seeds[2]", value: 9)])[path: "seeds"] == [1, 2, 9])
    }

    @Test func onlyKnownSectionsAreAllowed() {
        let text = "config: {}\nscale:\n  smoke: {}\n"
        #expect(throws: ConfigurationError(file: path, line: 2, key: "scale",
                                           message: "unknown key; allowed keys here: config, description, figure, scales (did you mean 'scales'?)")) {
            try ExperimentFile.parse(text, displayPath: path)
        }
    }

    @Test func theDefaultScaleAlwaysExists() throws {
        let file = try ExperimentFile.parse("config: {t_end: 3}", displayPath: path)
        #expect(file.scaleNames == ["default"])
        #expect(try file.resolved(scale: "default") == ["t_end": 3])
        let onlySmoke = try ExperimentFile.parse("config: {t_end: 3}\nscales: {smoke: {t_end: 1}}", displayPath: path)
        #expect(onlySmoke.scaleNames == ["smoke", "default"])
    }

    struct Config: Codable {
        var tEnd: Int
        var seeds: [Int]
        var training: Training
        struct Training: Codable { var lr: Double; var epochs: Int }
        enum CodingKeys: String, CodingKey { case tEnd = "t_end", seeds, training }
    }

    @Test func decodedConfigErrorsPointAtTheSectionTheKeyCameFrom() throws {
        let typo = """
            config: {t_end: 10, seeds: [1], training: {lr: 0.001, epochs: 2}}
            scales:
              smoke:
                t_ned: 2
            """
        let file = try ExperimentFile.parse(typo, displayPath: path)
        #expect(try file.decodeConfig(Config.self, scale: "default").tEnd == 10)
        do {
            _ = try file.decodeConfig(Config.self, scale: "smoke")
            Issue.record("the typo in scales.smoke must be reported")
        } catch let error as ConfigurationError {
            #expect(error.key == "scales.smoke.t_ned")
            #expect(error.line == 4)
            #expect(error.description.hasPrefix("experiments/cornn-fig6.yaml:4: scales.smoke.t_ned: unknown key"))
        }
    }

    @Test func validationErrorsNameTheOverrideThatCausedThem() throws {
        let file = try file()
        let validate: (Config) throws -> Void = { config in
            try require(config.training.lr > 0, key: "training.lr", value: config.training.lr, allowed: "lr > 0")
        }
        #expect(throws: ConfigurationError(file: path, key: "config.training.lr",
                                           message: "-1.0 is out of range; allowed: lr > 0 (set by --set training.lr)")) {
            try file.decodeConfig(Config.self, scale: "paper", overrides: [(path: "training.lr", value: -1.0)],
                                  validate: validate)
        }
    }

    @Test func loadsFromDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-test-\(UUID().uuidString).yaml")
        try Self.yaml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try ExperimentFile.load(url, displayPath: path) == file())
        #expect(throws: ConfigurationError.self) {
            try ExperimentFile.load(url.appendingPathExtension("missing"), displayPath: path)
        }
    }
}
