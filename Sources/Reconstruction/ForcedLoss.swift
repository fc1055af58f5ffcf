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

    /// Buffers of `evaluate` kept from batch to batch (the tape alone is a few megabytes at the default
    /// scale, and allocating it per batch made page faults a large part of the run time).
    public struct Workspace<Model: LatentDynamics>: Sendable {
        var tape: Model.Tape
        /// Forced observations x_s, rows × N.
        var forced: [Double] = []
        /// Forced states B⁺x_s, rows × M.
        var initial: [Double] = []
        /// x̂ − x, then dL/dx̂: (steps · rows) × N.
        var residual: [Double] = []
        /// dL/dz_0 … dL/dz_steps for `Model.backward`.
        var stateGradients: [Double] = []
        /// What `Model.backward` writes, shaped like the parameters.
        var parameterGradients: [Matrix<Double>]

        public init(for model: Model) {
            tape = model.makeTape()
            parameterGradients = model.zeroGradients()
        }
    }

    /// Loss and gradients (in `model.parameters` order) for windows starting at `starts`, forcing every
    /// `interval` steps (nil = only the initial state).
    public func evaluate<Model: LatentDynamics>(_ model: Model, starts: [Int], interval: Int?) throws
        -> (loss: Double, gradients: [Matrix<Double>]) {
        var workspace = Workspace(for: model)
        return try evaluate(model, starts: starts, interval: interval, workspace: &workspace)
    }

    /// `evaluate(_:starts:interval:)` with buffers reused from earlier calls with the same model shape.
    public func evaluate<Model: LatentDynamics>(_ model: Model, starts: [Int], interval: Int?, workspace ws: inout Workspace<Model>) throws
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
        var gb = [Double](repeating: 0, count: n * m), gp = [Double](repeating: 0, count: m * n)
        var loss = 0.0
        if ws.parameterGradients.map(\.count) != grads.map(\.count) { ws.parameterGradients = grads }

        // Segments grouped by length: ⌊L/τ⌋ of length τ per window, then one of length L mod τ.
        let full = len / tau, rest = len % tau
        var groups: [(length: Int, offsets: [Int])] = [(tau, (0..<full).map { $0 * tau })]
        if rest > 0 { groups.append((rest, [full * tau])) }
        for group in groups {
            let segmentStarts = starts.flatMap { s in group.offsets.map { s + $0 } }
            let rows = segmentStarts.count, steps = group.length, block = rows * m
            grow(&ws.forced, to: rows * n)
            grow(&ws.initial, to: block)
            grow(&ws.residual, to: steps * rows * n)
            grow(&ws.stateGradients, to: (steps + 1) * block)
            series.storage.withUnsafeBufferPointer { sb in
                let xs = sb.baseAddress!
                // Forced states z̃ = B⁺ x_s, row-wise: X0 Pᵀ.
                ws.forced.withUnsafeMutableBufferPointer { fb in
                    for (r, s) in segmentStarts.enumerated() { for j in 0..<n { fb[r * n + j] = xs[s * n + j] } }
                }
                withPointers(ws.forced, p.storage) { x0, pp in
                    ws.initial.withUnsafeMutableBufferPointer { zb in
                        gemm(false, true, m: rows, n: m, k: n, x0, n, pp, n, beta: 0, zb.baseAddress!, m)
                    }
                }
                ws.initial.withUnsafeBufferPointer { zb in
                    model.unroll(from: UnsafeBufferPointer(rebasing: zb[0..<block]), rows: rows, steps: steps, into: &ws.tape)
                }
                model.withStates(of: ws.tape) { z in
                    let zp = z.baseAddress!
                    ws.residual.withUnsafeMutableBufferPointer { rb in
                        let res = rb.baseAddress!
                        // x̂ = Z Bᵀ, (steps·rows) × N.
                        b.storage.withUnsafeBufferPointer { bb in
                            gemm(false, true, m: steps * rows, n: n, k: m, zp, m, bb.baseAddress!, m, beta: 0, res, n)
                        }
                        for t in 0..<steps {
                            for (r, s) in segmentStarts.enumerated() {
                                let row = (t * rows + r) * n, target = (s + t + 1) * n
                                for j in 0..<n {
                                    let e = res[row + j] - xs[target + j]
                                    loss += e * e
                                    res[row + j] = 2 * e / count
                                }
                            }
                        }
                        // dL/dB (read-out) = dXᵀ Z, N × M.
                        gb.withUnsafeMutableBufferPointer { gbb in
                            gemm(true, false, m: n, n: m, k: steps * rows, res, n, zp, m, beta: 0, gbb.baseAddress!, m)
                        }
                        // dL/dz_t = dX B, after a zero block for z_0.
                        ws.stateGradients.withUnsafeMutableBufferPointer { gzb in
                            let gz = gzb.baseAddress!
                            gz.update(repeating: 0, count: block)
                            b.storage.withUnsafeBufferPointer { bb in
                                gemm(false, false, m: steps * rows, n: m, k: n, res, n, bb.baseAddress!, m, beta: 0, gz + block, m)
                            }
                        }
                    }
                }
            }
            for k in dB.storage.indices { dB.storage[k] += gb[k] }
            ws.stateGradients.withUnsafeMutableBufferPointer { gzb in
                model.backward(&ws.tape, gradients: UnsafeMutableBufferPointer(rebasing: gzb[0..<((steps + 1) * block)]),
                               parameters: &ws.parameterGradients)
            }
            for i in grads.indices {
                ws.parameterGradients[i].storage.withUnsafeBufferPointer { back in
                    grads[i].storage.withUnsafeMutableBufferPointer { g in
                        for k in g.indices { g[k] += back[k] }
                    }
                }
            }
            if throughPseudoInverse {
                // dL/dP = (dL/dz_0)ᵀ X0, M × N.
                withPointers(ws.stateGradients, ws.forced) { g0, x0 in
                    gp.withUnsafeMutableBufferPointer { gpb in
                        gemm(true, false, m: m, n: n, k: rows, g0, m, x0, n, beta: 0, gpb.baseAddress!, n)
                    }
                }
                for k in dP.storage.indices { dP.storage[k] += gp[k] }
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

/// Base addresses of two arrays for the duration of `body`.
@inline(__always)
func withPointers<R>(_ a: [Double], _ b: [Double], _ body: (UnsafePointer<Double>, UnsafePointer<Double>) throws -> R) rethrows -> R {
    try a.withUnsafeBufferPointer { ab in try b.withUnsafeBufferPointer { bb in try body(ab.baseAddress!, bb.baseAddress!) } }
}
