import Foundation
import LinearAlgebra
import Models
import Randomness

/// The ChaosRNN LSTM (`nn.LSTM` run with zero inputs) as `LatentDynamics`: the forced and observed state
/// is the hidden state h (x̂_t = B h_t); the cell state starts at 0 at every forcing time, as in the
/// reference (`c = 0` whenever h is replaced by B⁺x).
///
/// Wraps `Models.LSTM`: `readout.weight` is B, `readout.bias` stays 0 (no bias in the reference
/// observation model); `weight_ih_l0` multiplies zero inputs and gets no gradient.
public struct ForcedLSTM: LatentDynamics {
    public var model: LSTM<Double>

    public var latentSize: Int { model.hiddenSize }
    public var observationSize: Int { model.outputSize }
    public var parameters: [Parameter<Double>] {
        get { model.parameters }
        set { model.parameters = newValue }
    }
    public var observationIndex: Int { 4 }

    public init(model: LSTM<Double>) { self.model = model }

    /// PyTorch defaults as in the reference (no forget-gate bias override); B ~ U(−1/√M, 1/√M); read-out bias 0.
    public init(latentSize m: Int, observationSize n: Int, generator: inout Generator) {
        var lstm = LSTM<Double>(inputSize: n, hiddenSize: m, outputSize: n, forgetGateBias: nil, generator: &generator)
        let r = 1 / Double(m).squareRoot()
        lstm.readoutWeight = Matrix(rows: n, columns: m, storage: (0..<(n * m)).map { _ in generator.uniform(-r, r) })
        lstm.readoutBias = Matrix(rows: n, columns: 1)
        self.init(model: lstm)
    }

    /// h_0 … h_T, c_0 … c_T, activated gates (i, f, g, o) and tanh(c_t) for t = 1 … T.
    public struct Tape: Sendable {
        let rows: Int
        let steps: Int
        let h: [Double]
        let c: [Double]
        let gates: [Double]
        let cellTanh: [Double]
    }

    private static func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    private var bias: [Double] { zip(model.biasIH.storage, model.biasHH.storage).map { $0 + $1 } }

    public func unroll(from initial: [Double], rows: Int, steps: Int) -> Tape {
        let m = latentSize, g4 = 4 * m, block = rows * m
        precondition(initial.count == block, "ForcedLSTM.unroll: initial state has the wrong size")
        let w = model.weightHH.storage, bias = self.bias
        var h = [Double](repeating: 0, count: (steps + 1) * block)
        var c = [Double](repeating: 0, count: (steps + 1) * block)
        var gates = [Double](repeating: 0, count: steps * rows * g4)
        var tc = [Double](repeating: 0, count: steps * block)
        h.replaceSubrange(0..<block, with: initial)
        h.withUnsafeMutableBufferPointer { hb in
        gates.withUnsafeMutableBufferPointer { gb in
        w.withUnsafeBufferPointer { wb in
            for t in 0..<steps {
                let gt = gb.baseAddress! + t * rows * g4
                for r in 0..<rows { for j in 0..<g4 { gt[r * g4 + j] = bias[j] } }
                gemm(false, true, m: rows, n: g4, k: m, hb.baseAddress! + t * block, m, wb.baseAddress!, m, beta: 1, gt, g4)
                for r in 0..<rows {
                    let row = gt + r * g4
                    for j in 0..<m {
                        let i = Self.sigmoid(row[j]), f = Self.sigmoid(row[m + j])
                        let g = Foundation.tanh(row[2 * m + j]), o = Self.sigmoid(row[3 * m + j])
                        row[j] = i; row[m + j] = f; row[2 * m + j] = g; row[3 * m + j] = o
                        let k = r * m + j
                        let cn = f * c[t * block + k] + i * g
                        let th = Foundation.tanh(cn)
                        c[(t + 1) * block + k] = cn
                        tc[t * block + k] = th
                        hb[(t + 1) * block + k] = o * th
                    }
                }
            }
        }
        }
        }
        return Tape(rows: rows, steps: steps, h: h, c: c, gates: gates, cellTanh: tc)
    }

    public func states(_ tape: Tape) -> [Double] { Array(tape.h[(tape.rows * latentSize)...]) }

    public func backward(_ tape: Tape, stateGradients: [Double]) -> (parameters: [Matrix<Double>], initial: [Double]) {
        let m = latentSize, g4 = 4 * m, rows = tape.rows, steps = tape.steps, block = rows * m
        precondition(stateGradients.count == steps * block, "ForcedLSTM.backward: gradient has the wrong size")
        var dG = [Double](repeating: 0, count: steps * rows * g4)
        var dh = [Double](repeating: 0, count: block), dc = [Double](repeating: 0, count: block)
        let w = model.weightHH.storage
        var dW = [Double](repeating: 0, count: g4 * m), dB = [Double](repeating: 0, count: g4)
        dG.withUnsafeMutableBufferPointer { dgb in
        dh.withUnsafeMutableBufferPointer { dhb in
        w.withUnsafeBufferPointer { wb in
            for t in stride(from: steps - 1, through: 0, by: -1) {
                for k in 0..<block { dhb[k] += stateGradients[t * block + k] }
                let dgt = dgb.baseAddress! + t * rows * g4
                for r in 0..<rows {
                    let go = t * rows * g4 + r * g4
                    for j in 0..<m {
                        let k = r * m + j
                        let i = tape.gates[go + j], f = tape.gates[go + m + j]
                        let g = tape.gates[go + 2 * m + j], o = tape.gates[go + 3 * m + j]
                        let th = tape.cellTanh[t * block + k]
                        let dcTotal = dc[k] + dhb[k] * o * (1 - th * th)
                        dgt[r * g4 + j] = dcTotal * g * i * (1 - i)
                        dgt[r * g4 + m + j] = dcTotal * tape.c[t * block + k] * f * (1 - f)
                        dgt[r * g4 + 2 * m + j] = dcTotal * i * (1 - g * g)
                        dgt[r * g4 + 3 * m + j] = dhb[k] * th * o * (1 - o)
                        dc[k] = dcTotal * f
                    }
                }
                gemm(false, false, m: rows, n: m, k: g4, dgt, g4, wb.baseAddress!, m, beta: 0, dhb.baseAddress!, m)
            }
            tape.h.withUnsafeBufferPointer { hb in
                dW.withUnsafeMutableBufferPointer { dwb in
                    gemm(true, false, m: g4, n: m, k: steps * rows, dgb.baseAddress!, g4, hb.baseAddress!, m, beta: 0,
                         dwb.baseAddress!, m)
                }
            }
            for r in 0..<(steps * rows) { for j in 0..<g4 { dB[j] += dgb[r * g4 + j] } }
        }
        }
        }
        var grads = zeroGradients()
        grads[1].storage = dW
        grads[2].storage = dB
        grads[3].storage = dB
        return (grads, dh)
    }

    public func generate(from initial: [Double], steps: Int) -> Matrix<Double> {
        let m = latentSize, n = observationSize
        precondition(initial.count == m && steps >= 1)
        let w = model.weightHH.storage, b = observation.storage, bias = self.bias
        var h = initial, c = [Double](repeating: 0, count: m), pre = [Double](repeating: 0, count: 4 * m)
        var x = Matrix<Double>(rows: steps, columns: n)
        for t in 0..<steps {
            for j in 0..<n {
                var s = 0.0
                for i in 0..<m { s += b[j * m + i] * h[i] }
                x.storage[t * n + j] = s
            }
            if t == steps - 1 { break }
            for r in 0..<(4 * m) {
                var s = bias[r]
                for j in 0..<m { s += w[r * m + j] * h[j] }
                pre[r] = s
            }
            for j in 0..<m {
                let i = Self.sigmoid(pre[j]), f = Self.sigmoid(pre[m + j])
                let g = Foundation.tanh(pre[2 * m + j]), o = Self.sigmoid(pre[3 * m + j])
                c[j] = f * c[j] + i * g
                h[j] = o * Foundation.tanh(c[j])
            }
        }
        return x
    }
}
