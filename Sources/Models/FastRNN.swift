import Foundation
import LinearAlgebra
import Randomness

/// FastRNN (Kusupati et al. 2018) as in EdgeML's PyTorch `FastRNNCell`, with a `Linear` read-out: a P3
/// Fig. 1 / Table 2–3 baseline.
///
/// h̃ = tanh(x W + h U + b), h ← σ(β) h + σ(α) h̃; h₀ = 0 (row vectors, as in EdgeML).
///
/// Parameters (`parameters` order, EdgeML names and shapes): `W` (K × M), `U` (M × M), `bias_update` (1 × M),
/// `alpha` (1 × 1), `beta` (1 × 1), `readout.weight` (out × M), `readout.bias` (out × 1).
public struct FastRNN<Scalar: BLASScalar>: RecurrentModel {
    public let inputSize: Int
    public let hiddenSize: Int
    public let outputSize: Int

    public var w: Matrix<Scalar>
    public var u: Matrix<Scalar>
    public var biasUpdate: Matrix<Scalar>
    public var alpha: Scalar
    public var beta: Scalar
    public var readoutWeight: Matrix<Scalar>
    public var readoutBias: Matrix<Scalar>

    /// EdgeML's initialisation: W, U ~ 0.1·N(0, 1), `bias_update` = 1, α = −3, β = 3 (defaults); read-out
    /// PyTorch default.
    public init(inputSize: Int, hiddenSize: Int, outputSize: Int, alpha: Scalar = -3, beta: Scalar = 3, generator: inout Generator) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.outputSize = outputSize
        w = CellMath.normal(rows: inputSize, columns: hiddenSize, standardDeviation: 0.1, &generator)
        u = CellMath.normal(rows: hiddenSize, columns: hiddenSize, standardDeviation: 0.1, &generator)
        biasUpdate = Matrix(rows: 1, columns: hiddenSize, repeating: 1)
        self.alpha = alpha
        self.beta = beta
        (readoutWeight, readoutBias) = CellReadout.initial(hidden: hiddenSize, out: outputSize, &generator)
    }

    public var parameters: [Parameter<Scalar>] {
        get {
            [Parameter("W", w), Parameter("U", u), Parameter("bias_update", biasUpdate),
             Parameter("alpha", Matrix(rows: 1, columns: 1, storage: [alpha])),
             Parameter("beta", Matrix(rows: 1, columns: 1, storage: [beta])),
             Parameter("readout.weight", readoutWeight), Parameter("readout.bias", readoutBias)]
        }
        set {
            precondition(newValue.count == 7, "FastRNN has 7 parameter tensors")
            w = checked(newValue[0], inputSize, hiddenSize)
            u = checked(newValue[1], hiddenSize, hiddenSize)
            biasUpdate = checked(newValue[2], 1, hiddenSize)
            alpha = checked(newValue[3], 1, 1).storage[0]
            beta = checked(newValue[4], 1, 1).storage[0]
            readoutWeight = checked(newValue[5], outputSize, hiddenSize)
            readoutBias = checked(newValue[6], outputSize, 1)
        }
    }

    /// Everything `backward` needs, in contiguous step-major blocks.
    public struct Tape {
        let steps: Int
        let batch: Int
        let readout: ReadoutSteps
        let inputs: CellBuffer<Scalar>      // T·B × K
        let hidden: CellBuffer<Scalar>      // (T+1)·B × M, h₀ first
        let candidates: CellBuffer<Scalar>  // T·B × M: h̃
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ inputs: [Matrix<Scalar>], readout: ReadoutSteps) -> (outputs: [Matrix<Scalar>], tape: Tape) {
        let (steps, batch) = cellSequenceShape(inputs, inputSize: inputSize)
        let k = inputSize, m = hiddenSize, bm = batch * m
        let x = CellMath.stack(inputs, columns: k)
        let h = CellBuffer<Scalar>((steps + 1) * bm)
        let c = CellBuffer<Scalar>(steps * bm)
        let sa = CellMath.sigmoid(alpha), sb = CellMath.sigmoid(beta)
        biasUpdate.storage.withUnsafeBufferPointer { CellMath.broadcastRows($0.baseAddress!, into: c.base, rows: steps * batch, columns: m) }
        w.storage.withUnsafeBufferPointer { pw in
            CellMath.gemm(false, false, m: steps * batch, n: m, k: k, x.base, lda: k, pw.baseAddress!, ldb: m, beta: 1, c.base, ldc: m)
        }
        u.storage.withUnsafeBufferPointer { pu in
            for t in 0..<steps {
                let ct = c.at(t * bm), hPrev = h.at(t * bm), hNext = h.at((t + 1) * bm)
                CellMath.gemm(false, false, m: batch, n: m, k: m, hPrev, lda: m, pu.baseAddress!, ldb: m, beta: 1, ct, ldc: m)
                for i in 0..<bm {
                    let candidate = CellMath.tanh(ct[i])
                    ct[i] = candidate
                    hNext[i] = sb * hPrev[i] + sa * candidate
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
        return (outputs, Tape(steps: steps, batch: batch, readout: readout, inputs: x, hidden: h, candidates: c))
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ tape: Tape, outputGradients: [Matrix<Scalar>]) -> [Matrix<Scalar>] {
        let steps = tape.steps, batch = tape.batch
        let k = inputSize, m = hiddenSize, bm = batch * m
        let sa = CellMath.sigmoid(alpha), sb = CellMath.sigmoid(beta)
        var dW = Matrix<Scalar>(rows: k, columns: m)
        var dU = Matrix<Scalar>(rows: m, columns: m)
        var db = Matrix<Scalar>(rows: 1, columns: m)
        var dAlpha: Scalar = 0, dBeta: Scalar = 0
        var dRW = Matrix<Scalar>(rows: outputSize, columns: m)
        var dRb = Matrix<Scalar>(rows: outputSize, columns: 1)

        let readoutRows = tape.readout == .all ? steps * batch : batch
        let dOut = CellBuffer<Scalar>(readoutRows * m)
        CellReadout.backward(weight: readoutWeight, states: tape.hidden.at(tape.readout == .all ? bm : steps * bm), rows: readoutRows,
                             outputGradients: outputGradients, weightGradient: &dRW, biasGradient: &dRb, stateGradients: dOut.base)

        let dP = CellBuffer<Scalar>(steps * bm)
        let dh = CellBuffer<Scalar>(bm)
        u.storage.withUnsafeBufferPointer { pu in
            for t in stride(from: steps - 1, through: 0, by: -1) {
                if tape.readout == .all {
                    let src = dOut.at(t * bm)
                    for i in 0..<bm { dh.base[i] += src[i] }
                } else if t == steps - 1 {
                    dh.base.update(from: dOut.base, count: bm)
                }
                let ct = tape.candidates.at(t * bm), hPrev = tape.hidden.at(t * bm), dpt = dP.at(t * bm)
                for i in 0..<bm {
                    let g = dh.base[i], candidate = ct[i]
                    dAlpha += g * candidate
                    dBeta += g * hPrev[i]
                    dpt[i] = g * sa * (1 - candidate * candidate)
                    dh.base[i] = g * sb
                }
                CellMath.gemm(false, true, m: batch, n: m, k: m, dpt, lda: m, pu.baseAddress!, ldb: m, beta: 1, dh.base, ldc: m)
            }
        }
        let rows = steps * batch
        dW.storage.withUnsafeMutableBufferPointer {
            CellMath.gemm(true, false, m: k, n: m, k: rows, tape.inputs.base, lda: k, dP.base, ldb: m, beta: 1, $0.baseAddress!, ldc: m)
        }
        dU.storage.withUnsafeMutableBufferPointer {
            CellMath.gemm(true, false, m: m, n: m, k: rows, tape.hidden.base, lda: m, dP.base, ldb: m, beta: 1, $0.baseAddress!, ldc: m)
        }
        db.storage.withUnsafeMutableBufferPointer { CellMath.addColumnSums(dP.base, rows: rows, columns: m, into: $0.baseAddress!) }
        return [dW, dU, db,
                Matrix(rows: 1, columns: 1, storage: [dAlpha * sa * (1 - sa)]),
                Matrix(rows: 1, columns: 1, storage: [dBeta * sb * (1 - sb)]),
                dRW, dRb]
    }
}
