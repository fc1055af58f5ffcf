import Foundation
import LinearAlgebra
import Randomness

/// A one-layer LSTM with PyTorch `nn.LSTM` equations and parameter layout, plus a `Linear` read-out:
/// the P1 / P3 comparison model.
///
/// Gates in PyTorch order (i, f, g, o): G = x W_ihᵀ + b_ih + h W_hhᵀ + b_hh,
/// i = σ(G_i), f = σ(G_f), g = tanh(G_g), o = σ(G_o), c ← f c + i g, h ← o tanh(c); h₀ = c₀ = 0.
///
/// Parameters (`parameters` order; names as in a PyTorch `state_dict` of `nn.LSTM` + `nn.Linear` called
/// `readout` — prefix them with the module names of the target script when loading):
/// `weight_ih_l0` (4M × K), `weight_hh_l0` (4M × M), `bias_ih_l0` (4M × 1), `bias_hh_l0` (4M × 1),
/// `readout.weight` (out × M), `readout.bias` (out × 1).
public struct LSTM<Scalar: BLASScalar>: RecurrentModel {
    public let inputSize: Int
    public let hiddenSize: Int
    public let outputSize: Int

    public var weightIH: Matrix<Scalar>
    public var weightHH: Matrix<Scalar>
    public var biasIH: Matrix<Scalar>
    public var biasHH: Matrix<Scalar>
    public var readoutWeight: Matrix<Scalar>
    public var readoutBias: Matrix<Scalar>
    /// Float products by W_hh through `PackedGEMM` where the CPU allows (the default, faster);
    /// false keeps OpenBLAS for every product. Results agree to rounding, not bit for bit.
    public var usePackedGEMM = true

    /// PyTorch default initialisation: every weight and bias ~ U(−1/√M, 1/√M), drawn in `parameters`
    /// order. With `forgetGateBias` set (the reg-PLRNN comparison code; default), the forget-gate slice
    /// of *both* bias vectors is then overwritten with that value (0.5 each, 1.0 in total).
    public init(inputSize: Int, hiddenSize: Int, outputSize: Int, forgetGateBias: Scalar? = 0.5, generator: inout Generator) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.outputSize = outputSize
        let m = hiddenSize
        let bound = 1 / Double(m).squareRoot()
        weightIH = CellMath.uniform(rows: 4 * m, columns: inputSize, bound: bound, &generator)
        weightHH = CellMath.uniform(rows: 4 * m, columns: m, bound: bound, &generator)
        biasIH = CellMath.uniform(rows: 4 * m, columns: 1, bound: bound, &generator)
        biasHH = CellMath.uniform(rows: 4 * m, columns: 1, bound: bound, &generator)
        if let forgetGateBias {
            for j in m..<(2 * m) {
                biasIH.storage[j] = forgetGateBias
                biasHH.storage[j] = forgetGateBias
            }
        }
        (readoutWeight, readoutBias) = CellReadout.initial(hidden: m, out: outputSize, &generator)
    }

    public var parameters: [Parameter<Scalar>] {
        get {
            [Parameter("weight_ih_l0", weightIH), Parameter("weight_hh_l0", weightHH),
             Parameter("bias_ih_l0", biasIH), Parameter("bias_hh_l0", biasHH),
             Parameter("readout.weight", readoutWeight), Parameter("readout.bias", readoutBias)]
        }
        set {
            precondition(newValue.count == 6, "LSTM has 6 parameter tensors")
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
        let inputs: CellBuffer<Scalar>        // T·B × K
        let hidden: CellBuffer<Scalar>        // (T+1)·B × M, h₀ first
        let cells: CellBuffer<Scalar>         // (T+1)·B × M, c₀ first
        let gates: CellBuffer<Scalar>         // T·B × 4M: activated i, f, g, o
        let cellTanh: CellBuffer<Scalar>      // T·B × M: tanh(c_t)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ inputs: [Matrix<Scalar>], readout: ReadoutSteps) -> (outputs: [Matrix<Scalar>], tape: Tape) {
        let (steps, batch) = cellSequenceShape(inputs, inputSize: inputSize)
        let m = hiddenSize, g4 = 4 * m, bm = batch * m
        let x = CellMath.stack(inputs, columns: inputSize)
        let h = CellBuffer<Scalar>((steps + 1) * bm)
        let c = CellBuffer<Scalar>((steps + 1) * bm)
        let gates = CellBuffer<Scalar>(steps * batch * g4)
        let tc = CellBuffer<Scalar>(steps * bm)

        // Input projections for all steps at once: G = X W_ihᵀ + b_ih + b_hh.
        var bias = biasIH.storage
        for j in 0..<g4 { bias[j] += biasHH.storage[j] }
        bias.withUnsafeBufferPointer { CellMath.broadcastRows($0.baseAddress!, into: gates.base, rows: steps * batch, columns: g4) }
        weightIH.storage.withUnsafeBufferPointer { pw in
            CellMath.gemm(false, true, m: steps * batch, n: g4, k: inputSize, x.base, lda: inputSize, pw.baseAddress!, ldb: inputSize,
                          beta: 1, gates.base, ldc: g4)
        }
        weightHH.storage.withUnsafeBufferPointer { pwh in
            RepeatedProduct.with(k: m, n: g4, pwh.baseAddress!, ldb: m, transposed: true, usePacked: usePackedGEMM) { product in
            for t in 0..<steps {
                let gt = gates.at(t * batch * g4)
                product.multiply(m: batch, h.at(t * bm), lda: m, into: gt, ldc: g4, accumulate: true)
                let cPrev = c.at(t * bm), cNext = c.at((t + 1) * bm), hNext = h.at((t + 1) * bm), tct = tc.at(t * bm)
                for b in 0..<batch {
                    let row = gt + b * g4
                    if Scalar.self == Float.self {
                        CellSIMD.lstmForward(floats(row), count: m, cPrev: floats(cPrev + b * m), cNext: floats(cNext + b * m),
                                             hNext: floats(hNext + b * m), cellTanh: floats(tct + b * m))
                        continue
                    }
                    for j in 0..<m {
                        let i = CellMath.sigmoid(row[j])
                        let f = CellMath.sigmoid(row[m + j])
                        let g = CellMath.tanh(row[2 * m + j])
                        let o = CellMath.sigmoid(row[3 * m + j])
                        row[j] = i; row[m + j] = f; row[2 * m + j] = g; row[3 * m + j] = o
                        let k = b * m + j
                        let cn = f * cPrev[k] + i * g
                        let th = CellMath.tanh(cn)
                        cNext[k] = cn
                        tct[k] = th
                        hNext[k] = o * th
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
        return (outputs, Tape(steps: steps, batch: batch, readout: readout, inputs: x, hidden: h, cells: c, gates: gates, cellTanh: tc))
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ tape: Tape, outputGradients: [Matrix<Scalar>]) -> [Matrix<Scalar>] {
        let steps = tape.steps, batch = tape.batch
        let m = hiddenSize, g4 = 4 * m, bm = batch * m
        var dWih = Matrix<Scalar>(rows: g4, columns: inputSize)
        var dWhh = Matrix<Scalar>(rows: g4, columns: m)
        var dbih = Matrix<Scalar>(rows: g4, columns: 1)
        var dRW = Matrix<Scalar>(rows: outputSize, columns: m)
        var dRb = Matrix<Scalar>(rows: outputSize, columns: 1)

        // dL/dh_t from the read-out, for t = 1…T (all) or t = T (last).
        let readoutRows = tape.readout == .all ? steps * batch : batch
        let dOut = CellBuffer<Scalar>(readoutRows * m)
        CellReadout.backward(weight: readoutWeight, states: tape.hidden.at(tape.readout == .all ? bm : steps * bm), rows: readoutRows,
                             outputGradients: outputGradients, weightGradient: &dRW, biasGradient: &dRb, stateGradients: dOut.base)

        let dG = CellBuffer<Scalar>(steps * batch * g4)
        let dh = CellBuffer<Scalar>(bm)
        let dc = CellBuffer<Scalar>(bm)
        weightHH.storage.withUnsafeBufferPointer { pwh in
            RepeatedProduct.with(k: g4, n: m, pwh.baseAddress!, ldb: m, transposed: false, usePacked: usePackedGEMM) { product in
            for t in stride(from: steps - 1, through: 0, by: -1) {
                if tape.readout == .all {
                    let src = dOut.at(t * bm)
                    for k in 0..<bm { dh.base[k] += src[k] }
                } else if t == steps - 1 {
                    dh.base.update(from: dOut.base, count: bm)
                }
                let gt = tape.gates.at(t * batch * g4), dgt = dG.at(t * batch * g4)
                let cPrev = tape.cells.at(t * bm), tct = tape.cellTanh.at(t * bm)
                for b in 0..<batch {
                    let row = gt + b * g4, drow = dgt + b * g4
                    if Scalar.self == Float.self {
                        CellSIMD.lstmBackward(floats(row), dRow: floats(drow), count: m, cPrev: floats(cPrev + b * m),
                                              cellTanh: floats(tct + b * m), dh: floats(dh.base + b * m), dc: floats(dc.base + b * m))
                        continue
                    }
                    for j in 0..<m {
                        let k = b * m + j
                        let i = row[j], f = row[m + j], g = row[2 * m + j], o = row[3 * m + j]
                        let th = tct[k]
                        let dcTotal = dc.base[k] + dh.base[k] * o * (1 - th * th)
                        drow[j] = dcTotal * g * i * (1 - i)
                        drow[m + j] = dcTotal * cPrev[k] * f * (1 - f)
                        drow[2 * m + j] = dcTotal * i * (1 - g * g)
                        drow[3 * m + j] = dh.base[k] * th * o * (1 - o)
                        dc.base[k] = dcTotal * f
                    }
                }
                product.multiply(m: batch, dgt, lda: g4, into: dh.base, ldc: m, accumulate: false)
            }
            }
        }
        // Weight gradients for all steps in one product each.
        let rows = steps * batch
        dWih.storage.withUnsafeMutableBufferPointer {
            CellMath.gemm(true, false, m: g4, n: inputSize, k: rows, dG.base, lda: g4, tape.inputs.base, ldb: inputSize,
                          beta: 1, $0.baseAddress!, ldc: inputSize)
        }
        dWhh.storage.withUnsafeMutableBufferPointer {
            CellMath.gemm(true, false, m: g4, n: m, k: rows, dG.base, lda: g4, tape.hidden.base, ldb: m, beta: 1, $0.baseAddress!, ldc: m)
        }
        dbih.storage.withUnsafeMutableBufferPointer { CellMath.addColumnSums(dG.base, rows: rows, columns: g4, into: $0.baseAddress!) }
        return [dWih, dWhh, dbih, dbih, dRW, dRb]
    }
}
