import Comparison
import Configuration
import Engine
import Foundation
import Testing

/// What changed since an archived run: configuration, code hashes, overrides, scale, toolchain, and
/// how `repro compare` prints it.
struct ArchiveDifferenceTests {
    static let archivedConfig: ConfigValue = [
        "epochs": 10,
        "models": [["name": "coRNN", "lr": 0.0035], ["name": "tanh", "lr": 0.001]],
        "seeds": [1, 2],
        "task": ["length": 100, "kind": "adding"],
    ]

    static func manifest(config: ConfigValue = archivedConfig, code: [String: String] = ["Models/CoRNN": "a", "Models/PackedGEMM": "b", "Tasks/Gzip": "c"]) -> ArchiveManifest {
        ArchiveManifest(experiment: "toy", scale: "default", overrides: [], archived: "2026-11-22T15:56:34Z",
                        gitCommit: "3e1d3a9c12ffffffffff", gitDirty: false, paperreproVersion: "0.1.0", toolchain: "swift-6.2 x86_64",
                        jobs: [], code: code, config: config, measurements: [], replaces: nil)
    }

    @Test func configDifferencesFollowNestedObjectsAndLists() {
        let current: ConfigValue = [
            "epochs": 20,
            "models": [["name": "coRNN", "lr": 0.01], ["name": "tanh", "lr": 0.001]],
            "seeds": [1, 2, 3],
            "task": ["length": 100],
        ]
        let difference = ArchiveDifference(archive: Self.manifest(), scale: "default", overrides: ["models[0].lr=0.01"],
                                           config: current, code: Self.manifest().code, toolchain: "swift-6.2 x86_64")
        #expect(difference.config.map(\.description) == [
            "epochs 10 → 20", "models[0].lr 0.0035 → 0.01", "seeds[2] added (3)", "task.kind removed (was adding)",
        ])
        #expect(difference.config[1].path == "models[0].lr")
        #expect(difference.config[1].archived == 0.0035 && difference.config[1].current == 0.01)
        #expect(difference.overrides?.archived == [] && difference.overrides?.current == ["models[0].lr=0.01"])
        #expect(difference.code.isEmpty && difference.scale == nil && difference.toolchain == nil)
        #expect(!difference.isEmpty)
    }

    @Test func codeDifferenceSeparatesChangedAddedAndRemoved() {
        let code = CodeDifference(archived: ["Models/CoRNN": "a", "Models/PackedGEMM": "b", "Tasks/Gzip": "c"],
                                  current: ["Models/CoRNN": "a2", "Models/PackedGEMM": "b2", "Tasks/IMDBArchive": "d"])
        #expect(code == CodeDifference(changed: ["Models/CoRNN", "Models/PackedGEMM"], added: ["Tasks/IMDBArchive"],
                                       removed: ["Tasks/Gzip"]))
        #expect(CodeDifference(archived: ["A/B": "x"], current: ["A/B": "x"]).isEmpty)
    }

    @Test func unchangedProvenanceIsEmpty() {
        let difference = ArchiveDifference(archive: Self.manifest(), scale: "default", overrides: [], config: Self.archivedConfig,
                                           code: Self.manifest().code, toolchain: "swift-6.2 x86_64")
        #expect(difference.isEmpty && difference.lines.isEmpty)
        #expect(difference.summary == "Since the archive (commit 3e1d3a9c12, archived 2026-11-22): same configuration, code, scale, toolchain and numerics.")
        // Integers and doubles are different configuration values (their keys differ too).
        let other = Self.archivedConfig.setting("epochs", to: 10.0)
        let retyped = ArchiveDifference(archive: Self.manifest(), scale: "default", overrides: [], config: other,
                                        code: Self.manifest().code, toolchain: "swift-6.2 x86_64")
        #expect(retyped.config.map(\.path) == ["epochs"])
    }

    /// A one-row comparison with the archive that agrees or differs.
    func comparison(_ difference: ArchiveDifference, verdict: Verdict) -> ExperimentComparison {
        let archived = Quantity.scalar("final", 0.1, meaning: "final MSE")
        let ours = Quantity.scalar("final", verdict == .agrees ? 0.1 : 0.2, meaning: "final MSE")
        let rows = Comparator.rows(experiment: "toy", scale: "default", ours: [ours], problem: nil,
                                   against: ReferenceRun(label: "archive", description: "x", scale: "default", quantities: [archived]),
                                   label: "archive", missingReference: "")
        return ExperimentComparison(experiment: "toy", scale: "default", rows: rows, sinceArchive: difference)
    }

    @Test func textTableShowsWhatChangedUnderTheHeader() throws {
        let current = Self.archivedConfig.setting("models[0].lr", to: 0.01)
        let difference = ArchiveDifference(
            archive: Self.manifest(), scale: "default", overrides: ["models[0].lr=0.01"], config: current,
            code: ["Models/CoRNN": "a2", "Models/PackedGEMM": "b2", "Tasks/Gzip": "c"], toolchain: "swift-6.3 x86_64")
        let text = ComparisonTable.text([comparison(difference, verdict: .differs)])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "toy [default] — archive: differs")
        #expect(Array(lines[1...5]) == [
            "  since the archive (commit 3e1d3a9c12, archived 2026-11-22):",
            "    config: models[0].lr 0.0035 → 0.01",
            "    overrides: none → models[0].lr=0.01",
            "    code changed: Models/CoRNN, Models/PackedGEMM",
            "    toolchain: swift-6.2 x86_64 → swift-6.3 x86_64",
        ], "\(text)")
        #expect(lines[6].hasPrefix("  quantity"))
        // Shown even when the archive comparison agrees: the reviewer sees what the agreement survived.
        #expect(ComparisonTable.text([comparison(difference, verdict: .agrees)]).contains("code changed: Models/CoRNN"))

        let json = try JSONSerialization.jsonObject(with: Data(try ComparisonTable.json([comparison(difference, verdict: .differs)]).utf8))
        let since = try #require(((json as? [[String: Any]])?.first?["sinceArchive"]) as? [String: Any])
        let config = since["config"] as? [[String: Any]]
        #expect(config?.first?["path"] as? String == "models[0].lr")
        #expect(config?.first?["archived"] as? Double == 0.0035 && config?.first?["current"] as? Double == 0.01)
        #expect((since["code"] as? [String: Any])?["changed"] as? [String] == ["Models/CoRNN", "Models/PackedGEMM"])
        #expect((since["toolchain"] as? [String: Any])?["current"] as? String == "swift-6.3 x86_64")
        #expect(since["scale"] == nil, "unchanged parts are left out")
    }

    @Test func nothingChangedIsSaidOnlyWhenTheArchiveDiffers() {
        let same = ArchiveDifference(archive: Self.manifest(), scale: "default", overrides: [], config: Self.archivedConfig,
                                     code: Self.manifest().code, toolchain: "swift-6.2 x86_64")
        #expect(ComparisonTable.text([comparison(same, verdict: .differs)])
            .contains("  since the archive (commit 3e1d3a9c12, archived 2026-11-22): same configuration, code, scale, toolchain and numerics\n"))
        #expect(!ComparisonTable.text([comparison(same, verdict: .agrees)]).contains("since the archive"))
    }

    @Test func numericsChangeIsShownOnlyWhenBothSidesRecordedIt() {
        let here = ["OpenBLAS 0.3.21 DYNAMIC_ARCH (Haswell kernels), 1 thread; recurrent Float32 GEMMs: packed AVX2/FMA kernel"]
        let there = ["OpenBLAS 0.3.21 DYNAMIC_ARCH (SkylakeX kernels), 1 thread; recurrent Float32 GEMMs: packed AVX2/FMA kernel"]
        var archive = Self.manifest()
        archive.numerics = here
        let moved = ArchiveDifference(archive: archive, scale: "default", overrides: [], config: Self.archivedConfig,
                                      code: archive.code, toolchain: "swift-6.2 x86_64", numerics: there)
        #expect(moved.numerics?.archived == here && moved.numerics?.current == there)
        #expect(moved.lines == ["numerics: \(here[0]) → \(there[0])"], "the only change that moves bits without moving a key")
        #expect(ArchiveDifference(archive: archive, scale: "default", overrides: [], config: Self.archivedConfig,
                                  code: archive.code, toolchain: "swift-6.2 x86_64", numerics: here).isEmpty)
        // Archives from before numerics were recorded, or an unknown current side, claim no change.
        #expect(ArchiveDifference(archive: Self.manifest(), scale: "default", overrides: [], config: Self.archivedConfig,
                                  code: archive.code, toolchain: "swift-6.2 x86_64", numerics: there).isEmpty)
        #expect(ArchiveDifference(archive: archive, scale: "default", overrides: [], config: Self.archivedConfig,
                                  code: archive.code, toolchain: "swift-6.2 x86_64").isEmpty)
    }

    @Test func longListsAreCut() {
        let archived = Dictionary(uniqueKeysWithValues: (0..<15).map { ("Models/File\($0)", "old") })
        let current = archived.mapValues { _ in "new" }
        let difference = ArchiveDifference(archive: Self.manifest(code: archived), scale: "smoke", overrides: [],
                                           config: Self.archivedConfig, code: current, toolchain: "swift-6.2 x86_64")
        #expect(difference.lines.first == "scale: default → smoke")
        #expect(difference.lines.last?.hasSuffix("… and 5 more") == true, "\(difference.lines)")
    }
}
