import Engine
@testable import Experiments
import Foundation
import HDF5
import Testing

@Suite struct ChaosGradientsTests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(ChaosGradients.self, scale: scale)
        let jobs = try ChaosGradients.jobs(config: config)
        #expect(jobs.count == 6)
        #expect(jobs.first?.name == "network=fixed-point")
        let horizons = jobs[0].parameters.horizons
        #expect(horizons.first == 10 && horizons.last == config.horizonMax)
        #expect(zip(horizons, horizons.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func slopeOfALineIsItsSlope() {
        #expect(abs(ChaosGradients.slope(x: [1, 2, 3, 10], y: [3, 1, -1, -15]) - -2) < 1e-12)
    }

    /// Thm 1: at a stable fixed point ‖∂z_T/∂z_1‖ decays like ρ(J*)^T; Thm 2: on a chaotic set it grows like e^{λ_max T}.
    @Test func fixedPointDecaysAtLnSpectralRadiusAndChaosGrowsAtLambdaMax() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(ChaosGradients.self, scale: "smoke")
        let jobs = try ChaosGradients.jobs(config: config)

        let fixed = try HDF5File.open(harness.compute(ChaosGradients.self, job: jobs[0], index: 0)).root
        let rho = try fixed.doubleAttribute("spectral_radius_at_fixed_point")
        #expect(abs(rho - 0.6) < 1e-9)
        let decay = try fixed.doubleAttribute("fitted_slope")
        #expect(abs(decay - log(rho)) < 0.05 * abs(log(rho)))
        #expect(abs(try fixed.doubleAttribute("lambda_max") - log(rho)) < 1e-3)

        let chaotic = try HDF5File.open(harness.compute(ChaosGradients.self, job: jobs[4], index: 1)).root
        let lambda = try chaotic.doubleAttribute("lambda_max")
        #expect(lambda > 0.05)
        let growth = try chaotic.doubleAttribute("fitted_slope")
        #expect(abs(growth - lambda) < 0.4 * lambda)
        #expect(try chaotic.read("log_norm", as: Double.self).values.last! > 20)
    }

    @Test func smokeRunCoversEveryRegimeAndDrawsFigure() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(ChaosGradients.self, scale: "smoke")
        let (_, results) = try harness.run(ChaosGradients.self, config: config)
        func lambda(_ name: String) throws -> Double { try results.result(named: "network=\(name)")!.root().doubleAttribute("lambda_max") }
        // 2-cycle: λ_max = ½ ln 0.78 (cycle multipliers 2.6·0.3 and −2·0.3).
        #expect(abs(try lambda("2-cycle") - 0.5 * log(0.78)) < 1e-3)
        // Rotation: orthogonal Jacobian, norm 1 at every T.
        let rotation = try results.result(named: "network=rotation")!.root().read("log_norm", as: Double.self).values
        #expect(rotation.allSatisfy { abs($0) < 1e-9 })
        // Invariant circle of the tanh RNN: λ_max ≈ 0, norms stay sub-exponential.
        #expect(abs(try lambda("tanh-circle")) < 5e-3)
        let circle = try results.result(named: "network=tanh-circle")!.root().read("log_norm", as: Double.self).values
        #expect(circle.allSatisfy { abs($0) < 10 })
        #expect(try lambda("chaotic-tanh") > 0.05)

        let canvas = try harness.figures(ChaosGradients.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["gradient-norms"])
        #expect(canvas.figures[0].panels.count == 6)
        #expect(canvas.tables.first?.rows.count == 6)
        #expect(canvas.notes.filter { $0.contains("seeded search") }.count == 2)
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }

        // Per network: λ_max, fitted slope, the ln-norm curve, slope ≈ λ_max, and its theorem's claim — all holding.
        let quantities = try ChaosGradients.quantities(config: config, results: results)
        #expect(quantities.count == 6 * 5)
        #expect(try QuantityCheck.named("2-cycle λ_max", in: quantities).value == .scalar(lambda("2-cycle")))
        let claims = quantities.filter { $0.rule == .predicate }
        #expect(claims.count == 12)
        for claim in claims { #expect(claim.value == .claim(true), "\(claim.name): \(claim.meaning)") }
        #expect(claims.compactMap(\.published).sorted() == ["chaosrnn-neurips2022/thm1.vanishing", "chaosrnn-neurips2022/thm1.vanishing",
                                                            "chaosrnn-neurips2022/thm2.exploding", "chaosrnn-neurips2022/thm2.exploding",
                                                            "chaosrnn-neurips2022/thm3.quasi-periodic", "chaosrnn-neurips2022/thm3.quasi-periodic"])
        try QuantityCheck.expectPublishedIdsExist(quantities)

        // A retuned fixed-point network (a = 0.5, 0.5) decays at another rate: its numbers differ from the archived ones.
        var retuned = config
        retuned.networks = [config.networks[0]]
        retuned.networks[0].a = [0.5, 0.5]
        let second = try ExperimentHarness()  // the first run's files are still open
        defer { second.remove() }
        let changed = try ChaosGradients.quantities(config: retuned, results: second.run(ChaosGradients.self, config: retuned).results)
        for name in ["fixed-point λ_max", "fixed-point fitted slope", "fixed-point ln norm(T)"] {
            #expect(QuantityCheck.agrees(try QuantityCheck.named(name, in: changed), try QuantityCheck.named(name, in: quantities)) == false, "\(name)")
        }
        #expect(QuantityCheck.agrees(try QuantityCheck.named("fixed-point gradients vanish (Thm 1)", in: changed),
                                     try QuantityCheck.named("fixed-point gradients vanish (Thm 1)", in: quantities)) == true)
    }
}
