import Dynamics
import Engine
@testable import Experiments
import Foundation
import HDF5
import Randomness
import Testing

@Suite struct PLRNNStateSpaceTests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(PLRNNStateSpace.self, scale: scale)
        #expect(config.insetSteps == (scale == "smoke" ? 3_000 : 30_000))
        #expect(config.addition.cMatrix == .working)
        let jobs = try PLRNNStateSpace.jobs(config: config)
        #expect(jobs.map(\.name) == ["panel=A", "panel=B", "panel=C"])
        #expect(jobs[2].parameters.map.c == [[0, 0], [1, 1]])
    }

    @Test func lineAttractorHoldsZ1ToMachinePrecisionOver30000Steps() throws {
        let config = try ExperimentHarness.config(PLRNNStateSpace.self, scale: "paper")
        let p = config.lineAttractor
        let map = PLRNNMap(a: p.a, w: p.w, h: p.h)
        // Exactly on the line, with a value whose products are exact: no change at all.
        #expect(map.iterate(from: [1.75, 1.75], steps: 30_000).component(0).allSatisfy { $0 == 1.75 })
        // From a generic point off the line: converges to the line, then stays to rounding level.
        var generator = Generator(seed: 7)
        for _ in 0..<5 {
            let start = [generator.uniform(0.1, 4.5), generator.uniform(0.1, 4.5)]
            let z1 = map.iterate(from: start, steps: 30_000).component(0)
            let settled = z1[200]
            #expect(abs(settled - (start[0] + start[1]) / 2) < 1e-12)
            #expect(z1[200...].allSatisfy { abs($0 - settled) < 1e-12 })
        }
    }

    @Test func detunedLineAttractorDriftsSlowlyToItsFixedPoint() throws {
        let config = try ExperimentHarness.config(PLRNNStateSpace.self, scale: "paper")
        let p = config.detuned
        let z1 = PLRNNMap(a: p.a, w: p.w, h: p.h).iterate(from: p.insetStart, steps: 30_000).component(0)
        // Fast approach to the ghost, then a slow crawl that is still under way after 30 000 steps.
        #expect(abs(z1[100] - 1.75) < 0.05)
        #expect(z1[30_000] - z1[3_000] > 1)
        #expect(z1[30_000] < 4 && z1[30_000] > 3.5)
        #expect(zip(z1[100...], z1[101...]).allSatisfy { $1 >= $0 })
    }

    @Test(arguments: [PLRNNStateSpace.CMatrix.working, .literal])
    func additionSolution(cMatrix: PLRNNStateSpace.CMatrix) throws {
        let config = try ExperimentHarness.config(PLRNNStateSpace.self, scale: "paper")
        let c = config.addition
        let map = PLRNNMap(a: c.a, w: c.w, c: cMatrix.matrix, h: c.h)
        var generator = Generator(seed: 11)
        var worst = 0.0
        for _ in 0..<200 {
            let trial = PLRNNStateSpace.additionTrial(length: 100, generator: &generator)
            let output = map.iterate(from: [0, 0], steps: 100, inputs: trial.inputs).last![0]
            worst = max(worst, abs(output - trial.target))
        }
        if cMatrix == .working {
            #expect(worst < 1e-12)  // s1(t1) + s1(t2), up to rounding of one addition
        } else {
            #expect(worst > 1)  // C = I sums every s1 instead
        }
    }

    @Test func smokeRunStoresEverythingAndDrawsFigure() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(PLRNNStateSpace.self, scale: "smoke")
        let (jobs, results) = try harness.run(PLRNNStateSpace.self, config: config)
        #expect(jobs.count == 3)
        for name in ["panel=A", "panel=B", "panel=C"] {
            let root = try #require(results.result(named: name)).root()
            #expect(try root.read("inset_z1", as: Double.self).values.count == config.insetSteps + 1)
            #expect(try root.group("flow").read("dz1", as: Double.self).values.count == config.gridPoints * config.gridPoints)
            #expect(try root.group("nullclines").read("segments", as: Double.self).shape[1] == 5)
        }
        // A: z1 ends where it settled; C: z1 holds the two marked inputs' sum between and after markers.
        let a = try results.result(named: "panel=A")!.root().read("inset_z1", as: Double.self).values
        #expect(abs(a.last! - 1.75) < 1e-12)
        let c = try results.result(named: "panel=C")!.root()
        let s1 = try c.read("inset_s1", as: Double.self).values
        let z1 = try c.read("inset_z1", as: Double.self).values
        let markers = config.addition.insetMarkers
        #expect(z1[markers[0]] == 0 && abs(z1[markers[0] + 1] - s1[markers[0] - 1]) < 1e-15)
        #expect(abs(z1.last! - (s1[markers[0] - 1] + s1[markers[1] - 1])) < 1e-12)
        let errors = try c.group("addition_check").read("error", as: Double.self).values
        #expect(errors.count == 100 && errors.allSatisfy { abs($0) < 1e-12 })

        let canvas = try harness.figures(PLRNNStateSpace.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["fig1"])
        #expect(canvas.figures[0].panels.count == 6)
        #expect(canvas.figures[0].panels[0].series.contains { $0.title == "z1-nullcline" })
        #expect(canvas.tables.first?.rows.count == 3)
        #expect(canvas.notes.contains { $0.contains("100 of 100 within 0.04") })
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }
    }

    @Test func computeIsDeterministic() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(PLRNNStateSpace.self, scale: "smoke")
        let job = try PLRNNStateSpace.jobs(config: config)[2]
        let a = try HDF5File.open(harness.compute(PLRNNStateSpace.self, job: job, index: 0)).root
        let b = try HDF5File.open(harness.compute(PLRNNStateSpace.self, job: job, index: 1)).root
        #expect(try a.read("inset_z1", as: Double.self) == b.read("inset_z1", as: Double.self))
        #expect(try a.group("trajectories").read("0", as: Double.self) == b.group("trajectories").read("0", as: Double.self))
    }
}
