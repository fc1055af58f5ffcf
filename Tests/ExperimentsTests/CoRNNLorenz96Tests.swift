import Engine
import Experiments
import Foundation
import HDF5
import Plotting
import Randomness
import Testing

@Suite struct CoRNNLorenz96Tests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(CoRNNLorenz96.self, scale: scale)
        let jobs = try CoRNNLorenz96.jobs(config: config)
        #expect(jobs.count == config.forcings.count * config.models.count * config.seeds.count)
        #expect(Set(jobs.map(\.name)).count == jobs.count)
        #expect(config.forcings == [0.9, 8])
        #expect(config.models.map(\.model) == [.lstm, .coRNN])
        if scale == "paper" {
            // SM §A: N = 5, 2000 samples at Δt = 0.01, 128 trajectories per split, 25 steps ahead; Table 6 sizes.
            #expect(config.dimension == 5 && config.length == 2000 && config.sampleInterval == 0.01 && config.horizon == 25)
            #expect(config.trainTrajectories == 128 && config.validationTrajectories == 128 && config.testTrajectories == 128)
            #expect(config.hidden == ["lstm": 44, "coRNN": 64])
            #expect(jobs.allSatisfy { (CoRNNLorenz96.estimatedCPUSeconds($0.parameters) ?? 0) > 0 })
        }
    }

    @Test func invalidConfigIsRejected() throws {
        var config = try ExperimentHarness.config(CoRNNLorenz96.self, scale: "smoke")
        config.horizon = config.length
        #expect(throws: (any Error).self) { try config.validate() }
        config = try ExperimentHarness.config(CoRNNLorenz96.self, scale: "smoke")
        config.hidden["coRNN"] = nil
        #expect(throws: (any Error).self) { try config.validate() }
    }

    /// The data follow SM §A: initial states in the box around (F, …, F), targets are the inputs shifted
    /// by the horizon, and the same seed gives the same trajectories.
    @Test func dataAreShiftedTrajectoriesFromTheInitialBox() throws {
        let task = Lorenz96Prediction(dimension: 5, forcing: 8, length: 60, sampleInterval: 0.01, substeps: 1, horizon: 25,
                                      initialHalfWidth: 0.5)
        let paths = task.trajectories(3, generator: Generator(seed: 4))
        #expect(paths == task.trajectories(3, generator: Generator(seed: 4)))
        #expect(paths.allSatisfy { $0.count == 60 * 5 })
        #expect(paths.allSatisfy { path in path.prefix(5).allSatisfy { abs($0 - 8) <= 0.5 } })
        let batch = task.batch(paths, scale: 2)
        #expect(batch.inputs.count == 35 && batch.targets.count == 35 && batch.size == 3)
        // Target at step t is the input at step t + 25.
        #expect(batch.targets[0].storage == batch.inputs[25].storage)
        #expect(abs(Double(batch.inputs[3][1, 2]) - paths[1][3 * 5 + 2] / 2) < 1e-5)
    }

    /// With N = 5 the uniform state loses stability near F ≈ 0.894: F = 0.9 keeps oscillating, F = 0.8 settles.
    @Test func forcingPointNineIsALimitCycleNotAFixedPoint() {
        func range(_ f: Double) -> Double {
            Lorenz96Prediction(dimension: 5, forcing: f, length: 30, sampleInterval: 0.01, substeps: 1, horizon: 25,
                               initialHalfWidth: 0.5).longRunRange(settle: 1000, window: 100)
        }
        #expect(range(0.9) > 1e-3)
        #expect(range(0.8) < 1e-6)
    }

    @Test func smokeRunGivesScoresFiguresAndQuantities() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(CoRNNLorenz96.self, scale: "smoke")
        let (jobs, results) = try harness.run(CoRNNLorenz96.self, config: config)
        let steps = config.length - config.horizon
        for job in jobs {
            let root = try #require(results.result(named: job.name)).root()
            #expect(try root.stringAttribute("status") == "completed", "\(job.name)")
            let nrmse = try root.doubleAttribute("test_nrmse")
            #expect(nrmse.isFinite && nrmse > 0, "\(job.name)")
            #expect(try root.read("validation_nrmse", as: Double.self).values.count == config.epochs)
            #expect(try root.read("test_nrmse_per_trajectory", as: Double.self).values.count == config.testTrajectories)
            #expect(try root.read("example_prediction", as: Double.self).shape == [steps, config.dimension])
            #expect(try root.read("example_trajectory", as: Double.self).shape == [config.length, config.dimension])
        }
        let canvas = try harness.figures(CoRNNLorenz96.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["fig5", "table6"])
        // Truth and both models in every Fig. 5 panel; published markers in the Table 6 panels.
        #expect(canvas.figures[0].panels.allSatisfy { $0.series.count == 3 })
        #expect(canvas.figures[1].panels.prefix(2).allSatisfy { panel in panel.series.contains { $0.title == "published (Table 6)" } })
        #expect(canvas.tables.first?.rows.count == jobs.count)
        if let written = try harness.render(canvas) { #expect(written.count == 2) }

        let quantities = try CoRNNLorenz96.quantities(config: config, results: results)
        #expect(quantities.map(\.name).sorted() == [
            "F=0.9/coRNN/test-nrmse", "F=0.9/lstm/test-nrmse", "F=0.9/similar", "F=8/coRNN/test-nrmse", "F=8/lstm-better",
            "F=8/lstm/test-nrmse",
        ])
        #expect(quantities.first { $0.name == "F=8/coRNN/test-nrmse" }?.published == "cornn-iclr2021/table6.cornn.F8")
    }

    /// A run with no result is listed in the table and the notes instead of disappearing.
    @Test func missingRunsAreCountedInTheFigure() throws {
        let config = try ExperimentHarness.config(CoRNNLorenz96.self, scale: "smoke")
        let jobs = try CoRNNLorenz96.jobs(config: config)
        let results = ResultSet(jobs: jobs.map { JobResult(name: $0.name, file: nil, failure: "diverged for the test") })
        let canvas = FigureCanvas(directory: FileManager.default.temporaryDirectory, style: .init())
        try CoRNNLorenz96.figures(config: config, results: results, canvas: canvas)
        #expect(canvas.tables.first?.rows.count == jobs.count)
        #expect(canvas.notes.filter { $0.contains("runs diverged or have no result") }.count == jobs.count)
    }
}
