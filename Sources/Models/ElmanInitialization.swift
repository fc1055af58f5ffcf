import Foundation
import LinearAlgebra
import Randomness

/// Elementwise nonlinearity of an `ElmanRNN`.
public enum ElmanActivation: String, Sendable, Equatable, Codable {
    case relu
    case tanh
}

/// How an `ElmanRNN` is initialised (the comparison models of the reg-PLRNN benchmarks).
public enum ElmanInitialization: Sendable, Equatable {
    /// PyTorch's `nn.RNN` / `nn.Linear` default: every weight and bias ~ U(−1/√H, 1/√H).
    case pytorchDefault
    /// iRNN (Le et al. 2015): W_hh = I, both biases 0, W_ih ~ N(0,1)/H.
    case identity
    /// npRNN (Talathi & Vartak 2016): R ~ N(0,1), A = RᵀR/H, W_hh = (A+I)/λ_max(A+I), biases 0,
    /// W_ih = α·N(0,1)/H with α = √2·exp(1.2/max(H,6) − 2.4), read-out weight ~ N(0, std 2/(H+out)).
    case normalizedPositiveDefinite
    /// oRNN: W_hh a Haar-random orthogonal matrix (QR of a Gaussian matrix, as `nn.init.orthogonal_`),
    /// biases 0, everything else PyTorch default.
    case orthogonal
}

/// An L2 penalty τ·Σθ² on the RNN's weight matrices (and optionally biases), reported through `regularization()`.
public struct ElmanL2: Sendable, Equatable {
    public var tau: Double
    public var includeBiases: Bool
    public init(tau: Double, includeBiases: Bool = false) {
        self.tau = tau
        self.includeBiases = includeBiases
    }
}

/// The published Elman-type comparison models.
public enum ElmanVariant: Sendable, Equatable {
    /// Vanilla ReLU RNN, PyTorch default init ("RNN").
    case rnn
    /// "L2RNN": ReLU RNN with an L2 weight penalty. In the published reg-PLRNN runs the penalty had no
    /// effect (computed on detached tensors and τ_W reset to 0; PROTOCOLS §5 item 4), so by default
    /// (`effective: false`) this is the vanilla RNN; `effective: true` applies τ·Σw².
    case l2RNN(tau: Double, effective: Bool = false)
    case iRNN
    case npRNN
    /// Orthogonally initialised ReLU RNN (the published orthogonality penalty likewise had no effect).
    case oRNN
    /// tanh RNN with PyTorch default init (coRNN paper baseline).
    case tanhRNN

    public var activation: ElmanActivation { self == .tanhRNN ? .tanh : .relu }

    public var initialization: ElmanInitialization {
        switch self {
        case .rnn, .l2RNN, .tanhRNN: return .pytorchDefault
        case .iRNN: return .identity
        case .npRNN: return .normalizedPositiveDefinite
        case .oRNN: return .orthogonal
        }
    }

    public var l2: ElmanL2? {
        if case .l2RNN(let tau, true) = self { return ElmanL2(tau: tau) }
        return nil
    }
}

/// Draws of one initialisation, in Double: W_ih, W_hh, b_ih, b_hh, readout weight and bias (in that order).
struct ElmanDraw {
    var wih: [Double], whh: [Double], bih: [Double], bhh: [Double], wout: [Double], bout: [Double]

    init(inputSize nin: Int, hiddenSize m: Int, outputSize out: Int, initialization: ElmanInitialization,
         generator g: inout Generator) {
        let k = 1 / Double(m).squareRoot()
        func uniform(_ count: Int) -> [Double] { (0..<count).map { _ in g.uniform(-k, k) } }
        func normal(_ count: Int, _ scale: Double) -> [Double] { (0..<count).map { _ in scale * g.normal() } }
        let zeros = [Double](repeating: 0, count: m)
        switch initialization {
        case .pytorchDefault:
            wih = uniform(m * nin); whh = uniform(m * m); bih = uniform(m); bhh = uniform(m)
            wout = uniform(out * m); bout = uniform(out)
        case .identity:
            wih = normal(m * nin, 1 / Double(m))
            whh = Matrix<Double>.identity(m).storage
            bih = zeros; bhh = zeros
            wout = uniform(out * m); bout = uniform(out)
        case .normalizedPositiveDefinite:
            let alpha = 2.0.squareRoot() * Foundation.exp(1.2 / Double(max(m, 6)) - 2.4)
            wih = normal(m * nin, alpha / Double(m))
            let r = Matrix<Double>(rows: m, columns: m, storage: normal(m * m, 1))
            var a = matmul(r, transposeA: true, r)
            for i in a.storage.indices { a.storage[i] /= Double(m) }
            for i in 0..<m { a[i, i] += 1 }
            // A + I is symmetric positive definite, so its largest eigenvalue is its spectral radius.
            let lambda = try! symmetricEigen(a).values.max()!
            whh = a.storage.map { $0 / lambda }
            bih = zeros; bhh = zeros
            wout = normal(out * m, 2 / Double(m + out)); bout = uniform(out)
        case .orthogonal:
            wih = uniform(m * nin)
            whh = qr(Matrix<Double>(rows: m, columns: m, storage: normal(m * m, 1))).q.storage
            bih = zeros; bhh = zeros
            wout = uniform(out * m); bout = uniform(out)
        }
    }
}
