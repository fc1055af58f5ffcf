import Engine
import Experiments
import Foundation
import HDF5
import Testing

@Suite struct CoRNNOscillatorsTests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(CoRNNOscillators.self, scale: scale)
        #expect(config.tEnd == 10)
        #expect(config.oscillators.cfdo.w == -2 && config.oscillators.cfdo.wVelocity == 0.75)
        let jobs = try CoRNNOscillators.jobs(config: config)
        #expect(jobs.count == 2 * (6 + 3))
        #expect(Set(jobs.map(\.name)).count == jobs.count)
    }

    @Test func invalidConfigIsRejected() throws {
        var config = try ExperimentHarness.config(CoRNNOscillators.self, scale: "smoke")
        config.stepInput.times = [2.005, 6]
        #expect(throws: (any Error).self) { try config.validate() }
        config = try ExperimentHarness.config(CoRNNOscillators.self, scale: "smoke")
        config.networks.fc.w = [[1, 2, 3], [4, 5, 6]]
        #expect(throws: (any Error).self) { try config.validate() }
    }

    @Test func smokeRunHasThePaperPhysicsAndFigures() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(CoRNNOscillators.self, scale: "smoke")
        let (_, results) = try harness.run(CoRNNOscillators.self, config: config)

        func series(_ name: String) throws -> (t: [Double], y: NDArray<Double>, u: [Double], status: String) {
            let root = try #require(results.result(named: name)).root()
            return (try root.read("t", as: Double.self).values, try root.read("y", as: Double.self),
                    try root.read("u", as: Double.self).values, try root.stringAttribute("status"))
        }
        // SHO: y'' = −y from y = 0, y' = 0.5 is 0.5 sin t, whatever the input.
        let sho = try series("single=SHO,input=cosine")
        #expect(sho.t.count == 1001 && sho.t.last == 10)
        for i in stride(from: 0, to: sho.t.count, by: 100) {
            #expect(abs(sho.y.values[i] - 0.5 * sin(sho.t[i])) < 1e-6)
        }
        #expect(abs(sho.u[0] - 1) < 1e-15 && abs(sho.u[100] - cos(4)) < 1e-12)
        // Step input levels are stored as configured.
        let step = try series("single=FHO,input=step")
        #expect(step.u[199] == 0 && step.u[201] == 1 && step.u.last == 0.5)
        // Damping (FDO) shrinks the SHO-like oscillation of FHO.
        let fho = try series("single=FHO,input=cosine"), fdo = try series("single=FDO,input=cosine")
        let late = 800..<1001
        #expect(late.map { abs(fdo.y.values[$0]) }.max()! < 0.7 * late.map { abs(fho.y.values[$0]) }.max()!)
        // tanh keeps coRNN bounded; nothing diverges with the default parameters.
        for name in results.jobs.map(\.name) { #expect(try series(name).status == "ok", "\(name)") }
        // ORD: neuron 1 only feeds neuron 2, so y1 equals the uncoupled neuron exactly; FC changes it.
        let uc = try series("network=UC,input=cosine"), ord = try series("network=ORD,input=cosine")
        let fc = try series("network=FC,input=cosine")
        #expect(uc.y.shape == [1001, 2])
        let column = { (a: NDArray<Double>, j: Int) in stride(from: j, to: a.values.count, by: 2).map { a.values[$0] } }
        #expect(column(uc.y, 0) == column(ord.y, 0))
        #expect(column(uc.y, 1) != column(ord.y, 1))
        #expect(column(uc.y, 0) != column(fc.y, 0))
        // UC neurons are copies of the single coRNN neuron.
        let single = try series("single=coRNN,input=cosine")
        #expect(column(uc.y, 0) == single.y.values)

        let canvas = try harness.figures(CoRNNOscillators.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["fig6", "two-neurons-step"])
        let fig6 = canvas.figures[0]
        #expect(fig6.panels.count == 6)
        #expect(fig6.panels[1].series.compactMap(\.title) == ["SHO", "FHO", "FDO", "CFDO", "DUFF", "coRNN"])
        #expect(fig6.panels[4].series.compactMap(\.title) == ["UC", "ORD", "FC"])
        #expect(canvas.notes.isEmpty)
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }
    }

    @Test func computeIsDeterministic() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(CoRNNOscillators.self, scale: "smoke")
        let job = try #require(try CoRNNOscillators.jobs(config: config).first { $0.name == "network=FC,input=step" })
        let a = try HDF5File.open(harness.compute(CoRNNOscillators.self, job: job, index: 0))
        let b = try HDF5File.open(harness.compute(CoRNNOscillators.self, job: job, index: 1))
        #expect(try a.root.read("y", as: Double.self) == b.root.read("y", as: Double.self))
    }

    @Test func blowUpIsRecordedNotHidden() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        var config = try ExperimentHarness.config(CoRNNOscillators.self, scale: "smoke")
        config.oscillators.duff.v = 2  // with the CFDO input weight the Duffing variant explodes near t = 6
        let job = try #require(try CoRNNOscillators.jobs(config: config).first { $0.name == "single=DUFF,input=step" })
        let url = try harness.compute(CoRNNOscillators.self, job: job, index: 0)
        let root = try HDF5File.open(url).root
        #expect(try root.stringAttribute("status") == "diverged")
        #expect(try root.read("t", as: Double.self).values.count < 1001)
        let results = ResultSet(jobs: [JobResult(name: job.name, file: try HDF5File.open(url), failure: nil)])
        let canvas = try harness.figures(CoRNNOscillators.self, config: config, results: results)
        #expect(canvas.notes.contains { $0.contains("DUFF") && $0.contains("blew up") })
    }
}
