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

    /// h_0 … h_T, c_0 … c_T, activated gates (i, f, g, o) and tanh(c_t) for t = 1 … T, and the backward
    /// pass's gate gradients and cell-gradient block.
    public struct Tape: ForcedTape {
        public internal(set) var rows = 0
        public internal(set) var steps = 0
        public init() {}
        public var stateBlocks: [Double] { h }
        var h: [Double] = []
        var c: [Double] = []
        var gates: [Double] = []
        var cellTanh: [Double] = []
        var gateGradients: [Double] = []
        var cellGradient: [Double] = []
    }

    private static func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    private var bias: [Double] { zip(model.biasIH.storage, model.biasHH.storage).map { $0 + $1 } }

    public func unroll(from initial: UnsafeBufferPointer<Double>, rows: Int, steps: Int, into tape: inout Tape) {
        let m = latentSize, g4 = 4 * m, block = rows * m
        precondition(initial.count == block, "ForcedLSTM.unroll: initial state has the wrong size")
        tape.rows = rows
        tape.steps = steps
        grow(&tape.h, to: (steps + 1) * block)
        grow(&tape.c, to: (steps + 1) * block)
        grow(&tape.gates, to: steps * rows * g4)
        grow(&tape.cellTanh, to: steps * block)
        grow(&tape.gateGradients, to: steps * rows * g4)
        grow(&tape.cellGradient, to: block)
        let w = model.weightHH.storage, bias = self.bias
        tape.h.withUnsafeMutableBufferPointer { hb in
        tape.c.withUnsafeMutableBufferPointer { cb in
        tape.cellTanh.withUnsafeMutableBufferPointer { tcb in
        tape.gates.withUnsafeMutableBufferPointer { gb in
        withPointers(w, bias) { wp, bp in
            let hp = hb.baseAddress!, cp = cb.baseAddress!, tc = tcb.baseAddress!
            hp.update(from: initial.baseAddress!, count: block)
            cp.update(repeating: 0, count: block)
            for t in 0..<steps {
                let gt = gb.baseAddress! + t * rows * g4
                for r in 0..<rows { for j in 0..<g4 { gt[r * g4 + j] = bp[j] } }
                gemm(false, true, m: rows, n: g4, k: m, hp + t * block, m, wp, m, beta: 1, gt, g4)
                for r in 0..<rows {
                    let row = gt + r * g4
                    for j in 0..<m {
                        let i = Self.sigmoid(row[j]), f = Self.sigmoid(row[m + j])
                        let g = Foundation.tanh(row[2 * m + j]), o = Self.sigmoid(row[3 * m + j])
                        row[j] = i; row[m + j] = f; row[2 * m + j] = g; row[3 * m + j] = o
                        let k = r * m + j
                        let cn = f * cp[t * block + k] + i * g
                        let th = Foundation.tanh(cn)
                        cp[(t + 1) * block + k] = cn
                        tc[t * block + k] = th
                        hp[(t + 1) * block + k] = o * th
                    }
                }
            }
        }
        }
        }
        }
        }
    }

    public func backward(_ tape: inout Tape, gradients: UnsafeMutableBufferPointer<Double>, parameters grads: inout [Matrix<Double>]) {
        let m = latentSize, g4 = 4 * m, rows = tape.rows, steps = tape.steps, block = rows * m
        precondition(gradients.count == (steps + 1) * block, "ForcedLSTM.backward: gradient has the wrong size")
        let w = model.weightHH.storage
        var dW = [Double](repeating: 0, count: g4 * m), dB = [Double](repeating: 0, count: g4)
        // dL/dh accumulates in the first block (zero on entry); the state gradient of step t + 1 follows.
        let dhb = gradients.baseAddress!
        tape.gateGradients.withUnsafeMutableBufferPointer { dgb in
        tape.cellGradient.withUnsafeMutableBufferPointer { dcb in
        tape.gates.withUnsafeBufferPointer { gatesb in
        tape.cellTanh.withUnsafeBufferPointer { tcb in
        tape.c.withUnsafeBufferPointer { cb in
        w.withUnsafeBufferPointer { wb in
            let dc = dcb.baseAddress!, gates = gatesb.baseAddress!, tcp = tcb.baseAddress!, cp = cb.baseAddress!
            dc.update(repeating: 0, count: block)
            for t in stride(from: steps - 1, through: 0, by: -1) {
                let sg = dhb + (t + 1) * block
                for k in 0..<block { dhb[k] += sg[k] }
                let dgt = dgb.baseAddress! + t * rows * g4
                for r in 0..<rows {
                    let go = t * rows * g4 + r * g4
                    for j in 0..<m {
                        let k = r * m + j
                        let i = gates[go + j], f = gates[go + m + j]
                        let g = gates[go + 2 * m + j], o = gates[go + 3 * m + j]
                        let th = tcp[t * block + k]
                        let dcTotal = dc[k] + dhb[k] * o * (1 - th * th)
                        dgt[r * g4 + j] = dcTotal * g * i * (1 - i)
                        dgt[r * g4 + m + j] = dcTotal * cp[t * block + k] * f * (1 - f)
                        dgt[r * g4 + 2 * m + j] = dcTotal * i * (1 - g * g)
                        dgt[r * g4 + 3 * m + j] = dhb[k] * th * o * (1 - o)
                        dc[k] = dcTotal * f
                    }
                }
                gemm(false, false, m: rows, n: m, k: g4, dgt, g4, wb.baseAddress!, m, beta: 0, dhb, m)
            }
            tape.h.withUnsafeBufferPointer { hb in
                dW.withUnsafeMutableBufferPointer { dwb in
                    gemm(true, false, m: g4, n: m, k: steps * rows, dgb.baseAddress!, g4, hb.baseAddress!, m, beta: 0,
                         dwb.baseAddress!, m)
                }
            }
            dB.withUnsafeMutableBufferPointer { dbb in
                for r in 0..<(steps * rows) { for j in 0..<g4 { dbb[j] += dgb[r * g4 + j] } }
            }
        }
        }
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
