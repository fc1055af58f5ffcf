import Engine
import Experiments
import Foundation
import HDF5
import Testing

@Suite struct CoRNNAddingTests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(CoRNNAdding.self, scale: scale)
        let jobs = try CoRNNAdding.jobs(config: config)
        #expect(jobs.count == config.lengths.count * config.models.count * config.seeds.count)
        #expect(Set(jobs.map(\.name)).count == jobs.count)
        #expect(config.models.map(\.model) == [.coRNN, .tanhRNN, .expRNN, .fastRNN, .antisymmetricRNN])
        if scale == "paper" {
            #expect(config.lengths == [500, 2000, 5000] && config.hidden == 128 && config.steps == 50_000 && config.batch == 50)
            // Table 8's T = 5000 values at every T.
            for length in [500, 5000] {
                let s = try #require(jobs.first { $0.name == "model=coRNN,T=\(length),seed=1" }).parameters.settings
                #expect(s.dt == 0.016 && s.gamma == 94.5 && s.epsilon == 9.5 && s.lr == 0.02)
            }
            // The paper scale is large: status must be able to show it.
            let seconds = jobs.compactMap { CoRNNAdding.estimatedCPUSeconds($0.parameters) }.reduce(0, +)
            #expect(seconds > 100 * 3600)
        }
    }

    @Test func coRNNSettingsCanDependOnTheLength() throws {
        var config = try ExperimentHarness.config(CoRNNAdding.self, scale: "paper")
        config.cornnByLength = [.init(maxLength: 1000, lr: 0.02, dt: 0.06, gamma: 66, epsilon: 15)]
        let jobs = try CoRNNAdding.jobs(config: config)
        let short = try #require(jobs.first { $0.name == "model=coRNN,T=500,seed=1" }).parameters.settings
        let long = try #require(jobs.first { $0.name == "model=coRNN,T=2000,seed=1" }).parameters.settings
        #expect(short.dt == 0.06 && short.gamma == 66 && short.epsilon == 15)
        #expect(long.dt == 0.016 && long.gamma == 94.5)
        // Baselines never take coRNN's values.
        #expect(try #require(jobs.first { $0.name == "model=tanhRNN,T=500,seed=1" }).parameters.settings.dt == nil)
    }

    @Test func invalidConfigIsRejected() throws {
        var config = try ExperimentHarness.config(CoRNNAdding.self, scale: "smoke")
        config.steps = config.evalEvery + 1
        #expect(throws: (any Error).self) { try config.validate() }
        config = try ExperimentHarness.config(CoRNNAdding.self, scale: "smoke")
        config.models[0].dt = nil
        #expect(throws: (any Error).self) { try config.validate() }
    }

    @Test func clippingIsOptionalPerModelAndValidated() throws {
        // The default scale clips every model (single-step Float32 explosions stall Adam); the paper scale
        // keeps the reference code's unclipped training.
        let defaults = try ExperimentHarness.config(CoRNNAdding.self, scale: "default")
        #expect(defaults.models.allSatisfy { $0.clipping == .norm(maximum: 1) })
        let paper = try ExperimentHarness.config(CoRNNAdding.self, scale: "paper")
        #expect(paper.models.allSatisfy { $0.clip == nil && $0.clipping == .none })
        var config = try ExperimentHarness.config(CoRNNAdding.self, scale: "smoke")
        config.models[0].clip = 0
        let error = #expect(throws: (any Error).self) { try config.validate() }
        #expect("\(String(describing: error))".contains("models[0].clip"))
    }

    @Test func clippingReachesTheTraining() throws {
        // A tiny clipping norm must change the trained curve; without it reaching the trainer both runs agree.
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        var config = try ExperimentHarness.config(CoRNNAdding.self, scale: "smoke")
        config.models = [config.models[0]]
        let free = try harness.run(CoRNNAdding.self, config: config).1
        config.models[0].clip = 1e-6
        let harness2 = try ExperimentHarness()
        defer { harness2.remove() }
        let clipped = try harness2.run(CoRNNAdding.self, config: config).1
        let name = "model=\(config.models[0].model.rawValue),T=\(config.lengths[0]),seed=\(config.seeds[0])"
        let a = try #require(free.result(named: name)).root().read("train_loss", as: Double.self).values
        let b = try #require(clipped.result(named: name)).root().read("train_loss", as: Double.self).values
        #expect(a.count == b.count && a != b)
    }

    @Test func smokeRunGivesFiniteCurvesAndTheFigures() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(CoRNNAdding.self, scale: "smoke")
        let (jobs, results) = try harness.run(CoRNNAdding.self, config: config)
        let intervals = config.steps / config.evalEvery
        for job in jobs {
            let root = try #require(results.result(named: job.name)).root()
            let loss = try root.read("test_loss", as: Double.self).values
            #expect(loss.count == intervals, "\(job.name)")
            let finite = loss.allSatisfy { $0.isFinite }
            #expect(finite, "\(job.name)")
            let status = try root.stringAttribute("status")
            #expect(status == "completed")
            let steps = try root.read("steps", as: Double.self).values
            #expect(steps.last == Double(config.steps))
        }
        // coRNN runs carry assumption (8) along training; the quantities are positive and finite.
        let cornn = try #require(results.result(named: "model=coRNN,T=50,seed=1")).root()
        let qy = try cornn.read("assumption8_y", as: Double.self).values
        let qz = try cornn.read("assumption8_z", as: Double.self).values
        #expect(qy.count == intervals && qz.count == intervals)
        #expect(qy.allSatisfy { $0 > 0 && $0.isFinite } && qz.allSatisfy { $0 > 0 && $0.isFinite })
        #expect(abs(try cornn.doubleAttribute("eta") - Double(0.016).squareRoot()) < 1e-12)
        #expect(!(try #require(results.result(named: "model=tanhRNN,T=50,seed=1")).root().contains("assumption8_y")))

        let canvas = try harness.figures(CoRNNAdding.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["fig1", "fig3-adding"])
        let fig1 = canvas.figures[0]
        #expect(fig1.panels.map(\.title) == ["T = 50"])
        #expect(fig1.panels[0].series.compactMap(\.title) == ["coRNN", "tanh RNN", "expRNN", "FastRNN", "anti.sym. RNN"])
        #expect(fig1.panels[0].referenceLines.map(\.value) == [1.0 / 6.0])
        let fig3 = canvas.figures[1]
        #expect(fig3.panels[0].series.compactMap(\.title) == ["Δt(1+‖W‖∞)/(1+Δt)", "Δt‖𝒲‖∞/(1+Δt)"])
        #expect(fig3.panels[0].referenceLines.map(\.value) == [Double(0.016).squareRoot()])
        #expect(canvas.tables.first?.rows.count == jobs.count)
        #expect(canvas.notes.isEmpty)
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }
    }

    /// The Fig. 1 text read as claims on synthetic curves: what the paper says holds, and each claim
    /// fails when its model does the opposite.
    @Test func publishedFig1ClaimsFollowTheCurves() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        var config = try ExperimentHarness.config(CoRNNAdding.self, scale: "paper")
        config.seeds = [1, 2]
        let learned = [0.17, 0.1, 0.03, 0.004], almost = [0.17, 0.12, 0.05, 0.03], stuck = [0.17, 0.17, 0.168, 0.175]
        let flickering = [0.17, 0.12, 0.15, 0.18]
        func claims(_ curves: [Int: [CoRNNBenchmarkModel: [Double]]]) throws -> [String: Bool] {
            var jobs: [JobResult] = []
            for (length, byModel) in curves {
                for (model, loss) in byModel {
                    for seed in config.seeds {
                        let url = harness.directory.appendingPathComponent("\(UUID().uuidString).h5")
                        let file = try HDF5File.create(url)
                        try file.root.write([100.0, 200, 300, 400], to: "steps")
                        try file.root.write(loss, to: "test_loss")
                        try file.root.setAttribute("status", "completed")
                        try file.close()
                        jobs.append(JobResult(name: CoRNNAdding.jobName(model: model, length: length, seed: seed),
                                              file: try HDF5File.open(url), failure: nil))
                    }
                }
            }
            let quantities = try CoRNNAdding.quantities(config: config, results: ResultSet(jobs: jobs))
            try QuantityCheck.expectPublishedIdsExist(quantities)
            var held: [String: Bool] = [:]
            for q in quantities {
                if let id = q.published, case .claim(let holds) = q.value { held[id.replacingOccurrences(of: "cornn-iclr2021/fig1.", with: "")] = holds }
            }
            return held
        }
        let asPublished: [Int: [CoRNNBenchmarkModel: [Double]]] = [
            500: [.coRNN: learned, .expRNN: almost, .fastRNN: almost, .antisymmetricRNN: almost, .tanhRNN: stuck],
            2000: [.coRNN: learned, .expRNN: almost, .fastRNN: stuck, .antisymmetricRNN: stuck, .tanhRNN: stuck],
            5000: [.coRNN: learned, .expRNN: flickering, .fastRNN: stuck, .antisymmetricRNN: stuck, .tanhRNN: stuck],
        ]
        let published = try claims(asPublished)
        #expect(published == ["tanh-never-beats-baseline": true, "T500.all-but-tanh-beat-baseline": true,
                              "T500.cornn-fastest-lowest": true, "T2000.only-cornn-exprnn-beat-baseline": true,
                              "T2000.exprnn-above-0.01": true, "T5000.cornn-beats-exprnn-not-consistently": true])
        var opposite = asPublished
        opposite[500]![.tanhRNN] = learned           // tanh learns, and as fast as coRNN
        opposite[2000]![.fastRNN] = almost           // a third model beats the baseline at T = 2000
        opposite[2000]![.expRNN] = learned           // … and expRNN reaches 0.004
        opposite[5000]![.expRNN] = almost            // expRNN stays below the baseline at T = 5000
        #expect(try claims(opposite) == ["tanh-never-beats-baseline": false, "T500.all-but-tanh-beat-baseline": true,
                                         "T500.cornn-fastest-lowest": false, "T2000.only-cornn-exprnn-beat-baseline": false,
                                         "T2000.exprnn-above-0.01": false, "T5000.cornn-beats-exprnn-not-consistently": false])
    }

    @Test func divergedRunIsRecordedAndReported() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        var config = try ExperimentHarness.config(CoRNNAdding.self, scale: "smoke")
        // Explicit Euler on y'' = −γy with Δt²γ ≫ 4 grows without bound: the loss becomes ∞/NaN.
        config.models = [config.models[0]]
        config.cornnByLength = []
        config.models[0].dt = 0.9
        config.models[0].gamma = 100
        let job = try #require(try CoRNNAdding.jobs(config: config).first)
        let url = try harness.compute(CoRNNAdding.self, job: job, index: 0)
        let root = try HDF5File.open(url).root
        #expect(try root.stringAttribute("status") == "diverged")
        #expect(try root.read("test_loss", as: Double.self).values.last?.isNaN == true)
        let results = ResultSet(jobs: [JobResult(name: job.name, file: try HDF5File.open(url), failure: nil)])
        let canvas = try harness.figures(CoRNNAdding.self, config: config, results: results)
        #expect(canvas.notes.contains { $0.contains("coRNN") && $0.contains("diverged") })
        #expect(canvas.tables[0].rows[0].last?.hasPrefix("diverged") == true)
    }

    @Test func resumingFromAMidRunCheckpointEqualsAnUninterruptedRun() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        var config = try ExperimentHarness.config(CoRNNAdding.self, scale: "smoke")
        config.steps = 60
        let job = try #require(try CoRNNAdding.jobs(config: config).first { $0.name.hasPrefix("model=coRNN") })

        func compute(_ parameters: CoRNNAdding.JobParameters, checkpoints: URL, name: String) throws -> HDF5Group {
            let file = try HDF5File.create(harness.directory.appendingPathComponent("\(name).h5"))
            let context = JobContext(results: file.root, seed: job.seed, projectRoot: ExperimentHarness.projectRoot,
                                     checkpointDirectory: checkpoints, reporter: { _, _ in })
            try CoRNNAdding.compute(parameters, context: context)
            return file.root
        }
        let whole = try compute(job.parameters, checkpoints: harness.directory.appendingPathComponent("a"), name: "whole")
        // "Interrupted" after 40 of 60 steps: the checkpoint folder then holds the state at step 40.
        let shared = harness.directory.appendingPathComponent("b")
        var first = job.parameters
        first.steps = 40
        _ = try compute(first, checkpoints: shared, name: "first")
        #expect(FileManager.default.fileExists(atPath: shared.appendingPathComponent("checkpoint.h5").path))
        let resumed = try compute(job.parameters, checkpoints: shared, name: "resumed")
        for name in ["test_loss", "train_loss", "assumption8_y", "assumption8_z", "gradient_norm"] {
            #expect(try resumed.read(name, as: Double.self) == whole.read(name, as: Double.self), "\(name)")
        }
    }
}
