import Engine
@testable import Experiments
import Foundation
import HDF5
import Testing

@Suite struct ChaosTauSweepTests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(ChaosTauSweep.self, scale: scale)
        let jobs = try ChaosTauSweep.jobs(config: config)
        let perCell = config.taus.count + (config.clippedBaseline ? 1 : 0)
        #expect(jobs.count == config.datasets.count * config.models.count * perCell * config.seeds)
        #expect(Set(jobs.map(\.name)).count == jobs.count)
        // The baseline job is the only one with clipping, and it has no forcing.
        let baseline = jobs.filter { $0.parameters.tau == nil }
        #expect(baseline.allSatisfy { $0.parameters.clipNorm == config.clipNorm })
        #expect(jobs.filter { $0.parameters.tau != nil }.allSatisfy { $0.parameters.clipNorm == nil })
        #expect(ChaosTauSweep.inputs(config: config).count == config.datasets.count)
    }

    @Test func smokeRunStoresGenerationAndMetricsAndDrawsFigures() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(ChaosTauSweep.self, scale: "smoke")
        let input = ExperimentHarness.projectRoot.appendingPathComponent(ChaosTauSweep.dataPath("lorenz63"))
        guard FileManager.default.fileExists(atPath: input.path) else { return }  // needs data: nothing to run
        let (jobs, results) = try harness.run(ChaosTauSweep.self, config: config)
        for job in jobs {
            let root = try results.result(named: job.name)!.root()
            let generated = try root.read("generated", as: Double.self)
            #expect(generated.shape == [config.generatedSteps, 3])
            #expect(try root.read("loss", as: Double.self).values.count == config.epochs)
            #expect(try root.doubleAttribute("dh").isFinite)
            #expect(root.contains("parameters"))
        }
        // Same seed ⇒ the same stored generation (bit-identical rerun of one job).
        let again = try HDF5File.open(harness.compute(ChaosTauSweep.self, job: jobs[0], index: 99)).root
        #expect(try again.read("generated", as: Double.self).values == results.result(named: jobs[0].name)!.root().read("generated", as: Double.self).values)
        let canvas = try harness.figures(ChaosTauSweep.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["fig1a", "fig2"])
        #expect(canvas.figures[1].panels.count == 2)  // smallest τ and largest τ (τ = 50 is also nearest τ_pred)
        let quantities = try ChaosTauSweep.quantities(config: config, results: results)
        #expect(quantities.contains { $0.name == "data=lorenz63,model=plrnn/u-shape" })
        if let written = try harness.render(canvas) { #expect(written.count == 2) }
    }
}
