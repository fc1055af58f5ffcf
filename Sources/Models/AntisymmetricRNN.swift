import Foundation
import LinearAlgebra
import Randomness

/// The antisymmetric RNN of Chang et al. (2019), with a `Linear` read-out: a P3 Fig. 1/2 baseline.
///
/// h ← h + ϵ tanh((W − Wᵀ − γI) h + V x + b); h₀ = 0. The recurrence matrix is antisymmetric up to the
/// diffusion −γI, so the Jacobian's eigenvalues sit just left of the imaginary axis. ϵ (`step`) and γ
/// (`diffusion`) are fixed hyper-parameters. No official code exists.
///
/// Parameters (`parameters` order): `W` (M × M), `V` (M × K), `b` (M × 1), `readout.weight` (out × M),
/// `readout.bias` (out × 1).
public struct AntisymmetricRNN<Scalar: BLASScalar>: RecurrentModel {
    public let inputSize: Int
    public let hiddenSize: Int
    public let outputSize: Int
    public let step: Scalar
    public let diffusion: Scalar

    public var w: Matrix<Scalar>
    public var v: Matrix<Scalar>
    public var b: Matrix<Scalar>
    public var readoutWeight: Matrix<Scalar>
    public var readoutBias: Matrix<Scalar>

    /// W ~ N(0, σ²/M) (Chang et al.: N(0, σ_w²/d), σ = `recurrentScale`); V, b as PyTorch's default
    /// `Linear(K, M)` (U(−1/√K, 1/√K)); read-out PyTorch default. Drawn in `parameters` order.
    public init(
        inputSize: Int, hiddenSize: Int, outputSize: Int, step: Scalar = 0.01, diffusion: Scalar = 0.01,
        recurrentScale: Double = 1, generator: inout Generator
    ) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.outputSize = outputSize
        self.step = step
        self.diffusion = diffusion
        w = CellMath.normal(rows: hiddenSize, columns: hiddenSize, standardDeviation: recurrentScale / Double(hiddenSize).squareRoot(), &generator)
        let bound = 1 / Double(max(inputSize, 1)).squareRoot()
        v = CellMath.uniform(rows: hiddenSize, columns: inputSize, bound: bound, &generator)
        b = CellMath.uniform(rows: hiddenSize, columns: 1, bound: bound, &generator)
        (readoutWeight, readoutBias) = CellReadout.initial(hidden: hiddenSize, out: outputSize, &generator)
    }

    public var parameters: [Parameter<Scalar>] {
        get {
            [Parameter("W", w), Parameter("V", v), Parameter("b", b),
             Parameter("readout.weight", readoutWeight), Parameter("readout.bias", readoutBias)]
        }
        set {
            precondition(newValue.count == 5, "AntisymmetricRNN has 5 parameter tensors")
            w = checked(newValue[0], hiddenSize, hiddenSize)
            v = checked(newValue[1], hiddenSize, inputSize)
            b = checked(newValue[2], hiddenSize, 1)
            readoutWeight = checked(newValue[3], outputSize, hiddenSize)
            readoutBias = checked(newValue[4], outputSize, 1)
        }
    }

    /// Wᵀ − W − γI: the matrix that multiplies row-vector states from the right.
    var rightRecurrence: Matrix<Scalar> {
        let m = hiddenSize
        var r = Matrix<Scalar>(rows: m, columns: m)
        for i in 0..<m {
            for j in 0..<m { r[i, j] = w[j, i] - w[i, j] }
            r[i, i] -= diffusion
        }
        return r
    }

    /// Everything `backward` needs, in contiguous step-major blocks.
    public struct Tape {
        let steps: Int
        let batch: Int
        let readout: ReadoutSteps
        let inputs: CellBuffer<Scalar>       // T·B × K
        let hidden: CellBuffer<Scalar>       // (T+1)·B × M, h₀ first
        let activations: CellBuffer<Scalar>  // T·B × M: tanh(·)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ inputs: [Matrix<Scalar>], readout: ReadoutSteps) -> (outputs: [Matrix<Scalar>], tape: Tape) {
        let (steps, batch) = cellSequenceShape(inputs, inputSize: inputSize)
        let k = inputSize, m = hiddenSize, bm = batch * m
        let x = CellMath.stack(inputs, columns: k)
        let h = CellBuffer<Scalar>((steps + 1) * bm)
        let s = CellBuffer<Scalar>(steps * bm)
        let r = rightRecurrence
        b.storage.withUnsafeBufferPointer { CellMath.broadcastRows($0.baseAddress!, into: s.base, rows: steps * batch, columns: m) }
        v.storage.withUnsafeBufferPointer { pv in
            CellMath.gemm(false, true, m: steps * batch, n: m, k: k, x.base, lda: k, pv.baseAddress!, ldb: k, beta: 1, s.base, ldc: m)
        }
        r.storage.withUnsafeBufferPointer { pr in
            for t in 0..<steps {
                let st = s.at(t * bm), hPrev = h.at(t * bm), hNext = h.at((t + 1) * bm)
                CellMath.gemm(false, false, m: batch, n: m, k: m, hPrev, lda: m, pr.baseAddress!, ldb: m, beta: 1, st, ldc: m)
                for i in 0..<bm {
                    let a = CellMath.tanh(st[i])
                    st[i] = a
                    hNext[i] = hPrev[i] + step * a
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
        return (outputs, Tape(steps: steps, batch: batch, readout: readout, inputs: x, hidden: h, activations: s))
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ tape: Tape, outputGradients: [Matrix<Scalar>]) -> [Matrix<Scalar>] {
        let steps = tape.steps, batch = tape.batch
        let k = inputSize, m = hiddenSize, bm = batch * m
        var dR = Matrix<Scalar>(rows: m, columns: m)
        var dV = Matrix<Scalar>(rows: m, columns: k)
        var db = Matrix<Scalar>(rows: m, columns: 1)
        var dRW = Matrix<Scalar>(rows: outputSize, columns: m)
        var dRb = Matrix<Scalar>(rows: outputSize, columns: 1)

        let readoutRows = tape.readout == .all ? steps * batch : batch
        let dOut = CellBuffer<Scalar>(readoutRows * m)
        CellReadout.backward(weight: readoutWeight, states: tape.hidden.at(tape.readout == .all ? bm : steps * bm), rows: readoutRows,
                             outputGradients: outputGradients, weightGradient: &dRW, biasGradient: &dRb, stateGradients: dOut.base)

        let dA = CellBuffer<Scalar>(steps * bm)
        let dh = CellBuffer<Scalar>(bm)
        let r = rightRecurrence
        r.storage.withUnsafeBufferPointer { pr in
            for t in stride(from: steps - 1, through: 0, by: -1) {
                if tape.readout == .all {
                    let src = dOut.at(t * bm)
                    for i in 0..<bm { dh.base[i] += src[i] }
                } else if t == steps - 1 {
                    dh.base.update(from: dOut.base, count: bm)
                }
                let st = tape.activations.at(t * bm), dat = dA.at(t * bm)
                for i in 0..<bm { dat[i] = step * dh.base[i] * (1 - st[i] * st[i]) }
                CellMath.gemm(false, true, m: batch, n: m, k: m, dat, lda: m, pr.baseAddress!, ldb: m, beta: 1, dh.base, ldc: m)
            }
        }
        let rows = steps * batch
        dR.storage.withUnsafeMutableBufferPointer {
            CellMath.gemm(true, false, m: m, n: m, k: rows, tape.hidden.base, lda: m, dA.base, ldb: m, beta: 1, $0.baseAddress!, ldc: m)
        }
        // R = Wᵀ − W − γI  ⇒  dW = dRᵀ − dR.
        var dW = Matrix<Scalar>(rows: m, columns: m)
        for i in 0..<m { for j in 0..<m { dW[i, j] = dR[j, i] - dR[i, j] } }
        dV.storage.withUnsafeMutableBufferPointer {
            CellMath.gemm(true, false, m: m, n: k, k: rows, dA.base, lda: m, tape.inputs.base, ldb: k, beta: 1, $0.baseAddress!, ldc: k)
        }
        db.storage.withUnsafeMutableBufferPointer { CellMath.addColumnSums(dA.base, rows: rows, columns: m, into: $0.baseAddress!) }
        return [dW, dV, db, dRW, dRb]
    }
}
