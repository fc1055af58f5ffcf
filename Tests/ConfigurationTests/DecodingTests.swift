import Configuration
import Testing

/// How an experiment declares its configuration: plain Codable structs, `ConfigEnum` for choices,
/// `decodeIfPresent ?? default` for optional settings, and `validate()` for ranges.
enum Optimizer: String, ConfigEnum {
    case adam, sgd, rmsprop
}

struct TrainingConfig: Codable, Equatable {
    var lr: Double
    var epochs: Int
    var optimizer: Optimizer
    var clip: Double?
    var batchSize: Int

    enum CodingKeys: String, CodingKey { case lr, epochs, optimizer, clip, batchSize = "batch_size" }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lr = try c.decode(Double.self, forKey: .lr)
        epochs = try c.decode(Int.self, forKey: .epochs)
        optimizer = try c.decodeIfPresent(Optimizer.self, forKey: .optimizer) ?? .adam
        clip = try c.decodeIfPresent(Double.self, forKey: .clip)
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? 128
    }

    func validate() throws {
        try require(lr > 0 && lr <= 1, key: "training.lr", value: lr, allowed: "0 < lr ≤ 1")
    }
}

struct Fig6Config: Codable, Equatable {
    var tEnd: Int
    var seeds: [UInt64]
    var training: TrainingConfig
    var sizes: [String: Int]?

    enum CodingKeys: String, CodingKey { case tEnd = "t_end", seeds, training, sizes }

    func validate() throws { try training.validate() }
}

@Suite("Typed decoding")
struct DecodingTests {
    let file = "experiments/cornn-fig6.yaml"

    func decode(_ yaml: String) throws -> Fig6Config {
        let value = try ConfigValue.parseYAML(yaml, file: file)
        return try ConfigDecoder().decode(Fig6Config.self, from: value, file: file, keyPrefix: "config")
    }

    @Test func nestedStructsArraysOptionalsEnumsAndDefaults() throws {
        let config = try decode("""
            t_end: 10
            seeds: [1, 2, 3]
            training:
              lr: 1          # an integer is fine for a Double
              epochs: 20.0   # an integral double is fine for an Int
              optimizer: sgd
            sizes: {small: 16, large: 256}
            """)
        #expect(config.tEnd == 10)
        #expect(config.seeds == [1, 2, 3])
        #expect(config.training.lr == 1.0)
        #expect(config.training.epochs == 20)
        #expect(config.training.optimizer == .sgd)
        #expect(config.training.clip == nil)
        #expect(config.training.batchSize == 128)
        #expect(config.sizes == ["small": 16, "large": 256])
    }

    @Test func typeMismatchNamesFileKeyValueAndExpectedType() {
        #expect(throws: ConfigurationError(file: file, key: "config.training.lr",
                                           message: "expected a number, found 'fast' (a string)")) {
            try decode("t_end: 1\nseeds: []\ntraining: {lr: fast, epochs: 1}")
        }
    }

    @Test func fractionalValueForAnIntIsRejected() {
        #expect(throws: ConfigurationError(file: file, key: "config.training.epochs",
                                           message: "expected an integer, found 2.5 (a floating-point number)")) {
            try decode("t_end: 1\nseeds: []\ntraining: {lr: 0.1, epochs: 2.5}")
        }
    }

    @Test func arrayElementsAreNamedByIndex() {
        #expect(throws: ConfigurationError(file: file, key: "config.seeds[1]",
                                           message: "expected an integer, found 'two' (a string)")) {
            try decode("t_end: 1\nseeds: [1, two]\ntraining: {lr: 0.1, epochs: 2}")
        }
    }

    @Test func negativeValueForAnUnsignedIntIsOutOfRange() {
        #expect(throws: ConfigurationError.outOfRange(file: file, key: "config.seeds[0]", value: "-1",
                                                      range: "0 … 18446744073709551615 (UInt64)")) {
            try decode("t_end: 1\nseeds: [-1]\ntraining: {lr: 0.1, epochs: 2}")
        }
    }

    @Test func unknownKeysAreTyposAndListWhatIsAllowed() throws {
        let error = ConfigurationError.unknownKey(file: file, key: "config.training.optimiser",
                                                  allowed: ["lr", "epochs", "optimizer", "clip", "batch_size"])
        #expect(error.description == "experiments/cornn-fig6.yaml: config.training.optimiser: unknown key; "
                + "allowed keys here: batch_size, clip, epochs, lr, optimizer (did you mean 'optimizer'?)")
        #expect(throws: error) {
            try decode("t_end: 1\nseeds: []\ntraining: {lr: 0.1, epochs: 2, optimiser: sgd}")
        }
    }

    @Test func unknownTopLevelKey() {
        #expect(throws: ConfigurationError.unknownKey(file: file, key: "config.t_ned",
                                                      allowed: ["t_end", "seeds", "training", "sizes"])) {
            try decode("t_end: 1\nt_ned: 2\nseeds: []\ntraining: {lr: 0.1, epochs: 2}")
        }
    }

    @Test func missingKeySuggestsTheMisspelling() {
        #expect(throws: ConfigurationError(file: file, key: "config.training",
                                           message: "missing required key (found 'trainig' — misspelled?)")) {
            try decode("t_end: 1\nseeds: []\ntrainig: {lr: 0.1, epochs: 2}")
        }
    }

    @Test func invalidEnumValueListsTheCases() {
        let expected = ConfigurationError.invalidValue(file: file, key: "config.training.optimizer",
                                                       value: "'adamw'", allowed: ["adam", "sgd", "rmsprop"])
        #expect(expected.description
                == "experiments/cornn-fig6.yaml: config.training.optimizer: 'adamw' is not allowed; allowed: adam, sgd, rmsprop")
        #expect(throws: expected) {
            try decode("t_end: 1\nseeds: []\ntraining: {lr: 0.1, epochs: 2, optimizer: adamw}")
        }
    }

    @Test func validationErrorsGetTheFileFromTheLoader() throws {
        let config = try decode("t_end: 1\nseeds: []\ntraining: {lr: 0.0, epochs: 2}")
        do {
            try config.validate()
            Issue.record("lr 0 should be rejected")
        } catch let error as ConfigurationError {
            #expect(error.description == "training.lr: 0.0 is out of range; allowed: 0 < lr ≤ 1")
            #expect(error.inFile(file, keyPrefix: "config").description
                    == "experiments/cornn-fig6.yaml: config.training.lr: 0.0 is out of range; allowed: 0 < lr ≤ 1")
        }
    }

    @Test func nullSectionMeansAllDefaults() throws {
        struct Plot: Codable { var width: Int = 900
            init(from decoder: Decoder) throws {
                width = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .width) ?? 900
            }
        }
        #expect(try ConfigDecoder().decode(Plot.self, from: .null, file: "f").width == 900)
    }

    @Test func freeFormConfigValueFieldsAreNotCheckedForUnknownKeys() throws {
        struct Loose: Codable { var extra: ConfigValue }
        let loose = try ConfigDecoder().decode(Loose.self, from: ["extra": ["anything": 1]], file: "f")
        #expect(loose.extra == ["anything": 1])
    }
}
