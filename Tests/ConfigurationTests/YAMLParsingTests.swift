import Configuration
import Testing

@Suite("Reading experiment YAML")
struct YAMLParsingTests {
    @Test func scalarsFollowTheYAML12CoreSchema() throws {
        let value = try ConfigValue.parseYAML("""
            epochs: 10
            big: 100_000
            hex: 0x1F
            lr: 0.001
            tiny: 1e-3
            one: 1.0
            exponent: 2E+2
            quoted_number: "3"
            single_quoted: '0.5'
            flag: true
            capital: False
            answer: yes
            switch: off
            nothing: null
            tilde: ~
            empty:
            infinity: .inf
            minus_infinity: -.inf
            name: coRNN
            octal_looking: 010
            """, file: "experiments/x.yaml")
        #expect(value[path: "epochs"] == .int(10))
        #expect(value[path: "big"] == .int(100_000))
        #expect(value[path: "hex"] == .int(31))
        #expect(value[path: "lr"] == .double(0.001))
        #expect(value[path: "tiny"] == .double(0.001))
        #expect(value[path: "one"] == .double(1.0))
        #expect(value[path: "exponent"] == .double(200))
        #expect(value[path: "quoted_number"] == .string("3"))
        #expect(value[path: "single_quoted"] == .string("0.5"))
        #expect(value[path: "flag"] == .bool(true))
        #expect(value[path: "capital"] == .bool(false))
        // YAML 1.1's yes/no/on/off booleans are plain strings here.
        #expect(value[path: "answer"] == .string("yes"))
        #expect(value[path: "switch"] == .string("off"))
        #expect(value[path: "nothing"] == .null)
        #expect(value[path: "tilde"] == .null)
        #expect(value[path: "empty"] == .null)
        #expect(value[path: "infinity"] == .double(.infinity))
        #expect(value[path: "minus_infinity"] == .double(-.infinity))
        #expect(value[path: "name"] == .string("coRNN"))
        #expect(value[path: "octal_looking"] == .int(10))
    }

    @Test func nanParsesAsADouble() throws {
        let value = try ConfigValue.parseYAML("x: .nan", file: "x.yaml")
        guard case .double(let number)? = value[path: "x"] else { Issue.record("not a double"); return }
        #expect(number.isNaN)
    }

    @Test func explicitTagsAreRespected() throws {
        let value = try ConfigValue.parseYAML("a: !!str 3\nb: !!float 3\nc: !!int '7'", file: "x.yaml")
        #expect(value == ["a": "3", "b": .double(3), "c": 7])
    }

    @Test func nestedMappingsAndSequences() throws {
        let value = try ConfigValue.parseYAML("""
            config:
              t_end: 10
              training: { lr: 0.001, epochs: 5 }
              seeds: [1, 2, 3]
              models:
                - name: coRNN
                  hidden: 256
                - name: LSTM
            """, file: "x.yaml")
        #expect(value[path: "config.training.lr"] == .double(0.001))
        #expect(value[path: "config.seeds"] == [1, 2, 3])
        #expect(value[path: "config.seeds[2]"] == 3)
        #expect(value[path: "config.models[1].name"] == "LSTM")
        #expect(value[path: "config.models[2]"] == nil)
        #expect(value[path: "config.nope"] == nil)
    }

    @Test func syntaxErrorsNameFileAndLine() {
        let text = "config:\n  a: 1\n  b: [1, 2\n"
        #expect(throws: ConfigurationError.self) { try ConfigValue.parseYAML(text, file: "experiments/x.yaml") }
        do {
            _ = try ConfigValue.parseYAML(text, file: "experiments/x.yaml")
        } catch let error as ConfigurationError {
            #expect(error.file == "experiments/x.yaml")
            #expect(error.line != nil)
            #expect(error.description.hasPrefix("experiments/x.yaml:"))
            #expect(error.description.contains("invalid YAML"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func duplicateKeysAreRejectedWithTheirLine() {
        let text = "config:\n  lr: 0.1\n  lr: 0.2\n"
        #expect(throws: ConfigurationError.syntax(file: "experiments/x.yaml", line: 3,
                                                  message: "duplicate key 'config.lr'")) {
            try ConfigValue.parseYAML(text, file: "experiments/x.yaml")
        }
    }

    @Test func commandLineValuesAreYAMLScalars() {
        #expect(ConfigValue.parseScalar("3") == .int(3))
        #expect(ConfigValue.parseScalar("-3") == .int(-3))
        #expect(ConfigValue.parseScalar("0.5") == .double(0.5))
        #expect(ConfigValue.parseScalar("1e-3") == .double(0.001))
        #expect(ConfigValue.parseScalar("true") == .bool(true))
        #expect(ConfigValue.parseScalar("null") == .null)
        #expect(ConfigValue.parseScalar("[1,2]") == [1, 2])
        #expect(ConfigValue.parseScalar("[0.1, x]") == [0.1, "x"])
        #expect(ConfigValue.parseScalar("{a: 1}") == ["a": 1])
        #expect(ConfigValue.parseScalar("adam") == "adam")
        #expect(ConfigValue.parseScalar("a: b") == "a: b")
        #expect(ConfigValue.parseScalar("# not a comment") == "# not a comment")
        #expect(ConfigValue.parseScalar("[unclosed") == "[unclosed")
        #expect(ConfigValue.parseScalar("\"3\"") == "3")
        #expect(ConfigValue.parseScalar("- x") == "- x")
    }
}
