import Foundation
import LinearAlgebra
import Randomness

/// expRNN (Lezcano-Casado & Martínez-Rubio 2019) as in the original `lezcano/expRNN` `ExpRNN` cell, with a
/// `Linear` read-out: a P3 Fig. 1/2 baseline with an orthogonal recurrence.
///
/// B = exp(A), A = T − Tᵀ with T the strict upper triangle of `log_recurrent_kernel`;
/// h ← modReLU(x Wᵀ + h B), modReLU(z) = sign(z)·ReLU(|z| + b); h₀ = 0 (row vectors, as in the reference,
/// so in column form h ← modReLU(W x + Bᵀ h)).
///
/// Parameters (`parameters` order, reference names): `log_recurrent_kernel` (M × M; only its strict upper
/// triangle is used, its gradient is zero elsewhere), `input_kernel.weight` (M × K), `nonlinearity.b`
/// (M × 1), `readout.weight` (out × M), `readout.bias` (out × 1). A PyTorch checkpoint of the reference
/// cell also holds the derived, non-trained `recurrent_kernel` = exp(A): export `recurrentKernel`.
///
/// The gradient with respect to A is exact: the adjoint Fréchet derivative of exp at A applied to
/// G = dL/dB, L(Aᵀ, G), read off the upper-right block of exp([[Aᵀ, G], [0, Aᵀ]]) (computed in Double).
public struct ExpRNN<Scalar: BLASScalar>: RecurrentModel {
    public let inputSize: Int
    public let hiddenSize: Int
    public let outputSize: Int

    public var logRecurrentKernel: Matrix<Scalar>
    public var inputKernel: Matrix<Scalar>
    public var modReLUBias: Matrix<Scalar>
    public var readoutWeight: Matrix<Scalar>
    public var readoutBias: Matrix<Scalar>

    /// The reference code's defaults: Henaff initialisation of the skew-symmetric log (2 × 2 rotation
    /// blocks [[0, s], [−s, 0]] with s ~ U(−π, π), stored as the full skew matrix), Kaiming-normal input
    /// kernel (std √(2/K)), modReLU bias ~ U(−0.01, 0.01); read-out PyTorch default.
    public init(inputSize: Int, hiddenSize: Int, outputSize: Int, generator: inout Generator) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.outputSize = outputSize
        let m = hiddenSize
        var log = Matrix<Scalar>(rows: m, columns: m)
        for i in 0..<(m / 2) {
            let s = Scalar(generator.uniform(-Double.pi, Double.pi))
            log[2 * i, 2 * i + 1] = s
            log[2 * i + 1, 2 * i] = -s
        }
        logRecurrentKernel = log
        inputKernel = CellMath.normal(rows: m, columns: inputSize, standardDeviation: (2 / Double(max(inputSize, 1))).squareRoot(), &generator)
        modReLUBias = CellMath.uniform(rows: m, columns: 1, bound: 0.01, &generator)
        (readoutWeight, readoutBias) = CellReadout.initial(hidden: m, out: outputSize, &generator)
    }

    public var parameters: [Parameter<Scalar>] {
        get {
            [Parameter("log_recurrent_kernel", logRecurrentKernel), Parameter("input_kernel.weight", inputKernel),
             Parameter("nonlinearity.b", modReLUBias),
             Parameter("readout.weight", readoutWeight), Parameter("readout.bias", readoutBias)]
        }
        set {
            precondition(newValue.count == 5, "ExpRNN has 5 parameter tensors")
            logRecurrentKernel = checked(newValue[0], hiddenSize, hiddenSize)
            inputKernel = checked(newValue[1], hiddenSize, inputSize)
            modReLUBias = checked(newValue[2], hiddenSize, 1)
            readoutWeight = checked(newValue[3], outputSize, hiddenSize)
            readoutBias = checked(newValue[4], outputSize, 1)
        }
    }

    /// A = T − Tᵀ, T = strict upper triangle of `logRecurrentKernel`, in Double.
    public var skewSymmetricLog: Matrix<Double> {
        let m = hiddenSize
        var a = Matrix<Double>(rows: m, columns: m)
        for i in 0..<m {
            for j in (i + 1)..<max(m, i + 1) {
                let v = Double(logRecurrentKernel[i, j])
                a[i, j] = v
                a[j, i] = -v
            }
        }
        return a
    }

    /// B = exp(A): the orthogonal recurrent kernel (`recurrent_kernel` in the reference checkpoint).
    public var recurrentKernel: Matrix<Scalar> {
        // exp of a finite skew-symmetric matrix cannot overflow (it is orthogonal).
        (try? expm(skewSymmetricLog))!.converted(to: Scalar.self)
    }

    /// Everything `backward` needs, in contiguous step-major blocks.
    public struct Tape {
        let steps: Int
        let batch: Int
        let readout: ReadoutSteps
        let log: Matrix<Double>
        let kernel: Matrix<Scalar>
        let inputs: CellBuffer<Scalar>          // T·B × K
        let hidden: CellBuffer<Scalar>          // (T+1)·B × M, h₀ first
        let pre: CellBuffer<Scalar>             // T·B × M: x Wᵀ + h B
        let hiddenSize: Int

        /// The modReLU arguments of every step (batch × M each), e.g. to keep finite-difference probes
        /// away from the kinks at z = 0 and |z| + b = 0.
        public var preActivations: [Matrix<Scalar>] {
            (0..<steps).map { t in
                Matrix(rows: batch, columns: hiddenSize, storage: Array(UnsafeBufferPointer(start: pre.at(t * batch * hiddenSize), count: batch * hiddenSize)))
            }
        }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ inputs: [Matrix<Scalar>], readout: ReadoutSteps) -> (outputs: [Matrix<Scalar>], tape: Tape) {
        let (steps, batch) = cellSequenceShape(inputs, inputSize: inputSize)
        let k = inputSize, m = hiddenSize, bm = batch * m
        let log = skewSymmetricLog
        let kernel = (try? expm(log))!.converted(to: Scalar.self)
        let x = CellMath.stack(inputs, columns: k)
        let h = CellBuffer<Scalar>((steps + 1) * bm)
        let pre = CellBuffer<Scalar>(steps * bm)
        inputKernel.storage.withUnsafeBufferPointer { pw in
            CellMath.gemm(false, true, m: steps * batch, n: m, k: k, x.base, lda: k, pw.baseAddress!, ldb: k, beta: 0, pre.base, ldc: m)
        }
        kernel.storage.withUnsafeBufferPointer { pk in
            modReLUBias.storage.withUnsafeBufferPointer { pb in
                for t in 0..<steps {
                    let zt = pre.at(t * bm), hPrev = h.at(t * bm), hNext = h.at((t + 1) * bm)
                    CellMath.gemm(false, false, m: batch, n: m, k: m, hPrev, lda: m, pk.baseAddress!, ldb: m, beta: 1, zt, ldc: m)
                    for b in 0..<batch {
                        for j in 0..<m {
                            let z = zt[b * m + j]
                            let magnitude = abs(z) + pb[j]
                            hNext[b * m + j] = magnitude > 0 ? (z > 0 ? magnitude : (z < 0 ? -magnitude : 0)) : 0
                        }
                    }
                }
            }
        }
        let outputs: [Matrix<Scalar>]
        switch readout {
        case .last:
            outputs = CellReadout.forward(weight: readoutWeight, bias: readoutBias, states: h.at(steps * bm), rows: batch, batch: batch)
        case .all:
            outputs = CellReadout.forward(weight: readoutWeight, bias: readoutBias, states: h.at(bm), rows: steps * batch, batch: batch)
        }
        return (outputs, Tape(steps: steps, batch: batch, readout: readout, log: log, kernel: kernel, inputs: x, hidden: h, pre: pre, hiddenSize: m))
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ tape: Tape, outputGradients: [Matrix<Scalar>]) -> [Matrix<Scalar>] {
        let steps = tape.steps, batch = tape.batch
        let k = inputSize, m = hiddenSize, bm = batch * m
        var dKernel = Matrix<Scalar>(rows: m, columns: m)
        var dW = Matrix<Scalar>(rows: m, columns: k)
        var db = Matrix<Scalar>(rows: m, columns: 1)
        var dRW = Matrix<Scalar>(rows: outputSize, columns: m)
        var dRb = Matrix<Scalar>(rows: outputSize, columns: 1)

        let readoutRows = tape.readout == .all ? steps * batch : batch
        let dOut = CellBuffer<Scalar>(readoutRows * m)
        CellReadout.backward(weight: readoutWeight, states: tape.hidden.at(tape.readout == .all ? bm : steps * bm), rows: readoutRows,
                             outputGradients: outputGradients, weightGradient: &dRW, biasGradient: &dRb, stateGradients: dOut.base)

        let dZ = CellBuffer<Scalar>(steps * bm)
        let dh = CellBuffer<Scalar>(bm)
        tape.kernel.storage.withUnsafeBufferPointer { pk in
            modReLUBias.storage.withUnsafeBufferPointer { pb in
                db.storage.withUnsafeMutableBufferPointer { pdb in
                    for t in stride(from: steps - 1, through: 0, by: -1) {
                        if tape.readout == .all {
                            let src = dOut.at(t * bm)
                            for i in 0..<bm { dh.base[i] += src[i] }
                        } else if t == steps - 1 {
                            dh.base.update(from: dOut.base, count: bm)
                        }
                        let zt = tape.pre.at(t * bm), dzt = dZ.at(t * bm)
                        for b in 0..<batch {
                            for j in 0..<m {
                                let i = b * m + j
                                let z = zt[i]
                                // d/dz sign(z)(|z| + b) = 1 and d/db = sign(z) where |z| + b > 0.
                                if abs(z) + pb[j] > 0 {
                                    dzt[i] = dh.base[i]
                                    pdb[j] += z > 0 ? dh.base[i] : (z < 0 ? -dh.base[i] : 0)
                                } else {
                                    dzt[i] = 0
                                }
                            }
                        }
                        CellMath.gemm(false, true, m: batch, n: m, k: m, dzt, lda: m, pk.baseAddress!, ldb: m, beta: 0, dh.base, ldc: m)
                    }
                }
            }
        }
        let rows = steps * batch
        dKernel.storage.withUnsafeMutableBufferPointer {
            CellMath.gemm(true, false, m: m, n: m, k: rows, tape.hidden.base, lda: m, dZ.base, ldb: m, beta: 1, $0.baseAddress!, ldc: m)
        }
        dW.storage.withUnsafeMutableBufferPointer {
            CellMath.gemm(true, false, m: m, n: k, k: rows, dZ.base, lda: m, tape.inputs.base, ldb: k, beta: 1, $0.baseAddress!, ldc: k)
        }
        let dA = Self.expAdjointDerivative(at: tape.log, direction: dKernel.converted(to: Double.self))
        // A = T − Tᵀ with T the strict upper triangle of the parameter.
        var dLog = Matrix<Scalar>(rows: m, columns: m)
        for i in 0..<m {
            for j in (i + 1)..<max(m, i + 1) { dLog[i, j] = Scalar(dA[i, j] - dA[j, i]) }
        }
        return [dLog, dW, db, dRW, dRb]
    }

    /// L(Aᵀ, G): the gradient dL/dA of a loss with dL/d(exp A) = G (adjoint Fréchet derivative of exp),
    /// the upper-right block of exp([[Aᵀ, G], [0, Aᵀ]]).
    public static func expAdjointDerivative(at a: Matrix<Double>, direction g: Matrix<Double>) -> Matrix<Double> {
        let n = a.rows
        var block = Matrix<Double>(rows: 2 * n, columns: 2 * n)
        for i in 0..<n {
            for j in 0..<n {
                block[i, j] = a[j, i]
                block[n + i, n + j] = a[j, i]
                block[i, n + j] = g[i, j]
            }
        }
        // The block matrix is finite whenever A and G are; expm throws only on non-finite input.
        guard let e = try? expm(block) else { return Matrix(rows: n, columns: n, repeating: .nan) }
        var result = Matrix<Double>(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { result[i, j] = e[i, n + j] } }
        return result
    }
}
