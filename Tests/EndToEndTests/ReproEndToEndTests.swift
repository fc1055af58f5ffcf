import Foundation
import HDF5
import Testing

/// The user's path through `repro`, with the real binary, real HDF5, real gnuplot and real worker
/// processes, on a throw-away copy of the project. These tests use the smoke scale.
@Suite(.enabled(if: ReproCLI.isAvailable, "build the repro binary first: swift build --product repro (make test does)"),
       .serialized)
struct ReproEndToEndTests {
    static let experiment = "cornn-oscillators"
    static let jobCount = 18

    @Test func runComputesOnceThenNothing() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        let first = try cli.run("run", Self.experiment, "--scale", "smoke")
        #expect(first.status == 0, "\(first.text)")
        #expect(first.computedJobs.count == Self.jobCount)
        #expect(cli.exists("figures/index.html"))
        for file in ["fig6.svg", "fig6.png", "fig6.gp", "index.html", "figure.json", "config.yaml"] {
            #expect(cli.exists("figures/\(Self.experiment)/\(file)"), "missing \(file)")
        }

        let second = try cli.run("run", Self.experiment, "--scale", "smoke")
        #expect(second.status == 0)
        #expect(second.startedJobs == 0, "\(second.output)")
        let status = try cli.status("--scale", "smoke", Self.experiment)
        #expect(status.first?["state"] as? String == "fresh")
    }

    @Test func editingOneValueRerunsOnlyTheAffectedJobsAndStatusSaysWhy() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        try cli.run("run", Self.experiment, "--scale", "smoke")
        let yaml = try cli.read("experiments/\(Self.experiment).yaml")
        let edited = yaml.replacingOccurrences(
            of: "sho:   {activation: identity, w: 0,  w_velocity: 0,    v: 0, b: 0,    gamma: 1, epsilon: 0}",
            with: "sho:   {activation: identity, w: 0,  w_velocity: 0,    v: 0, b: 0,    gamma: 2, epsilon: 0}")
        #expect(edited != yaml, "the test's edit no longer matches experiments/\(Self.experiment).yaml")
        try cli.write(edited, to: "experiments/\(Self.experiment).yaml")

        let text = try cli.run("status", "--scale", "smoke", Self.experiment).output
        #expect(text.contains("single=SHO,input=cosine: config: "), "\(text)")
        #expect(text.contains("1.0 → 2.0") || text.contains("1 → 2"), "\(text)")
        let stale = text.split(separator: "\n").filter { $0.contains("stale ") && $0.contains("single=") }
        #expect(stale.count == 2, "\(text)")

        let rerun = try cli.run("run", Self.experiment, "--scale", "smoke")
        #expect(rerun.computedJobs.count == 2, "\(rerun.output)")
    }

    @Test func stylingChangesRedrawWithoutComputing() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        try cli.run("run", Self.experiment, "--scale", "smoke")
        let before = try cli.read("figures/\(Self.experiment)/figure.json")
        let yaml = try cli.read("experiments/\(Self.experiment).yaml")
        let restyled = yaml.replacingOccurrences(of: "  width: 900", with: "  width: 1000")
        #expect(restyled != yaml)
        try cli.write(restyled, to: "experiments/\(Self.experiment).yaml")
        let status = try cli.status("--scale", "smoke", Self.experiment)
        #expect(status.first?["state"] as? String == "fresh")
        let rerun = try cli.run("run", Self.experiment, "--scale", "smoke")
        #expect(rerun.startedJobs == 0)
        let after = try cli.read("figures/\(Self.experiment)/figure.json")
        #expect(after != before)
        #expect(try cli.read("figures/\(Self.experiment)/fig6.gp").contains("1000"))
    }

    @Test func setOverridesRecomputeOnlyWhatTheyTouchAndSwitchingBackIsInstant() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        try cli.run("run", Self.experiment, "--scale", "smoke")
        let changed = try cli.run("run", Self.experiment, "--scale", "smoke", "--set", "oscillators.fdo.epsilon=0.5")
        #expect(changed.computedJobs.count == 2, "\(changed.output)")
        let back = try cli.run("run", Self.experiment, "--scale", "smoke")
        #expect(back.startedJobs == 0)
    }

    @Test func truncatedResultIsDetectedAndRecomputed() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        try cli.run("run", Self.experiment, "--scale", "smoke")
        let status = try cli.status("--scale", "smoke", Self.experiment)
        let jobs = try #require(status.first?["jobs"] as? [[String: Any]])
        let key = try #require(jobs.first?["key"] as? String)
        let result = cli.root.appendingPathComponent(".repro/store/objects/\(key.prefix(2))/\(key)/result.h5")
        let handle = try FileHandle(forWritingTo: result)
        try handle.truncate(atOffset: 64)
        try handle.close()
        let text = try cli.run("status", "--scale", "smoke", Self.experiment).output
        #expect(text.contains("corrupt"), "\(text)")
        let rerun = try cli.run("run", Self.experiment, "--scale", "smoke")
        #expect(rerun.computedJobs.count == 1, "\(rerun.output)")
    }

    @Test func killedRunLosesOnlyUnfinishedJobs() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        // Small steps make each job take a while, so the kill lands mid-run.
        let slow = ["--scale", "smoke", "--set", "dt=0.0002"]
        let started = try cli.start(["run", Self.experiment, "-j", "1"] + slow)
        let index = cli.root.appendingPathComponent(".repro/store/index/\(Self.experiment)")
        let deadline = Date().addingTimeInterval(120)
        var finishedBeforeKill = 0
        while Date() < deadline {
            finishedBeforeKill = (try? FileManager.default.contentsOfDirectory(atPath: index.path))?.count ?? 0
            if finishedBeforeKill >= 2 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(started.0.processIdentifier, SIGKILL)
        _ = ReproCLI.finish(started)
        #expect(finishedBeforeKill >= 2)
        let rerun = try cli.run(["run", Self.experiment] + slow)
        #expect(rerun.status == 0, "\(rerun.text)")
        // Finished jobs are never recomputed (the killed run's last worker may still finish its own job).
        #expect(rerun.computedJobs.count <= Self.jobCount - finishedBeforeKill, "\(rerun.output)")
        let status = try cli.status(slow + [Self.experiment])
        #expect(status.first?["state"] as? String == "fresh")
    }

    @Test func twoConcurrentRunsComputeEachJobOnce() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        let arguments = ["run", Self.experiment, "--scale", "smoke", "--set", "dt=0.001"]
        let a = try cli.start(arguments)
        let b = try cli.start(arguments)
        let first = ReproCLI.finish(a), second = ReproCLI.finish(b)
        #expect(first.status == 0, "\(first.text)")
        #expect(second.status == 0, "\(second.text)")
        let computed = first.computedJobs + second.computedJobs
        #expect(computed.count == Self.jobCount, "A:\n\(first.output)\nB:\n\(second.output)")
        #expect(Set(computed.map { $0.split(separator: " ")[1] }).count == Self.jobCount)
    }

    @Test func resultFilesCarryProvenance() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        try cli.run("run", Self.experiment, "--scale", "smoke")
        let data = cli.root.appendingPathComponent("figures/\(Self.experiment)/data")
        let files = try FileManager.default.contentsOfDirectory(atPath: data.path).filter { $0.hasSuffix(".h5") }
        #expect(files.count == Self.jobCount)
        let file = try HDF5File.open(data.appendingPathComponent(try #require(files.first)))
        for attribute in ["experiment", "job", "key", "key_parts", "parameters", "seed", "scale", "git_commit", "git_dirty",
                          "paperrepro_version", "toolchain", "host", "cpu", "numerics", "started", "finished"] {
            #expect(file.root.hasAttribute(attribute), "missing provenance attribute \(attribute)")
        }
        #expect(try file.root.doubleAttribute("wall_seconds") > 0)
        #expect(try file.root.doubleAttribute("cpu_seconds") >= 0)
        // Each worker runs OpenBLAS on one thread (threads would spin against the other jobs, and a
        // threaded GEMM's rounding depends on the core count).
        #expect(try file.root.stringAttribute("numerics").contains("kernels), 1 thread; "))
    }

    @Test func numericsRecordTheGEMMPathAndShowOnTheFigurePage() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        let run = try cli.run(["run", Self.experiment, "--scale", "smoke"], environment: ["REPRO_PACKED_GEMM": "0"])
        #expect(run.status == 0, "\(run.text)")
        let page = try cli.read("figures/\(Self.experiment)/index.html")
        #expect(page.contains("recurrent Float32 GEMMs: OpenBLAS (REPRO_PACKED_GEMM=0)"), "the switch reaches the workers and is recorded")
        #expect(page.contains("<dt>numerics</dt><dd>OpenBLAS "), "a numerics entry in the provenance list")
    }

    @Test func packedKernelSwitchReachesTheTrainingAndBothPathsAgreeClosely() throws {
        // The same coRNN smoke training with the packed GEMM kernel and with OpenBLAS (REPRO_PACKED_GEMM=0),
        // in two projects (the switch is not a key part, so one store would reuse the first result).
        func trainLoss(_ environment: [String: String]) throws -> (loss: [Double], numerics: String) {
            let cli = try ReproCLI()
            defer { cli.remove() }
            let run = try cli.run(["run", "cornn-fig1", "--scale", "smoke"], environment: environment)
            #expect(run.status == 0, "\(run.text)")
            let data = cli.root.appendingPathComponent("figures/cornn-fig1/data")
            let name = try #require(try FileManager.default.contentsOfDirectory(atPath: data.path).first { $0.hasPrefix("model=coRNN_") })
            let file = try HDF5File.open(data.appendingPathComponent(name))
            return (try file.root.read("train_loss", as: Double.self).values, try file.root.stringAttribute("numerics"))
        }
        let packed = try trainLoss([:]), blas = try trainLoss(["REPRO_PACKED_GEMM": "0"])
        #expect(blas.numerics.hasSuffix("recurrent Float32 GEMMs: OpenBLAS (REPRO_PACKED_GEMM=0)"))
        #expect(packed.loss.count == blas.loss.count && !packed.loss.isEmpty)
        for (a, b) in zip(packed.loss, blas.loss) { #expect(abs(a - b) <= 1e-5 * abs(b), "\(a) vs \(b)") }
        if packed.numerics.hasSuffix("packed AVX2/FMA kernel") {
            #expect(packed.loss != blas.loss, "the two GEMM paths round differently, so identical curves mean the switch did not reach the training")
        } else {
            #expect(packed.loss == blas.loss, "without AVX2/FMA both runs use OpenBLAS")
        }
    }

    @Test func badInputGetsClearErrors() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        let unknownKey = try cli.run("run", Self.experiment, "--scale", "smoke", "--set", "tend=3")
        #expect(unknownKey.status != 0)
        #expect(unknownKey.text.contains("experiments/\(Self.experiment).yaml"), "\(unknownKey.text)")
        #expect(unknownKey.text.contains("tend"))
        #expect(unknownKey.text.contains("t_end"))

        let wrongType = try cli.run("run", Self.experiment, "--scale", "smoke", "--set", "dt=fast")
        #expect(wrongType.status != 0)
        #expect(wrongType.text.contains("config.dt"), "\(wrongType.text)")

        let scale = try cli.run("status", "--scale", "huge")
        #expect(scale.status != 0)
        #expect(scale.text.contains("smoke, default, paper"), "\(scale.text)")

        let id = try cli.run("run", "no-such-figure")
        #expect(id.status != 0)
        #expect(id.text.contains(Self.experiment), "\(id.text)")
    }
}

/// Conditions around the run: a missing gnuplot, Ctrl-C, the whole notebook.
@Suite(.enabled(if: ReproCLI.isAvailable, "build the repro binary first: swift build --product repro (make test does)"),
       .serialized)
struct ReproEnvironmentTests {
    static let experiment = ReproEndToEndTests.experiment

    @Test func missingGnuplotIsAClearErrorAndResultsAreStillStored() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        let result = try cli.run(["run", Self.experiment, "--scale", "smoke"], environment: ["REPRO_GNUPLOT": "/nonexistent/gnuplot"])
        #expect(result.status != 0)
        #expect(result.text.contains("gnuplot not found: install gnuplot-nox"), "\(result.text)")
        #expect(cli.exists("figures/\(Self.experiment)/fig6.gp"))
        #expect(!cli.exists("figures/\(Self.experiment)/fig6.svg"))
        let status = try cli.status("--scale", "smoke", Self.experiment)
        #expect(status.first?["state"] as? String == "fresh")
        // With gnuplot back, only the figures are drawn.
        let again = try cli.run("run", Self.experiment, "--scale", "smoke")
        #expect(again.status == 0, "\(again.text)")
        #expect(again.startedJobs == 0)
        #expect(cli.exists("figures/\(Self.experiment)/fig6.svg"))
    }

    @Test func interruptStopsCleanlyAndKeepsFinishedJobs() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        let slow = ["--scale", "smoke", "--set", "dt=0.0002"]
        let started = try cli.start(["run", Self.experiment, "-j", "1"] + slow)
        let index = cli.root.appendingPathComponent(".repro/store/index/\(Self.experiment)")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, ((try? FileManager.default.contentsOfDirectory(atPath: index.path))?.count ?? 0) < 1 {
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(started.0.processIdentifier, SIGINT)
        let result = ReproCLI.finish(started)
        #expect(result.status == 130, "\(result.text)")
        #expect(result.output.contains("interrupted:"), "\(result.output)")
        let finished = (try? FileManager.default.contentsOfDirectory(atPath: index.path))?.count ?? 0
        #expect(finished >= 1 && finished < ReproEndToEndTests.jobCount)
        let status = try cli.status(slow + [Self.experiment])
        let jobs = status.first?["jobs"] as? [[String: Any]] ?? []
        #expect(jobs.filter { $0["state"] as? String == "fresh" }.count == finished)
        #expect(jobs.allSatisfy { $0["state"] as? String != "failed" })
    }

    @Test func oneBrokenExperimentDoesNotStopTheOthers() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        let broken = "rplrnn-state-space"
        let yaml = try cli.read("experiments/\(broken).yaml")
        try cli.write(yaml.replacingOccurrences(of: "config:\n", with: "config:\n  no_such_setting: 1\n"), to: "experiments/\(broken).yaml")
        let result = try cli.run("make", "--scale", "smoke")
        #expect(result.status != 0)
        #expect(result.output.contains("no_such_setting"), "\(result.output)")
        let status = try cli.status("--scale", "smoke")
        #expect(status.first { $0["id"] as? String == broken }?["state"] as? String == "failed")
        #expect(status.first { $0["id"] as? String == Self.experiment }?["state"] as? String == "fresh")
        let page = try cli.read("figures/\(broken)/index.html")
        #expect(page.contains("no_such_setting"))
        #expect(try cli.read("figures/index.html").contains("failed"))
    }

    @Test func makeBuildsTheWholeNotebookAndASecondMakeComputesNothing() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        let first = try cli.run("make", "--scale", "smoke")
        #expect(first.status == 0, "\(first.text)")
        let index = try cli.read("figures/index.html")
        // Nothing written into figures/ names the machine's folders: the notebook moves with the checkout.
        let enumerator = FileManager.default.enumerator(atPath: cli.root.appendingPathComponent("figures").path)
        while let name = enumerator?.nextObject() as? String {
            guard [".html", ".gp", ".json", ".yaml", ".dat", ".svg"].contains(where: name.hasSuffix) else { continue }
            let text = try cli.read("figures/\(name)")
            #expect(!text.contains(cli.root.path), "\(name) contains an absolute path")
        }
        let statuses = try cli.status("--scale", "smoke")
        for experiment in statuses {
            let id = try #require(experiment["id"] as? String)
            #expect(["fresh", "needs-data"].contains(experiment["state"] as? String ?? ""), "\(id)")
            #expect(index.contains("\(id)/index.html"), "index does not link \(id)")
            #expect(cli.exists("figures/\(id)/index.html"))
        }
        // HAR-2 needs 20 files: its card names two and a count, its page all of them.
        if statuses.contains(where: { $0["id"] as? String == "cornn-har" && $0["state"] as? String == "needs-data" }) {
            #expect(index.contains(" and 18 more files (all listed on the figure page)"), "\(index)")
            #expect(!index.contains("body_gyro_z_test.txt"))
            #expect(try cli.read("figures/cornn-har/index.html").contains("body_gyro_z_test.txt"))
        }
        let started = Date()
        let second = try cli.run("make", "--scale", "smoke")
        #expect(second.status == 0)
        #expect(second.startedJobs == 0, "\(second.output)")
        #expect(Date().timeIntervalSince(started) < 30)   // generous; typically about a second
    }
}

@Suite(.enabled(if: ReproCLI.isAvailable, "build the repro binary first: swift build --product repro (make test does)"))
struct SharedStoreTests {
    @Test func twoCheckoutsShareOneStore() throws {
        let first = try ReproCLI(), second = try ReproCLI()
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("shared-store-\(UUID().uuidString)")
        defer { first.remove(); second.remove(); try? FileManager.default.removeItem(at: store) }
        let experiment = ReproEndToEndTests.experiment
        let computed = try first.run(["run", experiment, "--scale", "smoke", "--store", store.path])
        #expect(computed.computedJobs.count == ReproEndToEndTests.jobCount, "\(computed.text)")
        let reused = try second.run(["run", experiment, "--scale", "smoke"], environment: ["REPRO_STORE": store.path])
        #expect(reused.status == 0)
        #expect(reused.startedJobs == 0, "\(reused.output)")
        #expect(second.exists("figures/\(experiment)/fig6.svg"))
    }
}
