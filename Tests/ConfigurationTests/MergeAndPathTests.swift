import Configuration
import Testing

@Suite("Scales, dotted paths and --set")
struct MergeAndPathTests {
    let base: ConfigValue = [
        "t_end": 10,
        "training": ["lr": 0.001, "epochs": 100],
        "seeds": [1, 2, 3],
    ]

    @Test func scaleOverridesMergeDeeply() {
        let paper: ConfigValue = ["training": ["lr": 0.0005]]
        #expect(base.merged(with: paper) == [
            "t_end": 10,
            "training": ["lr": 0.0005, "epochs": 100],
            "seeds": [1, 2, 3],
        ])
    }

    @Test func listsAndScalarsAreReplacedNotMerged() {
        let smoke: ConfigValue = ["seeds": [7], "training": "none"]
        #expect(base.merged(with: smoke) == ["t_end": 10, "training": "none", "seeds": [7]])
        #expect(base.merged(with: [:]) == base)
    }

    @Test func dottedGet() {
        #expect(base[path: "training.lr"] == .double(0.001))
        #expect(base[path: "seeds[1]"] == 2)
        #expect(base[path: "training.lr.x"] == nil)
        #expect(base[path: "seeds[9]"] == nil)
    }

    @Test func dottedSetCreatesIntermediateObjects() {
        let changed = base.setting("training.lr", to: 0.002).setting("model.cell.hidden", to: 64)
        #expect(changed[path: "training.lr"] == 0.002)
        #expect(changed[path: "training.epochs"] == 100)
        #expect(changed[path: "model"] == ["cell": ["hidden": 64]])
        #expect(base.setting("seeds[0]", to: 9)[path: "seeds"] == [9, 2, 3])
    }

    @Test func pathComponents() {
        #expect(ConfigPathComponent.parse("a.b[2][0].c") == [.key("a"), .key("b"), .index(2), .index(0), .key("c")])
        #expect(ConfigPathComponent.join([.key("seeds"), .index(3)]) == "seeds[3]")
        #expect(joinConfigPath("config", "training.lr") == "config.training.lr")
        #expect(joinConfigPath("seeds", "[3]") == "seeds[3]")
    }
}
