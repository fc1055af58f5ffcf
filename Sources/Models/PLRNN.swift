import Foundation
import LinearAlgebra
import Randomness

/// The piecewise-linear RNN of the reg-PLRNN papers, trained by BPTT:
/// `z_t = A⊙z_{t−1} + W_off·relu(z_{t−1}) + h + C s_t`, `z_0 = μ0` (trainable, shared by the batch),
/// read-out `y_t = B z_t` (linear, no bias; logits for classification).
///
/// Parameters, named as the reference PyTorch module's `state_dict()` (and in that order):
/// `A.weight` (M×1, the diagonal of A), `B.weight` (outputs×M), `W.weight` (M×M; its diagonal is ignored —
/// zeroed in the forward pass, so it gets no loss gradient), `W.bias` (M×1, h), `CLinear.weight` (M×inputs),
/// `mu0` (M×1).
public struct PLRNN<Scalar: BLASScalar>: RecurrentModel {
    public typealias Tape = PLRNNTape<Scalar>

    public let inputSize: Int
    public let hiddenSize: Int
    public let outputSize: Int
    public var parameters: [Parameter<Scalar>]
    /// The rPLRNN / L2PLRNN penalty, or nil.
    public var regularizer: PLRNNRegularization?

    // Positions in `parameters`.
    @usableFromInline static var iA: Int { 0 }
    @usableFromInline static var iB: Int { 1 }
    @usableFromInline static var iW: Int { 2 }
    @usableFromInline static var iH: Int { 3 }
    @usableFromInline static var iC: Int { 4 }
    @usableFromInline static var iMu0: Int { 5 }

    /// A PLRNN with the given initialisation (drawn from `generator`) and optional regulariser.
    public init(inputSize: Int, hiddenSize: Int, outputSize: Int,
                initialization: PLRNNInitialization = .random, regularizer: PLRNNRegularization? = nil,
                generator: inout Generator) {
        let d = PLRNNDraw(inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize,
                          initialization: initialization, generator: &generator)
        self.init(a: d.a, w: Matrix(rows: hiddenSize, columns: hiddenSize, storage: d.w), h: d.h,
                  c: Matrix(rows: hiddenSize, columns: inputSize, storage: d.c),
                  b: Matrix(rows: outputSize, columns: hiddenSize, storage: d.b), mu0: d.mu0,
                  regularizer: regularizer)
    }

    /// One of the published variants (PLRNN, iPLRNN, rPLRNN, L2f/L2pPLRNN).
    public init(inputSize: Int, hiddenSize: Int, outputSize: Int, variant: PLRNNVariant, generator: inout Generator) {
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, outputSize: outputSize,
                  initialization: variant.initialization(hiddenSize: hiddenSize),
                  regularizer: variant.regularization(hiddenSize: hiddenSize), generator: &generator)
    }

    /// A PLRNN with explicit parameters (Double values, converted to `Scalar`).
    public init(a: [Double], w: Matrix<Double>, h: [Double], c: Matrix<Double>, b: Matrix<Double>, mu0: [Double],
                regularizer: PLRNNRegularization? = nil) {
        let m = a.count
        precondition(w.rows == m && w.columns == m && h.count == m && mu0.count == m && c.rows == m && b.columns == m,
                     "PLRNN: inconsistent parameter shapes")
        inputSize = c.columns
        hiddenSize = m
        outputSize = b.rows
        self.regularizer = regularizer
        func column(_ v: [Double]) -> Matrix<Scalar> { Matrix(rows: v.count, columns: 1, storage: v.map { Scalar($0) }) }
        parameters = [
            Parameter("A.weight", column(a)),
            Parameter("B.weight", b.converted()),
            Parameter("W.weight", w.converted()),
            Parameter("W.bias", column(h)),
            Parameter("CLinear.weight", c.converted()),
            Parameter("mu0", column(mu0)),
        ]
    }

    // MARK: Views of the parameters

    /// Diagonal of A.
    public var a: [Scalar] { parameters[Self.iA].value.storage }
    /// W with its diagonal zeroed, as used in the forward pass.
    public var w: Matrix<Scalar> {
        var w = parameters[Self.iW].value
        for i in 0..<hiddenSize { w[i, i] = 0 }
        return w
    }
    public var h: [Scalar] { parameters[Self.iH].value.storage }
    public var c: Matrix<Scalar> { parameters[Self.iC].value }
    public var b: Matrix<Scalar> { parameters[Self.iB].value }
    public var mu0: [Scalar] { parameters[Self.iMu0].value.storage }

    // MARK: Forward

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ inputs: [Matrix<Scalar>], readout: ReadoutSteps) -> (outputs: [Matrix<Scalar>], tape: Tape) {
        let steps = inputs.count
        precondition(steps > 0, "PLRNN.forward: empty input sequence")
        let n = inputs[0].rows
        let m = hiddenSize, nin = inputSize
        let block = n * m
        var tape = Tape(batch: n, steps: steps, hidden: m, inputs: nin, readout: readout)

        for (t, x) in inputs.enumerated() {
            precondition(x.rows == n && x.columns == nin, "PLRNN.forward: input \(t) is \(x.rows)×\(x.columns), expected \(n)×\(nin)")
            tape.s.replaceSubrange((t * n * nin)..<((t + 1) * n * nin), with: x.storage)
        }
        tape.wOff = parameters[Self.iW].value.storage
        for i in 0..<m { tape.wOff[i * m + i] = 0 }

        let a = parameters[Self.iA].value.storage
        let h = parameters[Self.iH].value.storage
        let mu0 = parameters[Self.iMu0].value.storage
        let c = parameters[Self.iC].value.storage

        let phiOffset = tape.phiOffset
        tape.storage.withUnsafeMutableBufferPointer { zb in
            do {
                let z = zb.baseAddress!, phi = zb.baseAddress! + phiOffset
                for b in 0..<n { for i in 0..<m { z[b * m + i] = mu0[i] } }
                // All input drives C s_t at once into z_1 … z_T.
                if nin > 0 {
                    tape.s.withUnsafeBufferPointer { sb in
                        c.withUnsafeBufferPointer { cb in
                            Scalar.gemm(transposeA: false, transposeB: true, m: steps * n, n: m, k: nin,
                                        alpha: 1, a: sb.baseAddress!, lda: nin, b: cb.baseAddress!, ldb: nin,
                                        beta: 0, c: z + block, ldc: m)
                        }
                    }
                }
                tape.wOff.withUnsafeBufferPointer { wb in
                    a.withUnsafeBufferPointer { ab in
                        h.withUnsafeBufferPointer { hb in
                            for t in 1...steps {
                                let prev = z + (t - 1) * block, cur = z + t * block, phiPrev = phi + (t - 1) * block
                                for k in 0..<block { phiPrev[k] = max(prev[k], 0) }
                                Scalar.gemm(transposeA: false, transposeB: true, m: n, n: m, k: m,
                                            alpha: 1, a: phiPrev, lda: m, b: wb.baseAddress!, ldb: m,
                                            beta: 1, c: cur, ldc: m)
                                for row in 0..<n {
                                    let o = row * m
                                    for i in 0..<m { cur[o + i] += ab[i] * prev[o + i] + hb[i] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (readoutOutputs(tape), tape)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func readoutOutputs(_ tape: Tape) -> [Matrix<Scalar>] {
        let n = tape.batch, m = hiddenSize, out = outputSize, steps = tape.steps
        let first = tape.readout == .last ? steps : 1
        let count = steps - first + 1
        var y = [Scalar](repeating: 0, count: count * n * out)
        tape.storage.withUnsafeBufferPointer { zb in
            parameters[Self.iB].value.storage.withUnsafeBufferPointer { bb in
                y.withUnsafeMutableBufferPointer { yb in
                    Scalar.gemm(transposeA: false, transposeB: true, m: count * n, n: out, k: m,
                                alpha: 1, a: zb.baseAddress! + first * n * m, lda: m, b: bb.baseAddress!, ldb: m,
                                beta: 0, c: yb.baseAddress!, ldc: out)
                }
            }
        }
        return (0..<count).map { k in Matrix(rows: n, columns: out, storage: Array(y[(k * n * out)..<((k + 1) * n * out)])) }
    }

    // MARK: Backward

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ tape: Tape, outputGradients: [Matrix<Scalar>]) -> [Matrix<Scalar>] {
        let n = tape.batch, m = hiddenSize, out = outputSize, nin = inputSize, steps = tape.steps
        let block = n * m
        let first = tape.readout == .last ? steps : 1
        let count = steps - first + 1
        precondition(outputGradients.count == count, "PLRNN.backward: \(outputGradients.count) output gradients for \(count) outputs")

        var dy = [Scalar](repeating: 0, count: count * n * out)
        for (k, g) in outputGradients.enumerated() {
            precondition(g.rows == n && g.columns == out, "PLRNN.backward: output gradient \(k) has the wrong shape")
            dy.replaceSubrange((k * n * out)..<((k + 1) * n * out), with: g.storage)
        }
        var dz = [Scalar](repeating: 0, count: (steps + 1) * block)
        var tmp = [Scalar](repeating: 0, count: block)
        var dA = [Scalar](repeating: 0, count: m)
        var dB = [Scalar](repeating: 0, count: out * m)
        var dW = [Scalar](repeating: 0, count: m * m)
        var dH = [Scalar](repeating: 0, count: m)
        var dC = [Scalar](repeating: 0, count: m * nin)
        var dMu0 = [Scalar](repeating: 0, count: m)
        let a = parameters[Self.iA].value.storage
        let bMatrix = parameters[Self.iB].value.storage

        tape.storage.withUnsafeBufferPointer { zb in
        dz.withUnsafeMutableBufferPointer { dzb in
        dy.withUnsafeBufferPointer { dyb in
            let z = zb.baseAddress!, phi = zb.baseAddress! + tape.phiOffset, g = dzb.baseAddress!
            // Read-out: dB = dYᵀ Z, dZ = dY B.
            bMatrix.withUnsafeBufferPointer { bb in
                Scalar.gemm(transposeA: false, transposeB: false, m: count * n, n: m, k: out,
                            alpha: 1, a: dyb.baseAddress!, lda: out, b: bb.baseAddress!, ldb: m,
                            beta: 0, c: g + first * block, ldc: m)
            }
            dB.withUnsafeMutableBufferPointer { db in
                Scalar.gemm(transposeA: true, transposeB: false, m: out, n: m, k: count * n,
                            alpha: 1, a: dyb.baseAddress!, lda: out, b: z + first * block, ldb: m,
                            beta: 0, c: db.baseAddress!, ldc: m)
            }
            // Through time: dz_{t−1} += a⊙dz_t + (dz_t W_off)⊙relu'(z_{t−1}).
            tape.wOff.withUnsafeBufferPointer { wb in
            tmp.withUnsafeMutableBufferPointer { tb in
            a.withUnsafeBufferPointer { ab in
                let tp = tb.baseAddress!
                for t in stride(from: steps, through: 1, by: -1) {
                    let cur = g + t * block, prev = g + (t - 1) * block, zPrev = z + (t - 1) * block
                    Scalar.gemm(transposeA: false, transposeB: false, m: n, n: m, k: m,
                                alpha: 1, a: cur, lda: m, b: wb.baseAddress!, ldb: m,
                                beta: 0, c: tp, ldc: m)
                    for row in 0..<n {
                        let o = row * m
                        for i in 0..<m {
                            let k = o + i
                            prev[k] += ab[i] * cur[k] + (zPrev[k] > 0 ? tp[k] : 0)
                        }
                    }
                }
            }
            }
            }
            // Parameter gradients over all steps at once.
            let gs = g + block  // dz_1 … dz_T, aligned with z_0 … z_{T−1} and phi_0 … phi_{T−1}
            dW.withUnsafeMutableBufferPointer { dwb in
                Scalar.gemm(transposeA: true, transposeB: false, m: m, n: m, k: steps * n,
                            alpha: 1, a: gs, lda: m, b: phi, ldb: m, beta: 0, c: dwb.baseAddress!, ldc: m)
            }
            if nin > 0 {
                tape.s.withUnsafeBufferPointer { sb in
                    dC.withUnsafeMutableBufferPointer { dcb in
                        Scalar.gemm(transposeA: true, transposeB: false, m: m, n: nin, k: steps * n,
                                    alpha: 1, a: gs, lda: m, b: sb.baseAddress!, ldb: nin, beta: 0, c: dcb.baseAddress!, ldc: nin)
                    }
                }
            }
            dA.withUnsafeMutableBufferPointer { dab in
            dH.withUnsafeMutableBufferPointer { dhb in
            dMu0.withUnsafeMutableBufferPointer { dmb in
                let da = dab.baseAddress!, dh = dhb.baseAddress!, dm = dmb.baseAddress!
                for row in 0..<(steps * n) {
                    let gr = gs + row * m, zr = z + row * m
                    for i in 0..<m {
                        da[i] += gr[i] * zr[i]
                        dh[i] += gr[i]
                    }
                }
                for row in 0..<n {
                    for i in 0..<m { dm[i] += g[row * m + i] }
                }
            }
            }
            }
        }
        }
        }
        for i in 0..<m { dW[i * m + i] = 0 }
        return [
            Matrix(rows: m, columns: 1, storage: dA),
            Matrix(rows: out, columns: m, storage: dB),
            Matrix(rows: m, columns: m, storage: dW),
            Matrix(rows: m, columns: 1, storage: dH),
            Matrix(rows: m, columns: nin, storage: dC),
            Matrix(rows: m, columns: 1, storage: dMu0),
        ]
    }

    // MARK: Regularisation

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func regularization() -> (loss: Scalar, gradients: [Matrix<Scalar>]) {
        var gradients = parameters.map { Matrix<Scalar>(rows: $0.value.rows, columns: $0.value.columns) }
        guard let regularizer else { return (0, gradients) }
        let r = regularizer.evaluate(
            a: parameters[Self.iA].value.storage.map(Double.init),
            w: parameters[Self.iW].value.storage.map(Double.init),
            h: parameters[Self.iH].value.storage.map(Double.init))
        gradients[Self.iA].storage = r.da.map { Scalar($0) }
        gradients[Self.iW].storage = r.dw.map { Scalar($0) }
        gradients[Self.iH].storage = r.dh.map { Scalar($0) }
        return (Scalar(r.loss), gradients)
    }
}

/// What `PLRNN.forward` keeps for `backward`: all latent states, their rectifications, the inputs and
/// the off-diagonal W used, in flat row-major buffers (one block of batch×M per step).
public struct PLRNNTape<Scalar: BLASScalar>: Sendable {
    public let batch: Int
    public let steps: Int
    public let readout: ReadoutSteps
    /// z_0 … z_T (each batch×M), then relu(z_0) … relu(z_{T−1}): one allocation, because fresh large
    /// allocations cost a page fault per 4 KiB and dominated the step time when split.
    var storage: [Scalar]
    let phiOffset: Int
    /// s_1 … s_T, each batch×inputs.
    var s: [Scalar]
    var wOff: [Scalar]

    init(batch: Int, steps: Int, hidden: Int, inputs: Int, readout: ReadoutSteps) {
        self.batch = batch
        self.steps = steps
        self.readout = readout
        phiOffset = (steps + 1) * batch * hidden
        storage = [Scalar](repeating: 0, count: (2 * steps + 1) * batch * hidden)
        s = [Scalar](repeating: 0, count: steps * batch * inputs)
        wOff = []
    }

    /// z_0 … z_T, each batch×M, flat.
    public var z: ArraySlice<Scalar> { storage[0..<phiOffset] }

    /// The latent state z_t (t = 0 … steps) as a batch×M matrix.
    public func state(_ t: Int) -> Matrix<Scalar> {
        let block = phiOffset / (steps + 1)
        return Matrix(rows: batch, columns: block / max(batch, 1), storage: Array(storage[(t * block)..<((t + 1) * block)]))
    }

    /// The smallest |z| over z_0 … z_{T−1} (the arguments of the ReLU); for keeping gradient checks off kinks.
    public var smallestReLUArgument: Scalar {
        let block = phiOffset / (steps + 1)
        return storage[0..<(steps * block)].reduce(Scalar.infinity) { min($0, abs($1)) }
    }
}
