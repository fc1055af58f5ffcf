import Foundation
import LinearAlgebra
import Models
import Randomness

/// The ChaosRNN PLRNN, z_t = A⊙z_{t−1} + W_off relu(z_{t−1}) + h, x̂_t = B z_t, as `LatentDynamics`.
///
/// Wraps `Models.PLRNN` (its parameter layout and names: `A.weight`, `B.weight`, `W.weight` with the
/// diagonal ignored, `W.bias` = h, plus an empty `CLinear.weight` and an unused `mu0`), because the
/// Models forward starts every row from the shared trainable μ0, while forcing needs a given state per row.
public struct ForcedPLRNN: LatentDynamics {
    public var model: PLRNN<Double>

    public var latentSize: Int { model.hiddenSize }
    public var observationSize: Int { model.outputSize }
    public var parameters: [Parameter<Double>] {
        get { model.parameters }
        set { model.parameters = newValue }
    }
    public var observationIndex: Int { 1 }

    public init(model: PLRNN<Double>) {
        precondition(model.parameters[1].name == "B.weight" && model.inputSize == 0,
                     "ForcedPLRNN: expects an autonomous Models.PLRNN (no inputs)")
        self.model = model
    }

    /// The reference initialisation (ChaosRNN `PLRNN_model.py`): the combined AW (A = its diagonal,
    /// W = the rest) and h ~ U(−1/√M, 1/√M); B like PyTorch's `Linear(M, N, bias=False)`, U(−1/√M, 1/√M).
    public init(latentSize m: Int, observationSize n: Int, generator: inout Generator) {
        let r = 1 / Double(m).squareRoot()
        let aw = (0..<(m * m)).map { _ in generator.uniform(-r, r) }
        let h = (0..<m).map { _ in generator.uniform(-r, r) }
        let b = (0..<(n * m)).map { _ in generator.uniform(-r, r) }
        var w = Matrix(rows: m, columns: m, storage: aw)
        let a = (0..<m).map { aw[$0 * m + $0] }
        for i in 0..<m { w[i, i] = 0 }
        self.init(model: PLRNN(a: a, w: w, h: h, c: Matrix(rows: m, columns: 0),
                               b: Matrix(rows: n, columns: m, storage: b), mu0: [Double](repeating: 0, count: m)))
    }

    /// z_0 … z_T (the first block is the initial state), relu(z_0 … z_{T−1}) (computed by the unroll and
    /// needed again for dW), and one block of scratch for the backward pass.
    public struct Tape: ForcedTape {
        public internal(set) var rows = 0
        public internal(set) var steps = 0
        public init() {}
        public var stateBlocks: [Double] { z }
        var z: [Double] = []
        var phi: [Double] = []
        var scratch: [Double] = []
    }

    public func unroll(from initial: UnsafeBufferPointer<Double>, rows: Int, steps: Int, into tape: inout Tape) {
        let m = latentSize, block = rows * m
        precondition(initial.count == block, "ForcedPLRNN.unroll: initial state has the wrong size")
        tape.rows = rows
        tape.steps = steps
        grow(&tape.z, to: (steps + 1) * block)
        grow(&tape.phi, to: steps * block)
        grow(&tape.scratch, to: block)
        let a = model.a, h = model.h, w = model.w.storage
        tape.z.withUnsafeMutableBufferPointer { zb in
            tape.phi.withUnsafeMutableBufferPointer { pb in
                a.withUnsafeBufferPointer { ab in
                    h.withUnsafeBufferPointer { hb in
                        w.withUnsafeBufferPointer { wb in
                            let zp = zb.baseAddress!, ap = ab.baseAddress!, hp = hb.baseAddress!
                            zp.update(from: initial.baseAddress!, count: block)
                            for t in 1..<(steps + 1) {
                                let prev = zp + (t - 1) * block, cur = zp + t * block, p = pb.baseAddress! + (t - 1) * block
                                for k in 0..<block { p[k] = max(prev[k], 0) }
                                for r in 0..<rows {
                                    let o = r * m
                                    for i in 0..<m { cur[o + i] = ap[i] * prev[o + i] + hp[i] }
                                }
                                gemm(false, true, m: rows, n: m, k: m, p, m, wb.baseAddress!, m, beta: 1, cur, m)
                            }
                        }
                    }
                }
            }
        }
    }

    public func backward(_ tape: inout Tape, gradients: UnsafeMutableBufferPointer<Double>, parameters grads: inout [Matrix<Double>]) {
        let m = latentSize, rows = tape.rows, steps = tape.steps, block = rows * m
        precondition(gradients.count == (steps + 1) * block, "ForcedPLRNN.backward: gradient has the wrong size")
        let a = model.a, w = model.w.storage
        var dA = [Double](repeating: 0, count: m), dH = [Double](repeating: 0, count: m)
        var dW = [Double](repeating: 0, count: m * m)
        let gp = gradients.baseAddress!
        tape.z.withUnsafeBufferPointer { zb in
            tape.scratch.withUnsafeMutableBufferPointer { tb in
                a.withUnsafeBufferPointer { ab in
                    w.withUnsafeBufferPointer { wb in
                        dA.withUnsafeMutableBufferPointer { dab in
                            dH.withUnsafeMutableBufferPointer { dhb in
                                let tp = tb.baseAddress!, ap = ab.baseAddress!, da = dab.baseAddress!, dh = dhb.baseAddress!
                                for t in stride(from: steps, through: 1, by: -1) {
                                    let cur = gp + t * block, prev = gp + (t - 1) * block, zPrevs = zb.baseAddress! + (t - 1) * block
                                    gemm(false, false, m: rows, n: m, k: m, cur, m, wb.baseAddress!, m, beta: 0, tp, m)
                                    for r in 0..<rows {
                                        let o = r * m
                                        for i in 0..<m {
                                            let k = o + i
                                            let zPrev = zPrevs[k]
                                            da[i] += cur[k] * zPrev
                                            dh[i] += cur[k]
                                            prev[k] += ap[i] * cur[k] + (zPrev > 0 ? tp[k] : 0)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        tape.phi.withUnsafeBufferPointer { pb in
            dW.withUnsafeMutableBufferPointer { dwb in
                gemm(true, false, m: m, n: m, k: steps * rows, gp + block, m, pb.baseAddress!, m, beta: 0, dwb.baseAddress!, m)
            }
        }
        for i in 0..<m { dW[i * m + i] = 0 }
        grads[0].storage = dA
        grads[2].storage = dW
        grads[3].storage = dH
    }

    public func generate(from initial: [Double], steps: Int) -> Matrix<Double> {
        let m = latentSize, n = observationSize
        precondition(initial.count == m && steps >= 1)
        let a = model.a, h = model.h, w = model.w.storage, b = observation.storage
        var z = initial, next = [Double](repeating: 0, count: m), phi = [Double](repeating: 0, count: m)
        var x = Matrix<Double>(rows: steps, columns: n)
        for t in 0..<steps {
            for j in 0..<n {
                var s = 0.0
                for i in 0..<m { s += b[j * m + i] * z[i] }
                x.storage[t * n + j] = s
            }
            if t == steps - 1 { break }
            for i in 0..<m { phi[i] = max(z[i], 0) }
            for i in 0..<m {
                var s = a[i] * z[i] + h[i]
                let row = i * m
                for j in 0..<m { s += w[row + j] * phi[j] }
                next[i] = s
            }
            swap(&z, &next)
        }
        return x
    }
}
