import Comparison
import Configuration
import Engine
import Foundation
import Testing

/// Archive folders round-trip; the comparator turns quantities and references into verdict rows.
struct ArchiveAndComparatorTests {
    static let quantities: [Quantity] = [
        .scalar("drift", 0.25, meaning: "z1(T) − z1(T/10)", absolute: 1e-9),
        .curve("z1(t)", x: [0, 1, 2], y: [0, 0.5, 0.75], meaning: "z1 time course"),
        .claim("solves", "solves the task", holds: true, published: "toy-paper/claim", paperScales: ["default", "paper"]),
        Quantity(name: "accuracy", meaning: "test accuracy", unit: "%", value: .scalar(97.0),
                 uncertainty: Uncertainty(sd: 0.5, n: 5), rule: .standardErrors(k: 2), published: "toy-paper/accuracy",
                 paperScales: ["default"]),
    ]

    func manifest(scale: String = "default") -> ArchiveManifest {
        ArchiveManifest(experiment: "toy", scale: scale, overrides: [], archived: "2026-01-01T00:00:00Z", gitCommit: "abc",
                        gitDirty: false, paperreproVersion: "0.1.0", toolchain: "swift", jobs: [ArchivedJob(name: "a", key: "k")],
                        code: ["Experiments/Toy": "h"], config: ["lr": 0.001], measurements: Self.quantities.map(\.name), replaces: nil)
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("comparison-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func archiveRoundTripsQuantitiesAndReplacesAtomically() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = ArchiveFolder(root: root)
        try folder.write(ArchivedRun(manifest: manifest(), measurements: Self.quantities))
        let read = try #require(try folder.read("toy"))
        #expect(read.measurements == Self.quantities)
        #expect(read.manifest == manifest())
        let text = try String(contentsOf: root.appendingPathComponent("toy/manifest.yaml"), encoding: .utf8)
        #expect(text.contains("git_commit: abc"))

        var changed = Self.quantities
        changed[0].value = .scalar(0.5)
        var second = manifest()
        second.replaces = ReplacedArchive(archived: "2026-01-01T00:00:00Z", gitCommit: "abc", scale: "default",
                                          changed: Archiver.changedQuantities(new: changed, old: Self.quantities))
        try folder.write(ArchivedRun(manifest: second, measurements: changed))
        let replaced = try #require(try folder.read("toy"))
        #expect(replaced.manifest.replaces?.changed.count == 1)
        #expect(replaced.manifest.replaces?.changed.first?.hasPrefix("drift") == true)
        // No staging or old folders are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["toy"])
        #expect(try folder.read("absent") == nil)
    }

    @Test func comparingWithTheArchive() {
        let archived = ArchivedRun(manifest: manifest(), measurements: Self.quantities)
        let reference = ReferenceRun(archived: archived, location: "paper-results/archive/toy")
        let same = Comparator.rows(experiment: "toy", scale: "default", ours: Self.quantities, problem: nil,
                                   against: reference, label: "archive", missingReference: "none")
        #expect(same.count == 4)
        #expect(same.allSatisfy { $0.verdict == .agrees }, "\(same.map(\.detail))")

        var ours = Self.quantities
        ours[0].value = .scalar(0.3)
        let changed = Comparator.rows(experiment: "toy", scale: "default", ours: ours, problem: nil,
                                      against: reference, label: "archive", missingReference: "none")
        #expect(changed[0].verdict == .differs)
        #expect(changed[0].ours == "0.3" && changed[0].reference == "0.25")

        let otherScale = Comparator.rows(experiment: "toy", scale: "smoke", ours: Self.quantities, problem: nil,
                                         against: reference, label: "archive", missingReference: "none")
        #expect(otherScale.allSatisfy { $0.verdict == .notComparable && $0.detail.contains("scale default") })

        let notComputed = Comparator.rows(experiment: "toy", scale: "default", ours: nil, problem: "2 jobs not computed",
                                          against: reference, label: "archive", missingReference: "none")
        #expect(notComputed.allSatisfy { $0.verdict == .notComparable && $0.detail == "2 jobs not computed" })

        let noArchive = Comparator.rows(experiment: "toy", scale: "default", ours: Self.quantities, problem: nil,
                                        against: nil, label: "archive", missingReference: "no archived run")
        #expect(noArchive.map(\.verdict) == [.notComparable])
    }

    @Test func comparingWithThePaper() {
        let published = PublishedResults(papers: ["toy-paper": PublishedPaper(paper: "Toy 2026", transcribedFrom: "test", values: [
            PublishedValue(id: "claim", source: "Fig. 1", meaning: "claim", origin: "claim", claim: "it solves the task"),
            PublishedValue(id: "accuracy", source: "Table 1, row ours, column acc", meaning: "accuracy", origin: "paper",
                           value: 98.0, unit: "%", sd: 0.3, n: 10),
        ])])
        let rows = Comparator.paperRows(experiment: "toy", scale: "default", ours: Self.quantities, problem: nil,
                                        published: published, mapped: [])
        #expect(rows.count == 2)
        #expect(rows[0].verdict == .agrees)
        // |97 − 98| = 1 > 2·√(0.5²/5 + 0.3²/10) ≈ 0.49.
        #expect(rows[1].verdict == .differs)
        #expect(rows[1].source.contains("Table 1, row ours"))
        // A published value is held only against runs at the scales the quantity lists.
        let smoke = Comparator.paperRows(experiment: "toy", scale: "smoke", ours: Self.quantities, problem: nil,
                                         published: published, mapped: [])
        #expect(smoke[1].verdict == .notComparable)
    }

    @Test func tableAndJSONShowTheNumbers() throws {
        var ours = Self.quantities
        ours[0].value = .scalar(0.3)
        let reference = ReferenceRun(archived: ArchivedRun(manifest: manifest(), measurements: Self.quantities), location: "x")
        let comparison = ExperimentComparison(experiment: "toy", scale: "default", rows: Comparator.rows(
            experiment: "toy", scale: "default", ours: ours, problem: nil, against: reference, label: "archive", missingReference: ""))
        let text = ComparisonTable.text([comparison])
        #expect(text.contains("toy [default] — archive: differs (1 differs, "), "the header tallies mixed verdicts")
        #expect(text.contains("drift") && text.contains("0.3") && text.contains("0.25") && text.contains("✗ differs"))
        let json = try JSONSerialization.jsonObject(with: Data(try ComparisonTable.json([comparison]).utf8)) as? [[String: Any]]
        #expect(json?.first?["verdict"] as? String == "differs")
        #expect(OverlayFigure.figure(for: comparison)?.panels.count == 2)   // one curve panel, one scalar panel
    }
}
