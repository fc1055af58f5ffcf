import Foundation
import LinearAlgebra
import Randomness

/// A single-layer Elman RNN as PyTorch's `nn.RNN` plus a `Linear` read-out:
/// `h_t = φ(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)`, `h_0 = 0`, `y_t = W_out h_t + b_out`, φ ∈ {ReLU, tanh}.
///
/// Parameters (PyTorch names and shapes): `weight_ih_l0` (H×inputs), `weight_hh_l0` (H×H),
/// `bias_ih_l0` (H×1), `bias_hh_l0` (H×1), `readout.weight` (outputs×H), `readout.bias` (outputs×1).
/// Covers the RNN, L2RNN, iRNN, npRNN, oRNN and tanh-RNN baselines through `ElmanVariant`.
public struct ElmanRNN<Scalar: BLASScalar>: RecurrentModel {
    public typealias Tape = ElmanTape<Scalar>

    public let inputSize: Int
    public let hiddenSize: Int
    public let outputSize: Int
    public let activation: ElmanActivation
    public var parameters: [Parameter<Scalar>]
    /// Optional L2 penalty (off for every published variant; see `ElmanVariant.l2RNN`).
    public var l2: ElmanL2?
    /// Float products by W_hh through `PackedGEMM` where the CPU allows (the default, faster);
    /// false keeps OpenBLAS for every product. Results agree to rounding, not bit for bit.
    public var usePackedGEMM = true

    @usableFromInline static var iWih: Int { 0 }
    @usableFromInline static var iWhh: Int { 1 }
    @usableFromInline static var iBih: Int { 2 }
    @usableFromInline static var iBhh: Int { 3 }
    @usableFromInline static var iWout: Int { 4 }
    @usableFromInline static var iBout: Int { 5 }

    public init(inputSize: Int, hiddenSize: Int, outputSize: Int, activation: ElmanActivation = .relu,
                initialization: ElmanInitialization = .pytorchDefault, l2: ElmanL2? = nil, generator: inout Generator) {
        let d = ElmanDraw(inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize,
                          initialization: initialization, generator: &generator)
        self.init(activation: activation,
                  weightIH: Matrix(rows: hiddenSize, columns: inputSize, storage: d.wih),
                  weightHH: Matrix(rows: hiddenSize, columns: hiddenSize, storage: d.whh),
                  biasIH: d.bih, biasHH: d.bhh,
                  readoutWeight: Matrix(rows: outputSize, columns: hiddenSize, storage: d.wout), readoutBias: d.bout,
                  l2: l2)
    }

    /// One of the published comparison models.
    public init(inputSize: Int, hiddenSize: Int, outputSize: Int, variant: ElmanVariant, generator: inout Generator) {
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize, activation: variant.activation,
                  initialization: variant.initialization, l2: variant.l2, generator: &generator)
    }

    /// An RNN with explicit parameters (Double values, converted to `Scalar`).
    public init(activation: ElmanActivation, weightIH: Matrix<Double>, weightHH: Matrix<Double>,
                biasIH: [Double], biasHH: [Double], readoutWeight: Matrix<Double>, readoutBias: [Double],
                l2: ElmanL2? = nil) {
        let m = weightHH.rows
        precondition(weightHH.columns == m && weightIH.rows == m && biasIH.count == m && biasHH.count == m
                     && readoutWeight.columns == m && readoutBias.count == readoutWeight.rows,
                     "ElmanRNN: inconsistent parameter shapes")
        inputSize = weightIH.columns
        hiddenSize = m
        outputSize = readoutWeight.rows
        self.activation = activation
        self.l2 = l2
        func column(_ v: [Double]) -> Matrix<Scalar> { Matrix(rows: v.count, columns: 1, storage: v.map { Scalar($0) }) }
        parameters = [
            Parameter("weight_ih_l0", weightIH.converted()),
            Parameter("weight_hh_l0", weightHH.converted()),
            Parameter("bias_ih_l0", column(biasIH)),
            Parameter("bias_hh_l0", column(biasHH)),
            Parameter("readout.weight", readoutWeight.converted()),
            Parameter("readout.bias", column(readoutBias)),
        ]
    }

    public var weightHH: Matrix<Scalar> { parameters[Self.iWhh].value }
    public var weightIH: Matrix<Scalar> { parameters[Self.iWih].value }

    // MARK: Forward

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ inputs: [Matrix<Scalar>], readout: ReadoutSteps) -> (outputs: [Matrix<Scalar>], tape: Tape) {
        let steps = inputs.count
        precondition(steps > 0, "ElmanRNN.forward: empty input sequence")
        let n = inputs[0].rows, m = hiddenSize, nin = inputSize, out = outputSize
        let block = n * m
        var x = [Scalar](repeating: 0, count: steps * n * nin)
        for (t, xt) in inputs.enumerated() {
            precondition(xt.rows == n && xt.columns == nin, "ElmanRNN.forward: input \(t) is \(xt.rows)×\(xt.columns), expected \(n)×\(nin)")
            x.replaceSubrange((t * n * nin)..<((t + 1) * n * nin), with: xt.storage)
        }
        // h_0 … h_T then the pre-activations, in one allocation (see PLRNNTape.storage for why).
        let preOffset = (steps + 1) * block
        var storage = [Scalar](repeating: 0, count: (2 * steps + 1) * block)
        let wih = parameters[Self.iWih].value.storage
        let whh = parameters[Self.iWhh].value.storage
        var bias = parameters[Self.iBih].value.storage
        for i in 0..<m { bias[i] += parameters[Self.iBhh].value.storage[i] }
        let isTanh = activation == .tanh

        storage.withUnsafeMutableBufferPointer { sb in
        do {
        whh.withUnsafeBufferPointer { wb in
        bias.withUnsafeBufferPointer { bb in
            let p = sb.baseAddress! + preOffset, hp = sb.baseAddress!
            for row in 0..<(steps * n) { for i in 0..<m { p[row * m + i] = bb[i] } }
            if nin > 0 {
                x.withUnsafeBufferPointer { xb in
                    wih.withUnsafeBufferPointer { ib in
                        Scalar.gemm(transposeA: false, transposeB: true, m: steps * n, n: m, k: nin,
                                    alpha: 1, a: xb.baseAddress!, lda: nin, b: ib.baseAddress!, ldb: nin,
                                    beta: 1, c: p, ldc: m)
                    }
                }
            }
            RepeatedProduct.with(k: m, n: m, wb.baseAddress!, ldb: m, transposed: true, usePacked: usePackedGEMM) { product in
            for t in 1...steps {
                let cur = p + (t - 1) * block, hPrev = hp + (t - 1) * block, hCur = hp + t * block
                if t > 1 { product.multiply(m: n, hPrev, lda: m, into: cur, ldc: m, accumulate: true) }
                if isTanh && Scalar.self == Float.self {
                    // The vectorised rational tanh (≤ 4·10⁻⁷ relative error): libm tanh per element dominated the step.
                    CellSIMD.tanh(floats(cur), into: floats(hCur), count: block)
                } else if isTanh {
                    for k in 0..<block { hCur[k] = Scalar(Foundation.tanh(Double(cur[k]))) }
                } else {
                    for k in 0..<block { hCur[k] = max(cur[k], 0) }
                }
            }
            }
        }
        }
        }
        }
        let tape = Tape(batch: n, steps: steps, readout: readout, x: x, storage: storage, preOffset: preOffset)

        let first = readout == .last ? steps : 1
        let count = steps - first + 1
        var y = [Scalar](repeating: 0, count: count * n * out)
        let bout = parameters[Self.iBout].value.storage
        for row in 0..<(count * n) { for j in 0..<out { y[row * out + j] = bout[j] } }
        tape.storage.withUnsafeBufferPointer { hb in
            parameters[Self.iWout].value.storage.withUnsafeBufferPointer { wb in
                y.withUnsafeMutableBufferPointer { yb in
                    Scalar.gemm(transposeA: false, transposeB: true, m: count * n, n: out, k: m,
                                alpha: 1, a: hb.baseAddress! + first * block, lda: m, b: wb.baseAddress!, ldb: m,
                                beta: 1, c: yb.baseAddress!, ldc: out)
                }
            }
        }
        let outputs = (0..<count).map { k in Matrix(rows: n, columns: out, storage: Array(y[(k * n * out)..<((k + 1) * n * out)])) }
        return (outputs, tape)
    }

    // MARK: Backward

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ tape: Tape, outputGradients: [Matrix<Scalar>]) -> [Matrix<Scalar>] {
        let n = tape.batch, m = hiddenSize, out = outputSize, nin = inputSize, steps = tape.steps
        let block = n * m
        let first = tape.readout == .last ? steps : 1
        let count = steps - first + 1
        precondition(outputGradients.count == count, "ElmanRNN.backward: \(outputGradients.count) output gradients for \(count) outputs")
        var dy = [Scalar](repeating: 0, count: count * n * out)
        for (k, g) in outputGradients.enumerated() {
            precondition(g.rows == n && g.columns == out, "ElmanRNN.backward: output gradient \(k) has the wrong shape")
            dy.replaceSubrange((k * n * out)..<((k + 1) * n * out), with: g.storage)
        }
        // Block t holds dL/dh_t until step t is processed, then dL/dpre_t (overwritten in place).
        var work = [Scalar](repeating: 0, count: (steps + 1) * block)
        var dWih = [Scalar](repeating: 0, count: m * nin)
        var dWhh = [Scalar](repeating: 0, count: m * m)
        var dB = [Scalar](repeating: 0, count: m)
        var dWout = [Scalar](repeating: 0, count: out * m)
        var dBout = [Scalar](repeating: 0, count: out)
        let whh = parameters[Self.iWhh].value.storage, wout = parameters[Self.iWout].value.storage
        let isTanh = activation == .tanh

        tape.storage.withUnsafeBufferPointer { hb in
        work.withUnsafeMutableBufferPointer { wkb in
        dy.withUnsafeBufferPointer { dyb in
            let h = hb.baseAddress!, pre = hb.baseAddress! + tape.preOffset
            let g = wkb.baseAddress!, dp = wkb.baseAddress! + block
            wout.withUnsafeBufferPointer { wb in
                Scalar.gemm(transposeA: false, transposeB: false, m: count * n, n: m, k: out,
                            alpha: 1, a: dyb.baseAddress!, lda: out, b: wb.baseAddress!, ldb: m,
                            beta: 0, c: g + first * block, ldc: m)
            }
            dWout.withUnsafeMutableBufferPointer { db in
                Scalar.gemm(transposeA: true, transposeB: false, m: out, n: m, k: count * n,
                            alpha: 1, a: dyb.baseAddress!, lda: out, b: h + first * block, ldb: m,
                            beta: 0, c: db.baseAddress!, ldc: m)
            }
            for row in 0..<(count * n) { for j in 0..<out { dBout[j] += dyb[row * out + j] } }

            whh.withUnsafeBufferPointer { wb in
                RepeatedProduct.with(k: m, n: m, wb.baseAddress!, ldb: m, transposed: false, usePacked: usePackedGEMM) { product in
                for t in stride(from: steps, through: 1, by: -1) {
                    let gCur = g + t * block, hCur = h + t * block, pCur = pre + (t - 1) * block, d = dp + (t - 1) * block
                    if isTanh {
                        for k in 0..<block { d[k] = gCur[k] * (1 - hCur[k] * hCur[k]) }
                    } else {
                        for k in 0..<block { d[k] = pCur[k] > 0 ? gCur[k] : 0 }
                    }
                    if t > 1 { product.multiply(m: n, d, lda: m, into: g + (t - 1) * block, ldc: m, accumulate: true) }
                }
                }
            }
            dWhh.withUnsafeMutableBufferPointer { db in
                // h_0 = 0 contributes nothing, so sum over steps 2…T only.
                if steps > 1 {
                    Scalar.gemm(transposeA: true, transposeB: false, m: m, n: m, k: (steps - 1) * n,
                                alpha: 1, a: dp + block, lda: m, b: h + block, ldb: m, beta: 0, c: db.baseAddress!, ldc: m)
                }
            }
            if nin > 0 {
                tape.x.withUnsafeBufferPointer { xb in
                    dWih.withUnsafeMutableBufferPointer { db in
                        Scalar.gemm(transposeA: true, transposeB: false, m: m, n: nin, k: steps * n,
                                    alpha: 1, a: dp, lda: m, b: xb.baseAddress!, ldb: nin, beta: 0, c: db.baseAddress!, ldc: nin)
                    }
                }
            }
            dB.withUnsafeMutableBufferPointer { dbb in
                let db = dbb.baseAddress!
                for row in 0..<(steps * n) { for i in 0..<m { db[i] += dp[row * m + i] } }
            }
        }
        }
        }
        return [
            Matrix(rows: m, columns: nin, storage: dWih),
            Matrix(rows: m, columns: m, storage: dWhh),
            Matrix(rows: m, columns: 1, storage: dB),
            Matrix(rows: m, columns: 1, storage: dB),
            Matrix(rows: out, columns: m, storage: dWout),
            Matrix(rows: out, columns: 1, storage: dBout),
        ]
    }

    // MARK: Regularisation

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func regularization() -> (loss: Scalar, gradients: [Matrix<Scalar>]) {
        var gradients = parameters.map { Matrix<Scalar>(rows: $0.value.rows, columns: $0.value.columns) }
        guard let l2, l2.tau != 0 else { return (0, gradients) }
        let penalised = l2.includeBiases ? Array(parameters.indices) : [Self.iWih, Self.iWhh, Self.iWout]
        var loss = 0.0
        for p in penalised {
            for (i, v) in parameters[p].value.storage.enumerated() {
                loss += l2.tau * Double(v) * Double(v)
                gradients[p].storage[i] = Scalar(2 * l2.tau * Double(v))
            }
        }
        return (Scalar(loss), gradients)
    }
}

/// What `ElmanRNN.forward` keeps for `backward`: inputs, pre-activations and hidden states, flat row-major.
public struct ElmanTape<Scalar: BLASScalar>: Sendable {
    public let batch: Int
    public let steps: Int
    public let readout: ReadoutSteps
    var x: [Scalar]
    var storage: [Scalar]
    let preOffset: Int

    /// h_0 (= 0) … h_T, each batch×H, flat.
    public var h: ArraySlice<Scalar> { storage[0..<preOffset] }
    /// Pre-activations of steps 1 … T, each batch×H, flat.
    public var pre: [Scalar] { Array(storage[preOffset...]) }

    /// The smallest |pre-activation|: distance to the ReLU kink, for gradient checks.
    public var smallestPreactivation: Scalar { storage[preOffset...].reduce(Scalar.infinity) { min($0, abs($1)) } }
}
