import Configuration
import Engine
import Foundation
import HDF5
import Store
import Testing

@Suite struct CacheTests {
    @Test func statusBeforeAnyRunSaysNeverComputed() throws {
        let project = try ToyProject()
        let status = try project.planner.status(ids: ["toy"], scale: "default")[0]
        #expect(status.state == .stale)
        #expect(status.jobs.map(\.job) == ["amplitude=1.0", "amplitude=2.0"])
        #expect(status.jobs.allSatisfy { $0.reasons == ["missing: never computed"] })
    }

    @Test func computedJobsAreFreshAndCarryProvenance() throws {
        let project = try ToyProject()
        #expect(try project.computeAll() == [.computed, .computed])
        let status = try project.planner.status(ids: ["toy"], scale: "default")[0]
        #expect(status.state == .fresh)
        let job = status.jobs[0]
        let file = try HDF5File.open(project.planner.store.directory(for: job.key).appendingPathComponent("result.h5"))
        #expect(try file.root.stringAttribute("experiment") == "toy")
        #expect(try file.root.stringAttribute("key") == job.key)
        #expect(try file.root.stringAttribute("seed") == "7")
        #expect(try file.root.doubleAttribute("wall_seconds") >= 0)
        #expect(try file.root.stringAttribute("parameters").contains("\"amplitude\":1.0"))
        #expect(try file.root.read("y", as: Double.self).values.count == 50)
    }

    @Test func changingOneValueMakesOnlyAffectedJobsStaleAndSaysWhy() throws {
        let project = try ToyProject()
        _ = try project.computeAll()
        try project.writeYAML(ToyProject.defaultYAML.replacingOccurrences(of: "[1.0, 2.0]", with: "[1.0, 3.0]"))
        let status = try project.planner.status(ids: ["toy"], scale: "default")[0]
        #expect(status.jobs[0].state == .fresh)
        #expect(status.jobs[1].state == .stale)
        #expect(status.jobs[1].reasons == ["missing: never computed"])  // a new job name

        try project.writeYAML(ToyProject.defaultYAML.replacingOccurrences(of: "points: 50", with: "points: 60"))
        let changed = try project.planner.status(ids: ["toy"], scale: "default")[0]
        #expect(changed.jobs.allSatisfy { $0.state == .stale })
        #expect(changed.jobs[0].reasons == ["config: points 50 → 60"])
    }

    @Test func switchingBackIsInstant() throws {
        let project = try ToyProject()
        _ = try project.computeAll()
        _ = try project.computeAll(overrides: [("points", .int(60))])
        let back = try project.planner.status(ids: ["toy"], scale: "default")[0]
        #expect(back.state == .fresh)
    }

    @Test func codeChangesInvalidateAndCommentsDoNot() throws {
        let project = try ToyProject()
        _ = try project.computeAll()
        let sameCode = try ToyProject.planner(root: project.root, computeHash: "c1", figureHash: "f2")
        #expect(try sameCode.status(ids: ["toy"], scale: "default")[0].state == .fresh)
        let newCode = try ToyProject.planner(root: project.root, computeHash: "c2")
        let status = try newCode.status(ids: ["toy"], scale: "default")[0]
        #expect(status.jobs.allSatisfy { $0.reasons == ["code: ToyExperiment"] })
    }

    @Test func truncatedResultIsReportedCorruptAndRecomputed() throws {
        let project = try ToyProject()
        _ = try project.computeAll()
        let key = try project.planner.status(ids: ["toy"], scale: "default")[0].jobs[0].key
        let result = project.planner.store.directory(for: key).appendingPathComponent("result.h5")
        let handle = try FileHandle(forWritingTo: result)
        try handle.truncate(atOffset: 100)
        try handle.close()
        let status = try project.planner.status(ids: ["toy"], scale: "default")[0]
        #expect(status.jobs[0].state == .stale)
        #expect(status.jobs[0].reasons.first?.hasPrefix("corrupt:") == true)
        #expect(try project.computeAll() == [.computed])
        #expect(try project.planner.status(ids: ["toy"], scale: "default")[0].state == .fresh)
    }

    @Test func failuresAreRecordedAndShown() throws {
        let project = try ToyProject()
        #expect(try project.computeAll(overrides: [("fail_on", .double(2.0))]) == [.computed, .failed])
        let status = try project.planner.status(ids: ["toy"], scale: "default", overrides: [("fail_on", .double(2.0))])[0]
        #expect(status.state == .failed)
        #expect(status.jobs[1].reasons == ["error: amplitude 2.0 fails on purpose"])
    }

    @Test func badConfigsNameFileKeyAndAllowedValues() throws {
        let project = try ToyProject(yaml: ToyProject.defaultYAML.replacingOccurrences(of: "points: 50", with: "points: 1"))
        let status = try project.planner.status(ids: ["toy"], scale: "default")[0]
        let error = try #require(status.configError)
        #expect(error.contains("experiments/toy.yaml"))
        #expect(error.contains("config.points"))
        #expect(error.contains("points > 1"))

        let typo = try ToyProject(yaml: ToyProject.defaultYAML.replacingOccurrences(of: "points: 50", with: "pionts: 50"))
        let typoError = try #require(try typo.planner.status(ids: ["toy"], scale: "default")[0].configError)
        #expect(typoError.contains("pionts"))
        #expect(typoError.contains("points"))
    }

    @Test func unknownExperimentListsKnownOnes() throws {
        let project = try ToyProject()
        #expect(throws: EngineError.self) { try project.planner.status(ids: ["nope"], scale: "default") }
    }

    @Test func inputPathsMayNotLeaveTheProject() throws {
        let project = Project(root: URL(fileURLWithPath: "/tmp/p/main"))
        #expect(throws: EngineError.self) { try project.resolveInput("../../etc/passwd") }
        #expect(throws: EngineError.self) { try project.resolveInput("/etc/passwd") }
        #expect(try project.resolveInput("../shared/datasets/x.h5").path == "/tmp/p/shared/datasets/x.h5")
        #expect(try project.resolveInput("data/x.h5").path == "/tmp/p/main/data/x.h5")
    }
}

@Suite struct FigureStageTests {
    @Test func figuresAreDrawnOnceAndRedrawnOnlyWhenStylingChanges() throws {
        let project = try ToyProject()
        _ = try project.computeAll()
        let stage = FigureStage(planner: project.planner)
        let status = try project.planner.status(ids: ["toy"], scale: "default")[0]
        let first = try stage.render(status)
        #expect(first.images == ["waves"])
        #expect(first.files.contains("waves.gp"))
        #expect(first.files.contains("data/amplitude=1.0.h5"))
        let again = try stage.render(status)
        #expect(again.generated == first.generated)   // skipped: nothing changed

        try project.writeYAML(ToyProject.defaultYAML.replacingOccurrences(of: "width: 640", with: "width: 700"))
        let restyled = try project.planner.status(ids: ["toy"], scale: "default")[0]
        #expect(restyled.state == .fresh)             // styling never makes results stale
        let redrawn = try stage.render(restyled)
        #expect(redrawn.figureKey != first.figureKey)
    }

    @Test func failedJobsAppearInTheFigureRecord() throws {
        let project = try ToyProject()
        let overrides: [(path: String, value: ConfigValue)] = [("fail_on", .double(2.0))]
        _ = try project.computeAll(overrides: overrides)
        let status = try project.planner.status(ids: ["toy"], scale: "default", overrides: overrides)[0]
        let record = try FigureStage(planner: project.planner).render(status)
        #expect(record.jobs[1].state == "failed")
        #expect(record.notes.contains { $0.contains("fails on purpose") })
    }
}

@Suite struct InputDataTests {
    @Test func missingInputMeansNeedsDataAndChangedContentMeansStale() throws {
        let project = try ToyProject()
        let overrides: [(path: String, value: ConfigValue)] = [("input", .string("data/in.txt"))]
        let missing = try project.planner.status(ids: ["toy"], scale: "default", overrides: overrides)[0]
        #expect(missing.state == .needsData)
        #expect(missing.missingInputs.map(\.path) == ["data/in.txt"])

        try FileManager.default.createDirectory(at: project.root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try "first".write(to: project.root.appendingPathComponent("data/in.txt"), atomically: true, encoding: .utf8)
        #expect(try project.computeAll(overrides: overrides) == [.computed, .computed])
        #expect(try project.planner.status(ids: ["toy"], scale: "default", overrides: overrides)[0].state == .fresh)

        // Same size, new content: keys follow content, not modification times.
        try "other".write(to: project.root.appendingPathComponent("data/in.txt"), atomically: true, encoding: .utf8)
        let changed = try project.planner.status(ids: ["toy"], scale: "default", overrides: overrides)[0]
        #expect(changed.jobs.allSatisfy { $0.state == .stale && $0.reasons == ["input: in.txt"] })
    }
}

@Suite struct CostEstimateTests {
    /// An experiment's own estimate (not the protocol's default) reaches the status.
    @Test func statusAddsUpTheExperimentsEstimates() throws {
        let project = try ToyProject()
        let status = try project.planner.status(ids: ["toy"], scale: "default")[0]
        #expect(status.jobs.map(\.estimatedSeconds) == [50, 50])
        #expect(status.estimatedRemainingSeconds == 100)
        _ = try project.computeAll()
        #expect(try project.planner.status(ids: ["toy"], scale: "default")[0].estimatedRemainingSeconds == 0)
    }
}
