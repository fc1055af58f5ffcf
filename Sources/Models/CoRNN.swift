import Foundation
import LinearAlgebra
import Randomness

/// Which time level the damping term −ε z uses in the coRNN update (P3 eq. 3).
public enum CoRNNDamping: String, Sendable, Codable, CaseIterable {
    /// n̄ = n − 1: z_n = z_{n−1} + Δt(σ(A_{n−1}) − γ y_{n−1} − ε z_{n−1}). The reference code and all of
    /// P3's experiments.
    case explicit
    /// n̄ = n: z_n = (z_{n−1} + Δt(σ(A_{n−1}) − γ y_{n−1})) / (1 + Δt ε), the version P3 uses in its proofs.
    case implicit
}

/// The coupled oscillatory RNN of P3 (Rusch & Mishra 2021), as in the reference code's `coRNNCell`,
/// with an affine read-out on y.
///
/// One step: A = W y_{n−1} + 𝒲 z_{n−1} + V u_n + b (one `Linear` over the concatenation [u, z, y]),
/// z_n = z_{n−1} + Δt(tanh(A) − γ y_{n−1} − ε z_{n̄}), y_n = y_{n−1} + Δt z_n; y₀ = z₀ = 0. So y_n uses
/// the updated z_n in both variants; `damping` picks n̄.
///
/// Parameters (`parameters` order; names from the reference `coRNN` module's `state_dict`):
/// `cell.i2h.weight` (M × (K + 2M)) with column blocks [0, K) = V (input), [K, K+M) = 𝒲 (acts on z),
/// [K+M, K+2M) = W (acts on y); `cell.i2h.bias` (M × 1) = b; `readout.weight` (out × M); `readout.bias`
/// (out × 1). With `trainableHyperparameters`, three 1 × 1 tensors `cell.dt`, `cell.gamma`, `cell.epsilon`
/// follow (not in the reference code, where they are fixed floats).
public struct CoRNN<Scalar: BLASScalar>: RecurrentModel {
    public let inputSize: Int
    public let hiddenSize: Int
    public let outputSize: Int
    public let damping: CoRNNDamping
    /// Whether Δt, γ, ε are trained (appended to `parameters`) or fixed hyper-parameters.
    public let trainableHyperparameters: Bool

    /// `cell.i2h.weight`: [V | 𝒲 | W], M × (K + 2M).
    public var weight: Matrix<Scalar>
    /// `cell.i2h.bias`, M × 1.
    public var bias: Matrix<Scalar>
    public var readoutWeight: Matrix<Scalar>
    public var readoutBias: Matrix<Scalar>
    public var dt: Scalar
    public var gamma: Scalar
    public var epsilon: Scalar

    /// PyTorch default `Linear` initialisation with fan_in = K + 2M for the cell (weight, then bias) and
    /// fan_in = M for the read-out, as in the reference code.
    public init(
        inputSize: Int, hiddenSize: Int, outputSize: Int, dt: Scalar, gamma: Scalar, epsilon: Scalar,
        damping: CoRNNDamping = .explicit, trainableHyperparameters: Bool = false, generator: inout Generator
    ) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.outputSize = outputSize
        self.damping = damping
        self.trainableHyperparameters = trainableHyperparameters
        self.dt = dt
        self.gamma = gamma
        self.epsilon = epsilon
        let fanIn = inputSize + 2 * hiddenSize
        let bound = 1 / Double(fanIn).squareRoot()
        weight = CellMath.uniform(rows: hiddenSize, columns: fanIn, bound: bound, &generator)
        bias = CellMath.uniform(rows: hiddenSize, columns: 1, bound: bound, &generator)
        (readoutWeight, readoutBias) = CellReadout.initial(hidden: hiddenSize, out: outputSize, &generator)
    }

    public var parameters: [Parameter<Scalar>] {
        get {
            var p = [Parameter("cell.i2h.weight", weight), Parameter("cell.i2h.bias", bias),
                     Parameter("readout.weight", readoutWeight), Parameter("readout.bias", readoutBias)]
            if trainableHyperparameters {
                p += [Parameter("cell.dt", Matrix(rows: 1, columns: 1, storage: [dt])),
                      Parameter("cell.gamma", Matrix(rows: 1, columns: 1, storage: [gamma])),
                      Parameter("cell.epsilon", Matrix(rows: 1, columns: 1, storage: [epsilon]))]
            }
            return p
        }
        set {
            precondition(newValue.count == (trainableHyperparameters ? 7 : 4), "wrong number of coRNN parameter tensors")
            func checked(_ p: Parameter<Scalar>, _ rows: Int, _ columns: Int) -> Matrix<Scalar> {
                precondition(p.value.rows == rows && p.value.columns == columns, "\(p.name) has the wrong shape")
                return p.value
            }
            weight = checked(newValue[0], weight.rows, weight.columns)
            bias = checked(newValue[1], bias.rows, 1)
            readoutWeight = checked(newValue[2], readoutWeight.rows, readoutWeight.columns)
            readoutBias = checked(newValue[3], readoutBias.rows, 1)
            if trainableHyperparameters {
                dt = checked(newValue[4], 1, 1).storage[0]
                gamma = checked(newValue[5], 1, 1).storage[0]
                epsilon = checked(newValue[6], 1, 1).storage[0]
            }
        }
    }

    /// The two sides of P3's assumption (8) (Fig. 3): Δt(1 + ‖W‖∞)/(1 + Δt) and Δt‖𝒲‖∞/(1 + Δt), with
    /// ‖·‖∞ the maximum absolute row sum, W the block acting on y and 𝒲 the block acting on z.
    public func assumptionEightQuantities() -> (y: Double, z: Double) {
        let k = inputSize, m = hiddenSize
        func rowSumNorm(_ first: Int) -> Double {
            (0..<m).map { i in (0..<m).reduce(0.0) { $0 + abs(Double(weight[i, first + $1])) } }.max() ?? 0
        }
        let h = Double(dt)
        return (h * (1 + rowSumNorm(k + m)) / (1 + h), h * rowSumNorm(k) / (1 + h))
    }

    /// Everything `backward` needs, in contiguous step-major blocks.
    public struct Tape {
        let steps: Int
        let batch: Int
        let readout: ReadoutSteps
        let concatenated: CellBuffer<Scalar>   // T·B × (K+2M): [u_n, z_{n−1}, y_{n−1}]
        let activations: CellBuffer<Scalar>    // T·B × M: tanh(A)
        let y: CellBuffer<Scalar>              // (T+1)·B × M, y₀ first
        let z: CellBuffer<Scalar>              // (T+1)·B × M, z₀ first
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ inputs: [Matrix<Scalar>], readout: ReadoutSteps) -> (outputs: [Matrix<Scalar>], tape: Tape) {
        let (steps, batch) = cellSequenceShape(inputs, inputSize: inputSize)
        let k = inputSize, m = hiddenSize, width = k + 2 * m, bm = batch * m
        let cat = CellBuffer<Scalar>(steps * batch * width)
        let s = CellBuffer<Scalar>(steps * bm)
        let y = CellBuffer<Scalar>((steps + 1) * bm)
        let z = CellBuffer<Scalar>((steps + 1) * bm)
        let h = dt, g = gamma, e = epsilon
        let q = 1 / (1 + h * e)
        let implicit = damping == .implicit

        weight.storage.withUnsafeBufferPointer { pw in
            bias.storage.withUnsafeBufferPointer { pb in
                for t in 0..<steps {
                    let ct = cat.at(t * batch * width), st = s.at(t * bm)
                    let yPrev = y.at(t * bm), zPrev = z.at(t * bm), yNext = y.at((t + 1) * bm), zNext = z.at((t + 1) * bm)
                    inputs[t].storage.withUnsafeBufferPointer { px in
                        for b in 0..<batch {
                            let row = ct + b * width
                            row.update(from: px.baseAddress! + b * k, count: k)
                            (row + k).update(from: zPrev + b * m, count: m)
                            (row + k + m).update(from: yPrev + b * m, count: m)
                        }
                    }
                    CellMath.broadcastRows(pb.baseAddress!, into: st, rows: batch, columns: m)
                    CellMath.gemm(false, true, m: batch, n: m, k: width, ct, lda: width, pw.baseAddress!, ldb: width, beta: 1, st, ldc: m)
                    for i in 0..<bm {
                        let a = CellMath.tanh(st[i])
                        st[i] = a
                        let zn = implicit ? (zPrev[i] + h * (a - g * yPrev[i])) * q : zPrev[i] + h * (a - g * yPrev[i] - e * zPrev[i])
                        zNext[i] = zn
                        yNext[i] = yPrev[i] + h * zn
                    }
                }
            }
        }
        let outputs: [Matrix<Scalar>]
        switch readout {
        case .last:
            outputs = CellReadout.forward(weight: readoutWeight, bias: readoutBias, states: y.at(steps * bm), rows: batch, batch: batch)
        case .all:
            outputs = CellReadout.forward(weight: readoutWeight, bias: readoutBias, states: y.at(bm), rows: steps * batch, batch: batch)
        }
        return (outputs, Tape(steps: steps, batch: batch, readout: readout, concatenated: cat, activations: s, y: y, z: z))
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ tape: Tape, outputGradients: [Matrix<Scalar>]) -> [Matrix<Scalar>] {
        let steps = tape.steps, batch = tape.batch
        let k = inputSize, m = hiddenSize, width = k + 2 * m, bm = batch * m
        let h = dt, g = gamma, e = epsilon
        let q = 1 / (1 + h * e)
        let implicit = damping == .implicit
        var dW = Matrix<Scalar>(rows: m, columns: width)
        var db = Matrix<Scalar>(rows: m, columns: 1)
        var dRW = Matrix<Scalar>(rows: outputSize, columns: m)
        var dRb = Matrix<Scalar>(rows: outputSize, columns: 1)
        var dDt: Scalar = 0, dGamma: Scalar = 0, dEpsilon: Scalar = 0

        let readoutRows = tape.readout == .all ? steps * batch : batch
        let dOut = CellBuffer<Scalar>(readoutRows * m)
        CellReadout.backward(weight: readoutWeight, states: tape.y.at(tape.readout == .all ? bm : steps * bm), rows: readoutRows,
                             outputGradients: outputGradients, weightGradient: &dRW, biasGradient: &dRb, stateGradients: dOut.base)

        let dA = CellBuffer<Scalar>(steps * bm)
        let dy = CellBuffer<Scalar>(bm)
        let dz = CellBuffer<Scalar>(bm)
        weight.storage.withUnsafeBufferPointer { pw in
            for t in stride(from: steps - 1, through: 0, by: -1) {
                if tape.readout == .all {
                    let src = dOut.at(t * bm)
                    for i in 0..<bm { dy.base[i] += src[i] }
                } else if t == steps - 1 {
                    dy.base.update(from: dOut.base, count: bm)
                }
                let st = tape.activations.at(t * bm), dat = dA.at(t * bm)
                let yPrev = tape.y.at(t * bm), zPrev = tape.z.at(t * bm), zNext = tape.z.at((t + 1) * bm)
                for i in 0..<bm {
                    let a = st[i]
                    let dyi = dy.base[i]
                    // y_n = y_{n−1} + Δt z_n routes dy into z_n.
                    let dzn = dz.base[i] + h * dyi
                    dDt += dyi * zNext[i]
                    if implicit {
                        let du = q * dzn
                        dat[i] = h * du * (1 - a * a)
                        dDt += dzn * q * (a - g * yPrev[i] - e * zNext[i])
                        dGamma -= du * h * yPrev[i]
                        dEpsilon -= du * h * zNext[i]
                        dz.base[i] = du
                        dy.base[i] = dyi - h * g * du
                    } else {
                        dat[i] = h * dzn * (1 - a * a)
                        dDt += dzn * (a - g * yPrev[i] - e * zPrev[i])
                        dGamma -= dzn * h * yPrev[i]
                        dEpsilon -= dzn * h * zPrev[i]
                        dz.base[i] = dzn * (1 - h * e)
                        dy.base[i] = dyi - h * g * dzn
                    }
                }
                // Through A: the 𝒲 block feeds dz, the W block feeds dy.
                CellMath.gemm(false, false, m: batch, n: m, k: m, dat, lda: m, pw.baseAddress! + k, ldb: width, beta: 1, dz.base, ldc: m)
                CellMath.gemm(false, false, m: batch, n: m, k: m, dat, lda: m, pw.baseAddress! + k + m, ldb: width, beta: 1, dy.base, ldc: m)
            }
        }
        let rows = steps * batch
        dW.storage.withUnsafeMutableBufferPointer {
            CellMath.gemm(true, false, m: m, n: width, k: rows, dA.base, lda: m, tape.concatenated.base, ldb: width,
                          beta: 1, $0.baseAddress!, ldc: width)
        }
        db.storage.withUnsafeMutableBufferPointer { CellMath.addColumnSums(dA.base, rows: rows, columns: m, into: $0.baseAddress!) }
        var gradients = [dW, db, dRW, dRb]
        if trainableHyperparameters {
            gradients += [Matrix(rows: 1, columns: 1, storage: [dDt]), Matrix(rows: 1, columns: 1, storage: [dGamma]),
                          Matrix(rows: 1, columns: 1, storage: [dEpsilon])]
        }
        return gradients
    }
}
