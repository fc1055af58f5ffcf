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

    /// z_0 … z_T.
    public struct Tape: Sendable {
        let rows: Int
        let steps: Int
        let z: [Double]
    }

    private var bias: [Double] {
        let p = model.parameters
        return zip(p[2].value.storage, p[3].value.storage).map { $0 + $1 }
    }

    public func unroll(from initial: [Double], rows: Int, steps: Int) -> Tape {
        let m = latentSize, block = rows * m
        precondition(initial.count == block, "ForcedTanhRNN.unroll: initial state has the wrong size")
        let w = model.weightHH.storage, bias = self.bias
        var z = [Double](repeating: 0, count: (steps + 1) * block)
        z.replaceSubrange(0..<block, with: initial)
        z.withUnsafeMutableBufferPointer { zb in
            w.withUnsafeBufferPointer { wb in
                for t in 1..<(steps + 1) {
                    let prev = zb.baseAddress! + (t - 1) * block, cur = zb.baseAddress! + t * block
                    for r in 0..<rows { for i in 0..<m { cur[r * m + i] = bias[i] } }
                    gemm(false, true, m: rows, n: m, k: m, prev, m, wb.baseAddress!, m, beta: 1, cur, m)
                    for k in 0..<block { cur[k] = Foundation.tanh(cur[k]) }
                }
            }
        }
        return Tape(rows: rows, steps: steps, z: z)
    }

    public func states(_ tape: Tape) -> [Double] { Array(tape.z[(tape.rows * latentSize)...]) }

    public func backward(_ tape: Tape, stateGradients: [Double]) -> (parameters: [Matrix<Double>], initial: [Double]) {
        let m = latentSize, rows = tape.rows, steps = tape.steps, block = rows * m
        precondition(stateGradients.count == steps * block, "ForcedTanhRNN.backward: gradient has the wrong size")
        var g = [Double](repeating: 0, count: block) + stateGradients
        var dPre = [Double](repeating: 0, count: steps * block)
        let w = model.weightHH.storage
        var dW = [Double](repeating: 0, count: m * m), dB = [Double](repeating: 0, count: m)
        g.withUnsafeMutableBufferPointer { gb in
            dPre.withUnsafeMutableBufferPointer { db in
                w.withUnsafeBufferPointer { wb in
                    let gp = gb.baseAddress!
                    for t in stride(from: steps, through: 1, by: -1) {
                        let cur = gp + t * block, prev = gp + (t - 1) * block, d = db.baseAddress! + (t - 1) * block
                        for k in 0..<block {
                            let z = tape.z[t * block + k]
                            d[k] = cur[k] * (1 - z * z)
                        }
                        gemm(false, false, m: rows, n: m, k: m, d, m, wb.baseAddress!, m, beta: 1, prev, m)
                    }
                    tape.z.withUnsafeBufferPointer { zb in
                        dW.withUnsafeMutableBufferPointer { dwb in
                            gemm(true, false, m: m, n: m, k: steps * rows, db.baseAddress!, m, zb.baseAddress!, m, beta: 0,
                                 dwb.baseAddress!, m)
                        }
                    }
                    for r in 0..<(steps * rows) { for i in 0..<m { dB[i] += db[r * m + i] } }
                }
            }
        }
        var grads = zeroGradients()
        grads[1].storage = dW
        grads[2].storage = dB
        grads[3].storage = dB
        return (grads, Array(g[0..<block]))
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
