import Analysis
import Dynamics
import Foundation
import LinearAlgebra
import Testing

@Suite struct LyapunovODETests {
    @Test func lorenz63Spectrum() {
        let system = Lorenz63()
        let spectrum = Lyapunov.spectrum(of: system, from: [1, 1, 1],
                                         settings: BenettinSettings(dt: 0.01, transientSteps: 2_000, steps: 50_000))
        print("Lorenz-63 spectrum:", spectrum.exponents, "sum", spectrum.sum)
        #expect(spectrum.maximal > 0.85 && spectrum.maximal < 0.95)
        // Σλ = trace J = −(σ + 1 + β), constant along the flow.
        #expect(abs(spectrum.sum + (10 + 1 + 8.0 / 3)) < 0.01)
        #expect(abs(spectrum.exponents[1]) < 0.02, "the flow direction gives a zero exponent")
        #expect(abs(spectrum.predictabilityTime - log(2) / spectrum.maximal) < 1e-12)
    }

    @Test func roesslerMaximalExponent() {
        let spectrum = Lyapunov.spectrum(of: Roessler(), from: [1, 1, 0],
                                         settings: BenettinSettings(dt: 0.02, transientSteps: 5_000, steps: 100_000, count: 1))
        print("Rössler λ_max:", spectrum.maximal)
        #expect(spectrum.exponents.count == 1)
        #expect(spectrum.maximal > 0.055 && spectrum.maximal < 0.09)
    }

    @Test func lorenz96AtWeakForcingMatchesTheFixedPointEigenvalues() {
        // With 4 sites x = F is a stable fixed point for F = 0.9; the exponents are the real parts of the
        // Jacobian's eigenvalues there: −1 + F (cos θ − cos 2θ), θ = 2πk/4 ⇒ −0.1, −0.1, −1, −2.8.
        let spectrum = Lyapunov.spectrum(of: Lorenz96(dimension: 4, forcing: 0.9), from: [1.2, 0.5, 0.8, 1.3],
                                         settings: BenettinSettings(dt: 0.01, transientSteps: 20_000, steps: 50_000))
        print("Lorenz-96 N=4 F=0.9:", spectrum.exponents)
        #expect(spectrum.maximal < 0)
        for (got, want) in zip(spectrum.exponents, [-0.1, -0.1, -1, -2.8]) { #expect(abs(got - want) < 0.02) }
    }

    @Test func lorenz96WithFiveSitesAtF09IsALimitCycle() {
        // Just past the stability bound F = 0.894 the 5-site ring oscillates weakly around x = F:
        // λ_max ≈ 0 (the flow direction), all others negative. Near a supercritical Hopf bifurcation the
        // cycle attracts at −2μ, μ = −1 + F (cos θ − cos 2θ) at θ = 2π/5 the growth rate of the fixed point.
        let spectrum = Lyapunov.spectrum(of: Lorenz96(dimension: 5, forcing: 0.9), from: [1.2, 0.5, 0.8, 1.3, 0.6],
                                         settings: BenettinSettings(dt: 0.01, transientSteps: 50_000, steps: 50_000))
        print("Lorenz-96 N=5 F=0.9:", spectrum.exponents)
        let mu = -1 + 0.9 * (cos(2 * Double.pi / 5) - cos(4 * Double.pi / 5))
        #expect(abs(spectrum.maximal) < 0.005)
        #expect(abs(spectrum.exponents[1] + 2 * mu) < 0.003)
        #expect(spectrum.exponents.dropFirst().allSatisfy { $0 < 0 })
    }

    @Test func finiteDifferenceJacobianMatchesTheAnalyticOne() {
        func compare<S: DifferentiableODESystem>(_ system: S, at x: [Double], time t: Double = 0) {
            let analytic = system.jacobian(x, time: t)
            let numeric = FiniteDifferenceJacobian(system).jacobian(x, time: t)
            for (a, b) in zip(analytic.storage, numeric.storage) { #expect(abs(a - b) < 1e-6 * max(1, abs(a)), "\(S.self)") }
        }
        compare(Lorenz63(), at: [1.5, -2, 20])
        compare(Roessler(), at: [0.3, -4, 1.2])
        compare(Lorenz96(dimension: 5, forcing: 8), at: [1, 2, -3, 0.5, 4])
        compare(ForcedDuffing(), at: [0.7, -0.2], time: 1.3)
        compare(VanDerPol(mu: 2), at: [1.1, -0.4])
    }

    @Test func finiteDifferenceWrapperGivesTheSameSpectrum() {
        let settings = BenettinSettings(dt: 0.01, transientSteps: 1_000, steps: 5_000)
        let exact = Lyapunov.spectrum(of: Lorenz63(), from: [1, 1, 1], settings: settings)
        let numeric = Lyapunov.spectrum(of: FiniteDifferenceJacobian(Lorenz63()), from: [1, 1, 1], settings: settings)
        for (a, b) in zip(exact.exponents, numeric.exponents) { #expect(abs(a - b) < 1e-4) }
    }
}
