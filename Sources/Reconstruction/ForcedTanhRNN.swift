import Foundation
import LinearAlgebra
import Models
import Randomness

/// The ChaosRNN vanilla RNN (`nn.RNN(tanh)` run with zero inputs), z_t = tanh(W_hh z_{t−1} + b_ih + b_hh),
/// x̂_t = B z_t, as `LatentDynamics`.
///
/// Wraps `Models.ElmanRNN` (tanh): `readout.weight` is B and `readout.bias` stays 0 (the reference
/// observation model has no bias, so it gets no gradient); `weight_ih_l0` multiplies zero inputs and gets
/// no gradient either.
public struct ForcedTanhRNN: LatentDynamics {
    public var model: ElmanRNN<Double>

    public var latentSize: Int { model.hiddenSize }
    public var observationSize: Int { model.outputSize }
    public var parameters: [Parameter<Double>] {
        get { model.parameters }
        set { model.parameters = newValue }
    }
    public var observationIndex: Int { 4 }

    public init(model: ElmanRNN<Double>) {
        precondition(model.activation == .tanh && model.parameters[4].name == "readout.weight",
                     "ForcedTanhRNN: expects a tanh Models.ElmanRNN")
        self.model = model
    }

    /// PyTorch defaults as in the reference: every `nn.RNN` tensor and B ~ U(−1/√M, 1/√M); read-out bias 0.
    public init(latentSize m: Int, observationSize n: Int, generator: inout Generator) {
        let r = 1 / Double(m).squareRoot()
        func draw(_ rows: Int, _ columns: Int) -> Matrix<Double> {
            Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in generator.uniform(-r, r) })
        }
        let wih = draw(m, n), whh = draw(m, m), bih = draw(m, 1).storage, bhh = draw(m, 1).storage, b = draw(n, m)
        self.init(model: ElmanRNN(activation: .tanh, weightIH: wih, weightHH: whh, biasIH: bih, biasHH: bhh,
                                  readoutWeight: b, readoutBias: [Double](repeating: 0, count: n)))
    }

    /// z_0 … z_T, and dL/d(pre-activation) of every step for the backward pass.
    public struct Tape: ForcedTape {
        public internal(set) var rows = 0
        public internal(set) var steps = 0
        public init() {}
        public var stateBlocks: [Double] { z }
        var z: [Double] = []
        var dPre: [Double] = []
    }

    private var bias: [Double] {
        let p = model.parameters
        return zip(p[2].value.storage, p[3].value.storage).map { $0 + $1 }
    }

    public func unroll(from initial: UnsafeBufferPointer<Double>, rows: Int, steps: Int, into tape: inout Tape) {
        let m = latentSize, block = rows * m
        precondition(initial.count == block, "ForcedTanhRNN.unroll: initial state has the wrong size")
        tape.rows = rows
        tape.steps = steps
        grow(&tape.z, to: (steps + 1) * block)
        grow(&tape.dPre, to: steps * block)
        let w = model.weightHH.storage, bias = self.bias
        tape.z.withUnsafeMutableBufferPointer { zb in
            withPointers(w, bias) { wp, bp in
                let zp = zb.baseAddress!
                zp.update(from: initial.baseAddress!, count: block)
                for t in 1..<(steps + 1) {
                    let prev = zp + (t - 1) * block, cur = zp + t * block
                    for r in 0..<rows { for i in 0..<m { cur[r * m + i] = bp[i] } }
                    gemm(false, true, m: rows, n: m, k: m, prev, m, wp, m, beta: 1, cur, m)
                    for k in 0..<block { cur[k] = Foundation.tanh(cur[k]) }
                }
            }
        }
    }

    public func backward(_ tape: inout Tape, gradients: UnsafeMutableBufferPointer<Double>, parameters grads: inout [Matrix<Double>]) {
        let m = latentSize, rows = tape.rows, steps = tape.steps, block = rows * m
        precondition(gradients.count == (steps + 1) * block, "ForcedTanhRNN.backward: gradient has the wrong size")
        let w = model.weightHH.storage
        var dW = [Double](repeating: 0, count: m * m), dB = [Double](repeating: 0, count: m)
        let gp = gradients.baseAddress!
        tape.z.withUnsafeBufferPointer { zb in
            tape.dPre.withUnsafeMutableBufferPointer { db in
                w.withUnsafeBufferPointer { wb in
                    let zp = zb.baseAddress!, dp = db.baseAddress!
                    for t in stride(from: steps, through: 1, by: -1) {
                        let cur = gp + t * block, prev = gp + (t - 1) * block, d = dp + (t - 1) * block, zt = zp + t * block
                        for k in 0..<block {
                            let z = zt[k]
                            d[k] = cur[k] * (1 - z * z)
                        }
                        gemm(false, false, m: rows, n: m, k: m, d, m, wb.baseAddress!, m, beta: 1, prev, m)
                    }
                    dW.withUnsafeMutableBufferPointer { dwb in
                        gemm(true, false, m: m, n: m, k: steps * rows, dp, m, zp, m, beta: 0, dwb.baseAddress!, m)
                    }
                    dB.withUnsafeMutableBufferPointer { dbb in
                        for r in 0..<(steps * rows) { for i in 0..<m { dbb[i] += dp[r * m + i] } }
                    }
                }
            }
        }
        grads[1].storage = dW
        grads[2].storage = dB
        grads[3].storage = dB
    }

    public func generate(from initial: [Double], steps: Int) -> Matrix<Double> {
        let m = latentSize, n = observationSize
        precondition(initial.count == m && steps >= 1)
        let w = model.weightHH.storage, b = observation.storage, bias = self.bias
        var z = initial, next = [Double](repeating: 0, count: m)
        var x = Matrix<Double>(rows: steps, columns: n)
        for t in 0..<steps {
            for j in 0..<n {
                var s = 0.0
                for i in 0..<m { s += b[j * m + i] * z[i] }
                x.storage[t * n + j] = s
            }
            if t == steps - 1 { break }
            for i in 0..<m {
                var s = bias[i]
                for j in 0..<m { s += w[i * m + j] * z[j] }
                next[i] = Foundation.tanh(s)
            }
            swap(&z, &next)
        }
        return x
    }
}
