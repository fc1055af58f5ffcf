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

    /// z_0 … z_T (the first block is the initial state).
    public struct Tape: Sendable {
        let rows: Int
        let steps: Int
        let z: [Double]
    }

    public func unroll(from initial: [Double], rows: Int, steps: Int) -> Tape {
        let m = latentSize, block = rows * m
        precondition(initial.count == block, "ForcedPLRNN.unroll: initial state has the wrong size")
        let a = model.a, h = model.h, w = model.w.storage
        var z = [Double](repeating: 0, count: (steps + 1) * block)
        var phi = [Double](repeating: 0, count: block)
        z.replaceSubrange(0..<block, with: initial)
        z.withUnsafeMutableBufferPointer { zb in
            phi.withUnsafeMutableBufferPointer { pb in
                w.withUnsafeBufferPointer { wb in
                    let p = pb.baseAddress!
                    for t in 1..<(steps + 1) {
                        let prev = zb.baseAddress! + (t - 1) * block, cur = zb.baseAddress! + t * block
                        for k in 0..<block { p[k] = max(prev[k], 0) }
                        for r in 0..<rows {
                            let o = r * m
                            for i in 0..<m { cur[o + i] = a[i] * prev[o + i] + h[i] }
                        }
                        gemm(false, true, m: rows, n: m, k: m, p, m, wb.baseAddress!, m, beta: 1, cur, m)
                    }
                }
            }
        }
        return Tape(rows: rows, steps: steps, z: z)
    }

    public func states(_ tape: Tape) -> [Double] { Array(tape.z[(tape.rows * latentSize)...]) }

    public func backward(_ tape: Tape, stateGradients: [Double]) -> (parameters: [Matrix<Double>], initial: [Double]) {
        let m = latentSize, rows = tape.rows, steps = tape.steps, block = rows * m
        precondition(stateGradients.count == steps * block, "ForcedPLRNN.backward: gradient has the wrong size")
        var g = [Double](repeating: 0, count: block) + stateGradients
        var tmp = [Double](repeating: 0, count: block)
        var phi = [Double](repeating: 0, count: steps * block)
        let a = model.a, w = model.w.storage
        var dA = [Double](repeating: 0, count: m), dH = [Double](repeating: 0, count: m)
        var dW = [Double](repeating: 0, count: m * m)
        for k in 0..<(steps * block) { phi[k] = max(tape.z[k], 0) }
        g.withUnsafeMutableBufferPointer { gb in
            tmp.withUnsafeMutableBufferPointer { tb in
                w.withUnsafeBufferPointer { wb in
                    let gp = gb.baseAddress!, tp = tb.baseAddress!
                    for t in stride(from: steps, through: 1, by: -1) {
                        let cur = gp + t * block, prev = gp + (t - 1) * block, zo = (t - 1) * block
                        gemm(false, false, m: rows, n: m, k: m, cur, m, wb.baseAddress!, m, beta: 0, tp, m)
                        for r in 0..<rows {
                            let o = r * m
                            for i in 0..<m {
                                let k = o + i
                                let zPrev = tape.z[zo + k]
                                dA[i] += cur[k] * zPrev
                                dH[i] += cur[k]
                                prev[k] += a[i] * cur[k] + (zPrev > 0 ? tp[k] : 0)
                            }
                        }
                    }
                    phi.withUnsafeBufferPointer { pb in
                        dW.withUnsafeMutableBufferPointer { dwb in
                            gemm(true, false, m: m, n: m, k: steps * rows, gp + block, m, pb.baseAddress!, m, beta: 0,
                                 dwb.baseAddress!, m)
                        }
                    }
                }
            }
        }
        for i in 0..<m { dW[i * m + i] = 0 }
        var grads = zeroGradients()
        grads[0].storage = dA
        grads[2].storage = dW
        grads[3].storage = dH
        return (grads, Array(g[0..<block]))
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
