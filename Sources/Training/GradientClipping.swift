import Foundation
import LinearAlgebra

/// How gradients are limited before the optimiser step.
public enum GradientClipping: Sendable, Equatable, Codable {
    case none
    /// `torch.nn.utils.clip_grad_norm_(max_norm)`: one 2-norm over all parameters' gradients.
    case norm(maximum: Double)
    /// `torch.nn.utils.clip_grad_value_(clip_value)`: every element clamped to [−c, c].
    case value(limit: Double)

    /// Clips in place; returns the global 2-norm measured *before* clipping (what `clip_grad_norm_`
    /// returns), which the history records for every policy.
    @inlinable
    @discardableResult
    public func apply<S: BLASScalar>(to gradients: inout [Matrix<S>]) -> Double {
        let norm = globalNorm(gradients)
        switch self {
        case .none: break
        case .norm(let maximum): clipGradientNorm(&gradients, maximum: maximum, norm: norm)
        case .value(let limit): clipGradientValues(&gradients, limit: limit)
        }
        return norm
    }
}

/// The 2-norm of all gradient elements together (sum of squares in Double).
@inlinable
public func globalNorm<S: BLASScalar>(_ gradients: [Matrix<S>]) -> Double {
    var sum = 0.0
    for g in gradients {
        g.storage.withUnsafeBufferPointer { p in
            for x in p { let d = Double(x); sum += d * d }
        }
    }
    return sum.squareRoot()
}

/// `clip_grad_norm_` semantics: coefficient `max_norm / (norm + 1e-6)`, clamped to at most 1, so
/// gradients are scaled only when that coefficient is below 1. A non-finite norm makes the gradients
/// non-finite (PyTorch's default `error_if_nonfinite=False`), which the training loop reports as divergence.
@inlinable
public func clipGradientNorm<S: BLASScalar>(_ gradients: inout [Matrix<S>], maximum: Double, norm: Double? = nil) {
    let total = norm ?? globalNorm(gradients)
    let coefficient = maximum / (total + 1e-6)
    guard !(coefficient >= 1) else { return }
    let c = S(coefficient)
    for k in gradients.indices {
        gradients[k].storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] *= c }
        }
    }
}

/// `clip_grad_value_` semantics: clamp every element to [−limit, limit].
@inlinable
public func clipGradientValues<S: BLASScalar>(_ gradients: inout [Matrix<S>], limit: Double) {
    let hi = S(limit), lo = -S(limit)
    for k in gradients.indices {
        gradients[k].storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = Swift.min(Swift.max(p[i], lo), hi) }
        }
    }
}
