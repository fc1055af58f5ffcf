import Dynamics
import Foundation
import LinearAlgebra
import Models

/// An autonomous discrete-time system x_{t+1} = F(x_t) with its Jacobian ∂F/∂x, the input of the
/// Lyapunov-spectrum and gradient-norm computations for maps and trained RNNs.
public protocol DiscreteMap: Sendable {
    /// Number of state variables.
    var dimension: Int { get }
    /// F(x).
    func step(_ x: [Double]) -> [Double]
    /// ∂F_i/∂x_j at x, a `dimension × dimension` matrix.
    func jacobian(_ x: [Double]) -> Matrix<Double>
}

/// x ↦ A x + b; its Lyapunov exponents are log |eigenvalues of A| (a test case with a known answer).
public struct AffineMap: DiscreteMap {
    public var a: Matrix<Double>
    public var b: [Double]

    public init(a: Matrix<Double>, b: [Double]? = nil) {
        precondition(a.rows == a.columns, "AffineMap needs a square matrix")
        self.a = a
        self.b = b ?? [Double](repeating: 0, count: a.rows)
    }

    public var dimension: Int { a.rows }

    public func step(_ x: [Double]) -> [Double] {
        (0..<dimension).map { i in
            var s = b[i]
            for j in 0..<dimension { s += a[i, j] * x[j] }
            return s
        }
    }

    public func jacobian(_ x: [Double]) -> Matrix<Double> { a }
}

/// The autonomous PLRNN map of Dynamics (no inputs): J(z) = diag(a) + W·D(z), D(z) = diag(1[z > 0]).
extension PLRNNMap: DiscreteMap {
    public func step(_ z: [Double]) -> [Double] { step(z, input: nil) }

    public func jacobian(_ z: [Double]) -> Matrix<Double> {
        plrnnJacobian(a: a, w: { i, j in w[i][j] }, z: z)
    }
}

/// The latent map of a trained `PLRNN` from Models run freely (inputs s_t = 0, as in the ChaosRNN
/// evaluation): z_{t+1} = a⊙z_t + W_off·relu(z_t) + h, J = diag(a) + W_off·diag(1[z_t > 0]).
/// The read-out B is not part of the map.
public struct PLRNNLatentMap: DiscreteMap {
    public var a: [Double]
    /// W with its diagonal zeroed (the model ignores the stored diagonal).
    public var w: Matrix<Double>
    public var h: [Double]

    public init<S>(_ model: PLRNN<S>) {
        a = model.a.map(Double.init)
        w = model.w.converted(to: Double.self)
        h = model.h.map(Double.init)
    }

    public var dimension: Int { a.count }

    public func step(_ z: [Double]) -> [Double] {
        let m = dimension
        return (0..<m).map { i in
            var s = a[i] * z[i] + h[i]
            for j in 0..<m where z[j] > 0 { s += w[i, j] * z[j] }
            return s
        }
    }

    public func jacobian(_ z: [Double]) -> Matrix<Double> {
        plrnnJacobian(a: a, w: { i, j in w[i, j] }, z: z)
    }
}

/// The hidden-state map of an `ElmanRNN` from Models run without input:
/// h_{t+1} = φ(W_hh h_t + b_ih + b_hh), J = diag(φ′(pre)) W_hh, i.e. diag(1 − h_{t+1}²) W_hh for tanh
/// and diag(1[pre > 0]) W_hh for ReLU.
public struct ElmanHiddenMap: DiscreteMap {
    public var weightHH: Matrix<Double>
    /// b_ih + b_hh.
    public var bias: [Double]
    public var activation: ElmanActivation

    public init<S>(_ model: ElmanRNN<S>) {
        weightHH = model.weightHH.converted(to: Double.self)
        let p = model.parameters
        let bih = p.first { $0.name == "bias_ih_l0" }!.value.storage
        let bhh = p.first { $0.name == "bias_hh_l0" }!.value.storage
        bias = zip(bih, bhh).map { Double($0) + Double($1) }
        activation = model.activation
    }

    public init(weightHH: Matrix<Double>, bias: [Double], activation: ElmanActivation) {
        self.weightHH = weightHH
        self.bias = bias
        self.activation = activation
    }

    public var dimension: Int { bias.count }

    func preactivation(_ h: [Double]) -> [Double] {
        (0..<dimension).map { i in
            var s = bias[i]
            for j in 0..<dimension { s += weightHH[i, j] * h[j] }
            return s
        }
    }

    public func step(_ h: [Double]) -> [Double] {
        preactivation(h).map { activation == .tanh ? tanh($0) : max($0, 0) }
    }

    public func jacobian(_ h: [Double]) -> Matrix<Double> {
        let pre = preactivation(h)
        var j = weightHH
        for i in 0..<dimension {
            let slope: Double
            switch activation {
            case .tanh: let t = tanh(pre[i]); slope = 1 - t * t
            case .relu: slope = pre[i] > 0 ? 1 : 0
            }
            for c in 0..<dimension { j[i, c] *= slope }
        }
        return j
    }
}

/// diag(a) + W·diag(1[z > 0]).
func plrnnJacobian(a: [Double], w: (Int, Int) -> Double, z: [Double]) -> Matrix<Double> {
    let m = a.count
    var j = Matrix<Double>(rows: m, columns: m)
    for i in 0..<m {
        for c in 0..<m where z[c] > 0 { j[i, c] = w(i, c) }
        j[i, i] += a[i]
    }
    return j
}

extension DiscreteMap {
    /// x_0 … x_steps from x_0 (rows = time).
    public func iterate(from x0: [Double], steps: Int) -> Matrix<Double> {
        var out = Matrix<Double>(rows: steps + 1, columns: dimension)
        var x = x0
        for t in 0...steps {
            for j in 0..<dimension { out[t, j] = x[j] }
            if t < steps { x = step(x) }
        }
        return out
    }
}
