import Foundation
import LinearAlgebra
import Randomness

/// How a PLRNN's parameters are drawn (reg-PLRNN `generate_random_params` plus the per-variant overrides).
public enum PLRNNInitialization: Sendable, Equatable {
    /// `generate_random_params`: AW ~ N(0, 1/√M), multiplied by 1/(1+√M) until its spectral radius is ≤ 1,
    /// A = diag(AW), W = off-diagonal part; C ~ N(0, 1/√M)·√2·exp(1.2/max(M,6) − 2.4); B, h ~ N(0, 1/√M);
    /// μ0 ~ U[0, 1). (Plain PLRNN.)
    case random
    /// `random`, then the first `units` units become line-attractor units: A_ii = 1, row i of W = 0,
    /// h_i = 0 (iPLRNN: units = M; rPLRNN: units = int(M·fraction)).
    case lineAttractor(units: Int)
    /// `random`, then A_ii = 0 for the first `units` units ("L2PLRNN2", L2f/L2pPLRNN).
    case zeroDecay(units: Int)
}

/// The published model variants of the reg-PLRNN benchmarks, as an initialisation plus an optional regulariser.
public enum PLRNNVariant: Sendable, Equatable {
    /// Random init, no regulariser.
    case plrnn
    /// A0 = I, W0 = 0, h0 = 0 for all units, no regulariser.
    case iPLRNN
    /// First int(M·fraction) units initialised as line-attractor units and pulled there by the regulariser
    /// (τ_A = τ_W = τ_h = τ; the paper's benchmarks use τ = 5, fraction 0.5, reference-code means).
    case rPLRNN(tau: Double, fraction: Double, reduction: PLRNNRegularization.Reduction = .mean)
    /// Quartic decay penalty on all units, A0 = 0 ("L2fPLRNN").
    case l2fPLRNN(tau: Double)
    /// Quartic decay penalty on the first int(M·fraction) units, their A0 = 0 ("L2pPLRNN").
    case l2pPLRNN(tau: Double, fraction: Double)

    /// Number of regularised / overridden units for hidden size `m` (Python's `int(M·fraction)`).
    static func units(_ m: Int, _ fraction: Double) -> Int { Int((Double(m) * fraction).rounded(.towardZero)) }

    public func initialization(hiddenSize m: Int) -> PLRNNInitialization {
        switch self {
        case .plrnn: return .random
        case .iPLRNN: return .lineAttractor(units: m)
        case .rPLRNN(_, let fraction, _): return .lineAttractor(units: Self.units(m, fraction))
        case .l2fPLRNN: return .zeroDecay(units: m)
        case .l2pPLRNN(_, let fraction): return .zeroDecay(units: Self.units(m, fraction))
        }
    }

    public func regularization(hiddenSize m: Int) -> PLRNNRegularization? {
        switch self {
        case .plrnn, .iPLRNN: return nil
        case .rPLRNN(let tau, let fraction, let reduction):
            return PLRNNRegularization(penalty: .lineAttractor, units: Self.units(m, fraction), tau: tau, reduction: reduction)
        case .l2fPLRNN(let tau):
            return PLRNNRegularization(penalty: .quarticDecay, units: m, tau: tau)
        case .l2pPLRNN(let tau, let fraction):
            return PLRNNRegularization(penalty: .quarticDecay, units: Self.units(m, fraction), tau: tau)
        }
    }
}

/// The raw draws of `generate_random_params`, in Double, before conversion to the model's scalar type.
struct PLRNNDraw {
    var a: [Double]          // M
    var w: [Double]          // M×M, zero diagonal
    var h: [Double]          // M
    var c: [Double]          // M×inputs
    var b: [Double]          // outputs×M
    var mu0: [Double]        // M

    /// Draws in the reference order: AW, C, B, h, μ0.
    init(inputSize: Int, hiddenSize m: Int, outputSize: Int, initialization: PLRNNInitialization, generator: inout Generator) {
        let scale = 1 / Double(m).squareRoot()
        var aw = Matrix<Double>(rows: m, columns: m, storage: (0..<(m * m)).map { _ in scale * generator.normal() })
        let reduction = 1 / (1 + Double(m).squareRoot())
        // LAPACK failing on a finite random matrix would be a library fault, not a recoverable state.
        while (try! spectralRadius(aw)) > 1 {
            for i in aw.storage.indices { aw.storage[i] *= reduction }
        }
        a = (0..<m).map { aw[$0, $0] }
        w = aw.storage
        for i in 0..<m { w[i * m + i] = 0 }
        let cScale = scale * 2.0.squareRoot() * Foundation.exp(1.2 / Double(max(m, 6)) - 2.4)
        c = (0..<(m * inputSize)).map { _ in cScale * generator.normal() }
        b = (0..<(outputSize * m)).map { _ in scale * generator.normal() }
        h = (0..<m).map { _ in scale * generator.normal() }
        mu0 = (0..<m).map { _ in generator.uniform() }

        switch initialization {
        case .random:
            break
        case .lineAttractor(let units):
            precondition(units >= 0 && units <= m, "lineAttractor units \(units) outside 0...\(m)")
            for i in 0..<units {
                a[i] = 1
                h[i] = 0
                for j in 0..<m { w[i * m + j] = 0 }
            }
        case .zeroDecay(let units):
            precondition(units >= 0 && units <= m, "zeroDecay units \(units) outside 0...\(m)")
            for i in 0..<units { a[i] = 0 }
        }
    }
}
