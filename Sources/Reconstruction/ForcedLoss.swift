import Foundation
import LinearAlgebra
import Models

/// The sparsely forced BPTT loss of one batch of windows and its gradient (P2 §4.1, ChaosRNN
/// `PLRNN_model.forward` + `nn.MSELoss`).
///
/// A window starting at s has inputs x_s … x_{s+L−1} and targets x_{s+1} … x_{s+L}. The state starts at
/// z = B⁺x_s; at every step t (0-based within the window) with t % τ == 0 and t ≠ 0 it is replaced by
/// B⁺x_{s+t}; then z ← F(z) and x̂ = B z is compared with the next observation. The loss is the mean
/// squared error over windows, steps and dimensions, computed for every step (before any replacement).
///
/// Because the replaced state carries no dependence on the earlier states, a window splits into
/// independent segments of τ steps (the last may be shorter), each starting from a forced state; all
/// segments of a batch are run side by side as rows of one unroll, which is exactly the reference
/// computation. Gradient flow matches the reference: nothing flows back through a forcing time to
/// earlier states, but B receives, besides its read-out gradient, the gradient through B⁺ in every
/// forced state (B is not detached there in the reference); `throughPseudoInverse = false` drops that part.
public struct ForcedLoss: Sendable {
    /// The series, T × N.
    public var series: Matrix<Double>
    /// L, the window length (`seq_len`).
    public var windowLength: Int
    public var throughPseudoInverse: Bool

    public init(series: Matrix<Double>, windowLength: Int, throughPseudoInverse: Bool = true) {
        precondition(windowLength >= 1 && series.rows > windowLength, "ForcedLoss: series shorter than a window")
        self.series = series
        self.windowLength = windowLength
        self.throughPseudoInverse = throughPseudoInverse
    }

    /// Largest valid window start (+1): a window needs L + 1 samples.
    public var startCount: Int { series.rows - windowLength }

    /// Loss and gradients (in `model.parameters` order) for windows starting at `starts`, forcing every
    /// `interval` steps (nil = only the initial state).
    public func evaluate<Model: LatentDynamics>(_ model: Model, starts: [Int], interval: Int?) throws
        -> (loss: Double, gradients: [Matrix<Double>]) {
        let n = model.observationSize, m = model.latentSize, len = windowLength
        precondition(series.columns == n, "ForcedLoss: series has \(series.columns) columns, model observes \(n)")
        let tau = min(interval ?? len, len)
        precondition(tau >= 1, "ForcedLoss: interval must be ≥ 1")
        let b = model.observation
        let p = try pseudoInverse(b)
        let count = Double(starts.count * len * n)
        var grads = model.zeroGradients()
        var dB = Matrix<Double>(rows: n, columns: m)
        var dP = Matrix<Double>(rows: m, columns: n)
        var loss = 0.0

        // Segments grouped by length: ⌊L/τ⌋ of length τ per window, then one of length L mod τ.
        let full = len / tau, rest = len % tau
        var groups: [(length: Int, offsets: [Int])] = [(tau, (0..<full).map { $0 * tau })]
        if rest > 0 { groups.append((rest, [full * tau])) }
        for group in groups {
            let segmentStarts = starts.flatMap { s in group.offsets.map { s + $0 } }
            let rows = segmentStarts.count, steps = group.length
            // Forced states z̃ = B⁺ x_s, row-wise: X0 Pᵀ.
            var x0 = Matrix<Double>(rows: rows, columns: n)
            for (r, s) in segmentStarts.enumerated() { for j in 0..<n { x0[r, j] = series[s, j] } }
            let z0 = product(x0, false, p, true)
            let tape = model.unroll(from: z0.storage, rows: rows, steps: steps)
            let z = Matrix(rows: steps * rows, columns: m, storage: model.states(tape))
            var residual = product(z, false, b, true)  // x̂, (steps·rows) × N
            for t in 0..<steps {
                for (r, s) in segmentStarts.enumerated() {
                    let row = t * rows + r
                    for j in 0..<n {
                        let e = residual[row, j] - series[s + t + 1, j]
                        loss += e * e
                        residual[row, j] = 2 * e / count
                    }
                }
            }
            let dX = residual
            let gb = product(dX, true, z, false)  // N × M
            for k in dB.storage.indices { dB.storage[k] += gb.storage[k] }
            let dZ = product(dX, b)  // (steps·rows) × M
            let back = model.backward(tape, stateGradients: dZ.storage)
            for i in grads.indices {
                for k in grads[i].storage.indices { grads[i].storage[k] += back.parameters[i].storage[k] }
            }
            if throughPseudoInverse {
                let gp = product(Matrix(rows: rows, columns: m, storage: back.initial), true, x0, false)  // M × N
                for k in dP.storage.indices { dP.storage[k] += gp.storage[k] }
            }
        }
        if throughPseudoInverse {
            let extra = PseudoInverseGradient.gradient(b: b, pinv: p, upstream: dP)
            for k in dB.storage.indices { dB.storage[k] += extra.storage[k] }
        }
        let bi = model.observationIndex
        for k in dB.storage.indices { grads[bi].storage[k] += dB.storage[k] }
        return (loss / count, grads)
    }
}
