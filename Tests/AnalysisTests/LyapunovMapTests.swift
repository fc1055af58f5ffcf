import Analysis
import Dynamics
import Foundation
import LinearAlgebra
import Models
import Testing

@Suite struct LyapunovMapTests {
    @Test func linearMapGivesLogModuliOfItsEigenvalues() {
        // Upper-triangular, eigenvalues 1.5 and −0.4, not orthogonal (the QR step has work to do).
        let map = AffineMap(a: Matrix([[1.5, 0.7], [0, -0.4]]))
        let spectrum = Lyapunov.spectrum(of: map, from: [1, 1],
                                         settings: BenettinSettings(transientSteps: 0, steps: 2_000, orthonormalizeEvery: 1))
        #expect(abs(spectrum.exponents[0] - log(1.5)) < 1e-3)
        #expect(abs(spectrum.exponents[1] - log(0.4)) < 1e-3)
    }

    @Test func henonMapMaximalExponent() {
        // The Hénon map (a = 1.4, b = 0.3) has λ_1 ≈ 0.419 and λ_1 + λ_2 = ln 0.3.
        struct Henon: DiscreteMap {
            var dimension: Int { 2 }
            func step(_ x: [Double]) -> [Double] { [1 - 1.4 * x[0] * x[0] + x[1], 0.3 * x[0]] }
            func jacobian(_ x: [Double]) -> Matrix<Double> { Matrix([[-2.8 * x[0], 1], [0.3, 0]]) }
        }
        let spectrum = Lyapunov.spectrum(of: Henon(), from: [0.1, 0.1],
                                         settings: BenettinSettings(transientSteps: 1_000, steps: 50_000, orthonormalizeEvery: 1))
        #expect(abs(spectrum.maximal - 0.419) < 0.01)
        #expect(abs(spectrum.sum - log(0.3)) < 1e-6)
    }

    @Test func plrnnAdapterStepsLikeTheModelAndDifferentiatesCorrectly() {
        let w = Matrix([[0.9, -0.3, 0.2], [0.4, 0.5, -0.6], [-0.2, 0.7, 0.1]])
        let model = PLRNN<Double>(a: [0.5, 0.8, 0.3], w: w, h: [0.1, -0.2, 0.05],
                                  c: Matrix(rows: 3, columns: 0), b: Matrix.identity(3), mu0: [0.3, -0.4, 0.2])
        let map = PLRNNLatentMap(model)
        // Free run of the model (zero-width inputs) versus the adapter.
        let inputs = [Matrix<Double>](repeating: Matrix(rows: 1, columns: 0), count: 5)
        let (outputs, _) = model.forward(inputs, readout: .all)
        var z = [0.3, -0.4, 0.2]
        for t in 0..<5 {
            z = map.step(z)
            for i in 0..<3 { #expect(abs(outputs[t][0, i] - z[i]) < 1e-12) }
        }
        // The stored diagonal of W is ignored, as in the model.
        #expect(map.w[0, 0] == 0)
        checkJacobian(map, at: [0.3, -0.4, 0.2])
    }

    @Test func elmanAdapterMatchesFiniteDifferences() {
        let whh = Matrix([[0.5, -1.2, 0.3], [0.8, 0.1, -0.7], [-0.4, 0.9, 0.6]])
        for activation in [ElmanActivation.tanh, .relu] {
            let model = ElmanRNN<Double>(activation: activation, weightIH: Matrix(rows: 3, columns: 1), weightHH: whh,
                                         biasIH: [0.1, -0.2, 0.3], biasHH: [0.05, 0.1, -0.05],
                                         readoutWeight: Matrix.identity(3), readoutBias: [0, 0, 0])
            let map = ElmanHiddenMap(model)
            for (got, want) in zip(map.bias, [0.15, -0.1, 0.25]) { #expect(abs(got - want) < 1e-15) }
            checkJacobian(map, at: [0.2, -0.5, 0.7])
        }
    }

    @Test func gradientNormDecaysExponentiallyAtAStableFixedPoint() {
        // A PLRNN whose orbit converges to a fixed point: ‖∂z_T/∂z_1‖ → 0 like ρ^T (P2 Thm 1).
        let map = PLRNNMap(a: [0.6, 0.5], w: [[0, 0.2], [-0.3, 0]], h: [0.4, 0.3])
        let norms = Lyapunov.jacobianProductNorms(of: map, from: [1, -1], horizons: [1, 10, 50, 100, 200])
        #expect(abs(norms[0].norm - 1) < 1e-12)
        for (a, b) in zip(norms, norms.dropFirst()) { #expect(b.logNorm < a.logNorm) }
        // The slope of ln‖·‖ approaches ln ρ(J*) at the fixed point (both units positive there).
        let rate = (norms[4].logNorm - norms[3].logNorm) / 100
        let jStar = Matrix([[0.6, 0.2], [-0.3, 0.5]])
        let rho = try! spectralRadius(jStar)
        #expect(abs(rate - log(rho)) < 1e-3)
        #expect(norms[4].norm < 1e-10)
        // The conformance adds step(_:) beside Dynamics' step(_:input:); plain calls stay unambiguous.
        #expect(map.step([1, -1]) == map.step([1, -1], input: nil))
    }

    @Test func trainedPLRNNAdapterGivesTheSameNormsAsTheDynamicsMap() {
        let w = Matrix([[0, 0.2], [-0.3, 0]])
        let model = PLRNN<Float>(a: [0.6, 0.5], w: w, h: [0.4, 0.3], c: Matrix(rows: 2, columns: 0),
                                 b: Matrix.identity(2), mu0: [0, 0])
        let viaModel = Lyapunov.jacobianProductNorms(of: PLRNNLatentMap(model), from: [1, -1], horizons: [5, 40])
        let viaMap = Lyapunov.jacobianProductNorms(of: PLRNNMap(a: [0.6, 0.5], w: [[0, 0.2], [-0.3, 0]], h: [0.4, 0.3]),
                                                   from: [1, -1], horizons: [5, 40])
        for (a, b) in zip(viaModel, viaMap) { #expect(abs(a.logNorm - b.logNorm) < 1e-5) }
    }

    @Test func gradientNormGrowsOnAChaoticOrbitWithoutOverflowing() {
        let map = AffineMap(a: Matrix([[2.0, 0], [0, 0.5]]))
        let norms = Lyapunov.jacobianProductNorms(of: map, from: [1, 1], horizons: [2_001])
        #expect(abs(norms[0].logNorm - 2_000 * log(2)) < 1e-6)
        #expect(norms[0].norm == .infinity)
    }

    func checkJacobian<M: DiscreteMap>(_ map: M, at x: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        let j = map.jacobian(x)
        let h = 1e-6
        for c in 0..<map.dimension {
            var plus = x, minus = x
            plus[c] += h
            minus[c] -= h
            let fp = map.step(plus), fm = map.step(minus)
            for r in 0..<map.dimension {
                #expect(abs((fp[r] - fm[r]) / (2 * h) - j[r, c]) < 1e-6, sourceLocation: sourceLocation)
            }
        }
    }
}
