import Foundation
import LinearAlgebra
import Randomness

/// A one-layer GRU with PyTorch `nn.GRU` equations and parameter layout, plus a `Linear` read-out:
/// a P3 comparison model (sMNIST, HAR-2, IMDB tables).
///
/// Gates in PyTorch order (r, z, n): r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h ← (1 − z) ⊙ n + z ⊙ h; h₀ = 0.
///
/// Parameters (`parameters` order, PyTorch `state_dict` names): `weight_ih_l0` (3M × K), `weight_hh_l0` (3M × M),
/// `bias_ih_l0` (3M × 1), `bias_hh_l0` (3M × 1), `readout.weight` (out × M), `readout.bias` (out × 1).
public struct GRU<Scalar: BLASScalar>: RecurrentModel {
    public let inputSize: Int
    public let hiddenSize: Int
    public let outputSize: Int

    public var weightIH: Matrix<Scalar>
    public var weightHH: Matrix<Scalar>
    public var biasIH: Matrix<Scalar>
    public var biasHH: Matrix<Scalar>
    public var readoutWeight: Matrix<Scalar>
    public var readoutBias: Matrix<Scalar>

    /// PyTorch default initialisation: every tensor ~ U(−1/√M, 1/√M), drawn in `parameters` order.
    public init(inputSize: Int, hiddenSize: Int, outputSize: Int, generator: inout Generator) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.outputSize = outputSize
        let m = hiddenSize
        let bound = 1 / Double(m).squareRoot()
        weightIH = CellMath.uniform(rows: 3 * m, columns: inputSize, bound: bound, &generator)
        weightHH = CellMath.uniform(rows: 3 * m, columns: m, bound: bound, &generator)
        biasIH = CellMath.uniform(rows: 3 * m, columns: 1, bound: bound, &generator)
        biasHH = CellMath.uniform(rows: 3 * m, columns: 1, bound: bound, &generator)
        (readoutWeight, readoutBias) = CellReadout.initial(hidden: m, out: outputSize, &generator)
    }

    public var parameters: [Parameter<Scalar>] {
        get {
            [Parameter("weight_ih_l0", weightIH), Parameter("weight_hh_l0", weightHH),
             Parameter("bias_ih_l0", biasIH), Parameter("bias_hh_l0", biasHH),
             Parameter("readout.weight", readoutWeight), Parameter("readout.bias", readoutBias)]
        }
        set {
            precondition(newValue.count == 6, "GRU has 6 parameter tensors")
            weightIH = checked(newValue[0], weightIH)
            weightHH = checked(newValue[1], weightHH)
            biasIH = checked(newValue[2], biasIH)
            biasHH = checked(newValue[3], biasHH)
            readoutWeight = checked(newValue[4], readoutWeight)
            readoutBias = checked(newValue[5], readoutBias)
        }
    }

    /// Everything `backward` needs, in contiguous step-major blocks.
    public struct Tape {
        let steps: Int
        let batch: Int
        let readout: ReadoutSteps
        let inputs: CellBuffer<Scalar>     // T·B × K
        let hidden: CellBuffer<Scalar>     // (T+1)·B × M, h₀ first
        let gates: CellBuffer<Scalar>      // T·B × 3M: activated r, z, n
        let hiddenN: CellBuffer<Scalar>    // T·B × M: W_hn h + b_hn
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ inputs: [Matrix<Scalar>], readout: ReadoutSteps) -> (outputs: [Matrix<Scalar>], tape: Tape) {
        let (steps, batch) = cellSequenceShape(inputs, inputSize: inputSize)
        let m = hiddenSize, g3 = 3 * m, bm = batch * m
        let x = CellMath.stack(inputs, columns: inputSize)
        let h = CellBuffer<Scalar>((steps + 1) * bm)
        let gates = CellBuffer<Scalar>(steps * batch * g3)
        let hn = CellBuffer<Scalar>(steps * bm)
        let gh = CellBuffer<Scalar>(batch * g3)

        biasIH.storage.withUnsafeBufferPointer { CellMath.broadcastRows($0.baseAddress!, into: gates.base, rows: steps * batch, columns: g3) }
        weightIH.storage.withUnsafeBufferPointer { pw in
            CellMath.gemm(false, true, m: steps * batch, n: g3, k: inputSize, x.base, lda: inputSize, pw.baseAddress!, ldb: inputSize,
                          beta: 1, gates.base, ldc: g3)
        }
        weightHH.storage.withUnsafeBufferPointer { pwh in
            biasHH.storage.withUnsafeBufferPointer { pbh in
                for t in 0..<steps {
                    CellMath.broadcastRows(pbh.baseAddress!, into: gh.base, rows: batch, columns: g3)
                    CellMath.gemm(false, true, m: batch, n: g3, k: m, h.at(t * bm), lda: m, pwh.baseAddress!, ldb: m,
                                  beta: 1, gh.base, ldc: g3)
                    let gt = gates.at(t * batch * g3), hPrev = h.at(t * bm), hNext = h.at((t + 1) * bm), hnt = hn.at(t * bm)
                    for b in 0..<batch {
                        let row = gt + b * g3, hrow = gh.base + b * g3
                        for j in 0..<m {
                            let k = b * m + j
                            let r = CellMath.sigmoid(row[j] + hrow[j])
                            let z = CellMath.sigmoid(row[m + j] + hrow[m + j])
                            let n = CellMath.tanh(row[2 * m + j] + r * hrow[2 * m + j])
                            row[j] = r; row[m + j] = z; row[2 * m + j] = n
                            hnt[k] = hrow[2 * m + j]
                            hNext[k] = (1 - z) * n + z * hPrev[k]
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
        return (outputs, Tape(steps: steps, batch: batch, readout: readout, inputs: x, hidden: h, gates: gates, hiddenN: hn))
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ tape: Tape, outputGradients: [Matrix<Scalar>]) -> [Matrix<Scalar>] {
        let steps = tape.steps, batch = tape.batch
        let m = hiddenSize, g3 = 3 * m, bm = batch * m
        var dWih = Matrix<Scalar>(rows: g3, columns: inputSize)
        var dWhh = Matrix<Scalar>(rows: g3, columns: m)
        var dbih = Matrix<Scalar>(rows: g3, columns: 1)
        var dbhh = Matrix<Scalar>(rows: g3, columns: 1)
        var dRW = Matrix<Scalar>(rows: outputSize, columns: m)
        var dRb = Matrix<Scalar>(rows: outputSize, columns: 1)

        let readoutRows = tape.readout == .all ? steps * batch : batch
        let dOut = CellBuffer<Scalar>(readoutRows * m)
        CellReadout.backward(weight: readoutWeight, states: tape.hidden.at(tape.readout == .all ? bm : steps * bm), rows: readoutRows,
                             outputGradients: outputGradients, weightGradient: &dRW, biasGradient: &dRb, stateGradients: dOut.base)

        let dGi = CellBuffer<Scalar>(steps * batch * g3)
        let dGh = CellBuffer<Scalar>(steps * batch * g3)
        let dh = CellBuffer<Scalar>(bm)
        weightHH.storage.withUnsafeBufferPointer { pwh in
            for t in stride(from: steps - 1, through: 0, by: -1) {
                if tape.readout == .all {
                    let src = dOut.at(t * bm)
                    for k in 0..<bm { dh.base[k] += src[k] }
                } else if t == steps - 1 {
                    dh.base.update(from: dOut.base, count: bm)
                }
                let gt = tape.gates.at(t * batch * g3), hPrev = tape.hidden.at(t * bm), hnt = tape.hiddenN.at(t * bm)
                let dit = dGi.at(t * batch * g3), dht = dGh.at(t * batch * g3)
                for b in 0..<batch {
                    let row = gt + b * g3, di = dit + b * g3, dhr = dht + b * g3
                    for j in 0..<m {
                        let k = b * m + j
                        let r = row[j], z = row[m + j], n = row[2 * m + j]
                        let g = dh.base[k]
                        let dAn = g * (1 - z) * (1 - n * n)
                        let dAz = g * (hPrev[k] - n) * z * (1 - z)
                        let dAr = dAn * hnt[k] * r * (1 - r)
                        di[j] = dAr; di[m + j] = dAz; di[2 * m + j] = dAn
                        dhr[j] = dAr; dhr[m + j] = dAz; dhr[2 * m + j] = dAn * r
                        dh.base[k] = g * z
                    }
                }
                CellMath.gemm(false, false, m: batch, n: m, k: g3, dht, lda: g3, pwh.baseAddress!, ldb: m, beta: 1, dh.base, ldc: m)
            }
        }
        let rows = steps * batch
        dWih.storage.withUnsafeMutableBufferPointer {
            CellMath.gemm(true, false, m: g3, n: inputSize, k: rows, dGi.base, lda: g3, tape.inputs.base, ldb: inputSize,
                          beta: 1, $0.baseAddress!, ldc: inputSize)
        }
        dWhh.storage.withUnsafeMutableBufferPointer {
            CellMath.gemm(true, false, m: g3, n: m, k: rows, dGh.base, lda: g3, tape.hidden.base, ldb: m, beta: 1, $0.baseAddress!, ldc: m)
        }
        dbih.storage.withUnsafeMutableBufferPointer { CellMath.addColumnSums(dGi.base, rows: rows, columns: g3, into: $0.baseAddress!) }
        dbhh.storage.withUnsafeMutableBufferPointer { CellMath.addColumnSums(dGh.base, rows: rows, columns: g3, into: $0.baseAddress!) }
        return [dWih, dWhh, dbih, dbhh, dRW, dRb]
    }
}
