import Configuration
import Testing

@Suite("Explaining changes and showing configurations")
struct DifferencesAndRenderingTests {
    @Test func differencesDescribeEachChangedLeaf() {
        let old: ConfigValue = ["training": ["lr": 0.001, "epochs": 5], "seeds": [1, 2, 3], "model": "coRNN"]
        let new: ConfigValue = ["training": ["lr": 0.002, "epochs": 5], "seeds": [1, 2, 3, 4]]
        let changes = configDifferences(from: old, to: new)
        #expect(changes.map(\.description) == [
            "model removed (was coRNN)",
            "seeds[3] added (4)",
            "training.lr 0.001 → 0.002",
        ])
        #expect(changes[2].path == "training.lr")
        #expect(changes[2].old == 0.001 && changes[2].new == 0.002)
        #expect(configDifferences(from: old, to: old).isEmpty)
    }

    @Test func intToDoubleIsAChange() {
        #expect(configDifferences(from: ["t": 1], to: ["t": 1.0]).map(\.description) == ["t 1 → 1.0"])
    }

    @Test func displayTextIsCompact() {
        #expect(ConfigValue.double(0.001).displayText == "0.001")
        #expect(ConfigValue.array([1, 2]).displayText == "[1, 2]")
        #expect(ConfigValue.object(["b": [1.5], "a": 1]).displayText == "{a: 1, b: [1.5]}")
        #expect(ConfigValue.string("3").displayText == "\"3\"")
        #expect(ConfigValue.string("yes").displayText == "\"yes\"")
        #expect(ConfigValue.string("coRNN").displayText == "coRNN")
        #expect(ConfigValue.null.displayText == "null")
        #expect(ConfigValue.double(.infinity).displayText == ".inf")
        #expect(ConfigValue.array(Array(repeating: 1, count: 50)).displayText(limit: 10) == "[1, 1, 1,…")
    }

    @Test func yamlTextIsReadableBlockYAML() {
        let value: ConfigValue = [
            "t_end": 10,
            "training": ["lr": 0.001, "optimizer": "adam"],
            "seeds": [1, 2],
            "runs": [["name": "a b", "T": 100], ["name": "x: y"]],
            "empty": [:],
        ]
        #expect(value.yamlText() == """
            empty: {}
            runs:
              - T: 100
                name: a b
              - name: "x: y"
            seeds: [1, 2]
            t_end: 10
            training:
              lr: 0.001
              optimizer: adam

            """)
    }

    @Test func yamlTextParsesBackToTheSameValue() throws {
        let value: ConfigValue = [
            "numbers": [1, 1.0, -0.5, 1e-7, 1e300, .double(.infinity)],
            "strings": ["true", "1e-3", "", " padded ", "multi\nline", "#hash", "- dash", "null", "ok", "[x]", "é"],
            "nested": [[[1, 2], [3]], ["deep": ["deeper": [["k": "v"]]]]],
            "flags": [true, false, .null],
            "odd key: with colon": 1,
        ]
        #expect(try ConfigValue.parseYAML(value.yamlText(), file: "roundtrip") == value)
        #expect(try ConfigValue.parseYAML(value.displayText, file: "roundtrip") == value)
    }
}
