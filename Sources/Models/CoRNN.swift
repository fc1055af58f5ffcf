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
    /// Float products by the weights through `PackedGEMM` where the CPU allows (the default, faster);
    /// false keeps OpenBLAS for every product. Results agree to rounding, not bit for bit.
    public var usePackedGEMM = true

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

    /// Recycles tape memory between passes (see `BufferPool`); shared by copies of the model.
    let workspace = BufferPool<Scalar>()

    /// Everything `backward` needs, in contiguous step-major blocks.
    ///
    /// Row n of `state` (one per sequence and n = 0 … T) is the reference code's concatenation
    /// [u_{n+1}, z_n, y_n], `rowStride` apart: a step's pre-activation is one GEMM of the step's rows
    /// against `cell.i2h.weight`, the update writes z_{n+1}, y_{n+1} straight into the next rows, and
    /// the weight gradient is one GEMM over all rows after the backward loop.
    public struct Tape {
        let steps: Int
        let batch: Int
        let readout: ReadoutSteps
        let rowStride: Int
        let state: CellBuffer<Scalar>         // (T+1)·B rows of [u_{n+1}, z_n, y_n]
        let activations: CellBuffer<Scalar>   // T·B × M: tanh(A)
    }

    /// Row stride of the tape: K + 2M, padded when that is a multiple of 128 floats, where OpenBLAS
    /// ran the per-step GEMM ~20 % slower (cache-set conflicts of power-of-two strides).
    var rowStride: Int {
        let width = inputSize + 2 * hiddenSize
        return width % 128 == 0 ? width + 8 : width
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ inputs: [Matrix<Scalar>], readout: ReadoutSteps) -> (outputs: [Matrix<Scalar>], tape: Tape) {
        let (steps, batch) = cellSequenceShape(inputs, inputSize: inputSize)
        let k = inputSize, m = hiddenSize, width = k + 2 * m, ld = rowStride, bm = batch * m, bs = batch * ld
        let state = CellBuffer<Scalar>((steps + 1) * bs, zeroed: false, pool: workspace)
        let act = CellBuffer<Scalar>(steps * bm, zeroed: false, pool: workspace)
        // z_0 = y_0 = 0 (and the unused u / padding slots of the last rows).
        state.base.initialize(repeating: 0, count: bs)
        state.at(steps * bs).initialize(repeating: 0, count: bs)
        for t in 0..<steps {
            inputs[t].storage.withUnsafeBufferPointer { px in
                for b in 0..<batch { state.at(t * bs + b * ld).update(from: px.baseAddress! + b * k, count: k) }
            }
            if ld > width { for b in 0..<batch { state.at((t + 1) * bs + b * ld + width).initialize(repeating: 0, count: ld - width) } }
        }
        let h = dt, g = gamma, e = epsilon
        let q = 1 / (1 + h * e)
        let implicit = damping == .implicit

        weight.storage.withUnsafeBufferPointer { pw in
            bias.storage.withUnsafeBufferPointer { pb in
                RepeatedProduct.with(k: width, n: m, pw.baseAddress!, ldb: width, transposed: true, usePacked: usePackedGEMM) { product in
                for t in 0..<steps {
                    let cur = state.at(t * bs), next = state.at((t + 1) * bs), at = act.at(t * bm)
                    CellMath.broadcastRows(pb.baseAddress!, into: at, rows: batch, columns: m)
                    product.multiply(m: batch, cur, lda: ld, into: at, ldc: m, accumulate: true)
                    for b in 0..<batch {
                        let zPrev = cur + b * ld + k, yPrev = zPrev + m, zNext = next + b * ld + k, yNext = zNext + m, a = at + b * m
                        if Scalar.self == Float.self {
                            CellSIMD.coRNNForward(floats(a), z: floats(zPrev), y: floats(yPrev), zNext: floats(zNext), yNext: floats(yNext),
                                                  count: m, h: Float(h), gamma: Float(g), epsilon: Float(e), q: Float(q), implicit: implicit)
                        } else if implicit {
                            for i in 0..<m {
                                let ai = CellMath.tanh(a[i])
                                a[i] = ai
                                let zn = (zPrev[i] + h * (ai - g * yPrev[i])) * q
                                zNext[i] = zn
                                yNext[i] = yPrev[i] + h * zn
                            }
                        } else {
                            for i in 0..<m {
                                let ai = CellMath.tanh(a[i])
                                a[i] = ai
                                let zn = zPrev[i] + h * (ai - g * yPrev[i] - e * zPrev[i])
                                zNext[i] = zn
                                yNext[i] = yPrev[i] + h * zn
                            }
                        }
                    }
                }
                }
            }
        }
        let outputs: [Matrix<Scalar>]
        switch readout {
        case .last:
            outputs = CellReadout.forward(weight: readoutWeight, bias: readoutBias, states: state.at(steps * bs + k + m), stride: ld,
                                          rows: batch, batch: batch)
        case .all:
            outputs = CellReadout.forward(weight: readoutWeight, bias: readoutBias, states: state.at(bs + k + m), stride: ld,
                                          rows: steps * batch, batch: batch)
        }
        return (outputs, Tape(steps: steps, batch: batch, readout: readout, rowStride: ld, state: state, activations: act))
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ tape: Tape, outputGradients: [Matrix<Scalar>]) -> [Matrix<Scalar>] {
        let steps = tape.steps, batch = tape.batch
        let k = inputSize, m = hiddenSize, width = k + 2 * m, sw = 2 * m, bm = batch * m, ld = tape.rowStride, bs = batch * ld
        let h = dt, g = gamma, e = epsilon
        let q = 1 / (1 + h * e)
        let implicit = damping == .implicit
        let hyper = trainableHyperparameters
        var dW = Matrix<Scalar>(rows: m, columns: width)
        var db = Matrix<Scalar>(rows: m, columns: 1)
        var dRW = Matrix<Scalar>(rows: outputSize, columns: m)
        var dRb = Matrix<Scalar>(rows: outputSize, columns: 1)
        var dDt: Scalar = 0, dGamma: Scalar = 0, dEpsilon: Scalar = 0

        let readoutRows = tape.readout == .all ? steps * batch : batch
        let dOut = CellBuffer<Scalar>(readoutRows * m, zeroed: false)
        CellReadout.backward(weight: readoutWeight, states: tape.state.at(tape.readout == .all ? bs + k + m : steps * bs + k + m), stride: ld,
                             rows: readoutRows, outputGradients: outputGradients, weightGradient: &dRW, biasGradient: &dRb,
                             stateGradients: dOut.base)

        let dA = CellBuffer<Scalar>(steps * bm, zeroed: false, pool: workspace)
        let dState = CellBuffer<Scalar>(bs)  // [dz, dy] per sequence: dL/d(state_n) flowing back
        weight.storage.withUnsafeBufferPointer { pw in
            RepeatedProduct.with(k: m, n: sw, pw.baseAddress! + k, ldb: width, transposed: false, usePacked: usePackedGEMM) { product in
            for t in stride(from: steps - 1, through: 0, by: -1) {
                if tape.readout == .all || t == steps - 1 {
                    let src = dOut.at(tape.readout == .all ? t * bm : 0)
                    for b in 0..<batch {
                        let dy = dState.at(b * sw + m), s = src + b * m
                        for i in 0..<m { dy[i] += s[i] }
                    }
                }
                let cur = tape.state.at(t * bs), next = tape.state.at((t + 1) * bs)
                for b in 0..<batch {
                    let a = tape.activations.at(t * bm + b * m), da = dA.at(t * bm + b * m)
                    let dz = dState.at(b * sw), dy = dz + m
                    let zPrev = cur + b * ld + k, yPrev = zPrev + m, zNext = next + b * ld + k
                    if hyper {
                        // Δt, γ, ε gradients: serial sums, so kept out of the vectorisable loops below.
                        for i in 0..<m {
                            let dyi = dy[i], dzn = dz[i] + h * dyi
                            dDt += dyi * zNext[i]
                            if implicit {
                                let du = q * dzn
                                dDt += dzn * q * (a[i] - g * yPrev[i] - e * zNext[i])
                                dGamma -= du * h * yPrev[i]
                                dEpsilon -= du * h * zNext[i]
                            } else {
                                dDt += dzn * (a[i] - g * yPrev[i] - e * zPrev[i])
                                dGamma -= dzn * h * yPrev[i]
                                dEpsilon -= dzn * h * zPrev[i]
                            }
                        }
                    }
                    if Scalar.self == Float.self {
                        CellSIMD.coRNNBackward(floats(a), da: floats(da), dz: floats(dz), dy: floats(dy), count: m,
                                               h: Float(h), gamma: Float(g), epsilon: Float(e), q: Float(q), implicit: implicit)
                    } else if implicit {
                        for i in 0..<m {
                            let ai = a[i], dyi = dy[i]
                            // y_n = y_{n−1} + Δt z_n routes dy into z_n.
                            let du = q * (dz[i] + h * dyi)
                            da[i] = h * du * (1 - ai * ai)
                            dz[i] = du
                            dy[i] = dyi - h * g * du
                        }
                    } else {
                        let decay = 1 - h * e
                        for i in 0..<m {
                            let ai = a[i], dyi = dy[i]
                            let dzn = dz[i] + h * dyi
                            da[i] = h * dzn * (1 - ai * ai)
                            dz[i] = dzn * decay
                            dy[i] = dyi - h * g * dzn
                        }
                    }
                }
                // Through A: d[z y]_{n−1} += dA_n · [𝒲 | W].
                product.multiply(m: batch, dA.at(t * bm), lda: m, into: dState.base, ldc: sw, accumulate: true)
            }
            }
        }
        let rows = steps * batch
        dW.storage.withUnsafeMutableBufferPointer {
            let pdw = $0.baseAddress!
            CellMath.gemm(true, false, m: m, n: width, k: rows, dA.base, lda: m, tape.state.base, ldb: ld, beta: 0, pdw, ldc: width)
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
