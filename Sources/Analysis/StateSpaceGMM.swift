import Foundation
import LinearAlgebra
import Randomness

/// D_stsp by Gaussian mixtures (ChaosRNN `evaluation/klz.py`, used there for high-dimensional data):
/// place an isotropic Gaussian of variance s² = 0.1 per dimension on each of the first T' = min(T, 5000)
/// generated and true points, giving mixtures p_gen and p_true, and estimate
///
///     D_stsp = KL(p_gen ‖ p_true) ≈ (1/S) Σ_s [ln p_gen(z_s) − ln p_true(z_s)],   z_s ~ p_gen,
///
/// with S = 1000 Monte-Carlo samples (note the direction: opposite to the binned D_stsp).
///
/// Deviation from the reference: the mixture densities are evaluated with log-sum-exp, so a sample far
/// from every true point still gets a finite (large) ln p_true. The reference evaluates exp() directly,
/// gets p_true = 0 there and drops those samples (which lowers the estimate). `dropUnderflowingSamples`
/// reproduces that: a sample is dropped when every term of p_true underflows a Double.
public struct StateSpaceGMM: Sendable, Equatable {
    /// s², the variance of every component in every dimension.
    public var variance: Double
    /// T', the number of leading points of each series used as centres.
    public var maxPoints: Int
    /// S, the number of Monte-Carlo samples.
    public var samples: Int
    public var dropUnderflowingSamples: Bool

    public init(variance: Double = 0.1, maxPoints: Int = 5_000, samples: Int = 1_000, dropUnderflowingSamples: Bool = false) {
        precondition(variance > 0 && maxPoints > 0 && samples > 0)
        self.variance = variance
        self.maxPoints = maxPoints
        self.samples = samples
        self.dropUnderflowingSamples = dropUnderflowingSamples
    }

    /// KL(p_gen ‖ p_true) and the fraction of samples dropped. Deterministic for a given generator state.
    public func divergence(truth: Matrix<Double>, generated: Matrix<Double>, generator: inout Generator) -> (value: Double, droppedFraction: Double) {
        precondition(truth.columns == generated.columns, "dimensions differ")
        let n = truth.columns
        let tTrue = min(truth.rows, maxPoints), tGen = min(generated.rows, maxPoints)
        precondition(tTrue > 0 && tGen > 0)
        let sd = variance.squareRoot()
        let underflow = log(Double.leastNonzeroMagnitude)
        var total = 0.0, kept = 0
        var z = [Double](repeating: 0, count: n)
        for _ in 0..<samples {
            let t = generator.integer(below: tGen)
            for d in 0..<n { z[d] = generated[t, d] + sd * generator.normal() }
            let logTrue = logMixture(z, truth, tTrue)
            if dropUnderflowingSamples && logTrue.largestTerm < underflow { continue }
            let logGen = logMixture(z, generated, tGen)
            // The (2π s²)^{−N/2} factors of both mixtures cancel; so do the 1/T' factors only when T' agrees.
            total += (logGen.value - log(Double(tGen))) - (logTrue.value - log(Double(tTrue)))
            kept += 1
        }
        return (kept > 0 ? total / Double(kept) : .nan, 1 - Double(kept) / Double(samples))
    }

    /// ln Σ_j exp(−‖z − μ_j‖² / 2s²) over the first `count` rows, and the largest exponent.
    func logMixture(_ z: [Double], _ centres: Matrix<Double>, _ count: Int) -> (value: Double, largestTerm: Double) {
        let n = centres.columns
        let scale = -0.5 / variance
        var exponents = [Double](repeating: 0, count: count)
        var largest = -Double.infinity
        centres.storage.withUnsafeBufferPointer { c in
            for j in 0..<count {
                var d2 = 0.0
                for d in 0..<n { let diff = z[d] - c[j * n + d]; d2 += diff * diff }
                exponents[j] = scale * d2
                largest = max(largest, exponents[j])
            }
        }
        var sum = 0.0
        for e in exponents { sum += exp(e - largest) }
        return (largest + log(sum), largest)
    }
}
