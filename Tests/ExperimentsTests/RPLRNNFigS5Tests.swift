import Dynamics
import Engine
@testable import Experiments
import Foundation
import HDF5
import LinearAlgebra
import Testing

@Suite struct RPLRNNFigS5Tests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(RPLRNNFigS5.self, scale: scale)
        #expect(try RPLRNNFigS5.jobs(config: config).map(\.name) == ["vanderpol"])
    }

    /// A contracting rotation about (2, 2) whose orbit never leaves z > 0: one linear region, so the
    /// continuous solution passes through every discrete point; and eq. 20 agrees with h̃ = Ψ⁻¹h.
    @Test func linearRegionConversionIsExact() throws {
        let (c, s) = (0.98 * cos(0.3), 0.98 * sin(0.3))
        let centre = [2.0, 2.0]
        let h = [centre[0] - (c * centre[0] - s * centre[1]), centre[1] - (s * centre[0] + c * centre[1])]
        let map = PLRNNMap(a: [c, c], w: [[0, -s], [s, 0]], h: h)
        let dt = 0.1
        let positive = [true, true]
        let region = try RPLRNNFigS5.convert(map, positive: positive, dt: dt)
        let eq20 = try RPLRNNFigS5.equation20(map, positive: positive, wTilde: region.w)
        #expect(zip(eq20, region.h).allSatisfy { abs($0 - $1) < 1e-9 })
        let orbit = map.iterate(from: [2.8, 2.0], steps: 40)
        #expect(orbit.states.allSatisfy { $0.allSatisfy { $0 > 0 } })
        let system = RPLRNNFigS5.ContinuousPLRNN(regions: [positive: region], dimension: 2)
        let continuous = try DormandPrince(relativeTolerance: 1e-11, absoluteTolerance: 1e-13)
            .integrate(system, from: [2.8, 2.0], sampleTimes: (0...40).map { Double($0) * dt })
        for t in 0...40 {
            #expect(abs(continuous[t, 0] - orbit[t, 0]) < 1e-7 && abs(continuous[t, 1] - orbit[t, 1]) < 1e-7)
        }
    }

    @Test func smokeRunReproducesDiscretePointsStepwiseAndDrawsFigure() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(RPLRNNFigS5.self, scale: "smoke")
        let (_, results) = try harness.run(RPLRNNFigS5.self, config: config)
        let root = try results.result(named: "vanderpol")!.root()
        #expect(try root.intAttribute("regions_visited") > 1)
        #expect(try root.doubleAttribute("logm_residual") < 1e-8)
        // Within a step (region of z_t frozen) the continuous solution hits z_{t+1}.
        #expect(try root.read("stepwise_endpoint_error", as: Double.self).values.allSatisfy { $0 < 1e-6 })
        // The switching system starts on z_0 and stays close over the first steps.
        let free = try root.read("free_error", as: Double.self).values
        #expect(free[0] == 0 && free.prefix(5).allSatisfy { $0 < 0.05 })

        let canvas = try harness.figures(RPLRNNFigS5.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["figS5"])
        #expect(canvas.figures[0].panels.count == 3)
        #expect(canvas.tables.first?.rows.count == 8)
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }

        let quantities = try RPLRNNFigS5.quantities(config: config, results: results)
        #expect(quantities.map(\.name) == ["discrete z1(t)", "feature draw", "orthants visited", "region switches", "logm residual",
                                           "per-step endpoint error", "switching drift (10 steps)", "switching drift (all steps)",
                                           "conversion reproduces the orbit"])
        guard case .curve(let x, let y) = try QuantityCheck.named("discrete z1(t)", in: quantities).value else {
            Issue.record("z1(t) is not a curve"); return
        }
        #expect(x.count == config.steps + 1 && y.count == x.count && abs(x.last! - Double(config.steps) * config.dt) < 1e-12)
        #expect(try QuantityCheck.named("orthants visited", in: quantities).value == .scalar(Double(root.intAttribute("regions_visited"))))
        let claim = try QuantityCheck.named("conversion reproduces the orbit", in: quantities)
        #expect(claim.value == .claim(true) && claim.published == "rplrnn-iclr2021/figS5.conversion")
        try QuantityCheck.expectPublishedIdsExist(quantities)

        // Another shown orbit (a different start) is a different result: the orbit differs from the archived one.
        var other = config
        other.start = [1.5, 0.5]
        let second = try ExperimentHarness()  // the first run's file is still open
        defer { second.remove() }
        let changed = try RPLRNNFigS5.quantities(config: other, results: second.run(RPLRNNFigS5.self, config: other).results)
        #expect(QuantityCheck.agrees(try QuantityCheck.named("discrete z1(t)", in: changed), try QuantityCheck.named("discrete z1(t)", in: quantities)) == false)
    }
}
