import Foundation
import LinearAlgebra

/// ‖∂z_T/∂z_1‖₂ at one horizon T, kept as a logarithm because it over- or underflows for long
/// horizons on chaotic or contracting orbits.
public struct JacobianProductNorm: Sendable, Equatable {
    /// T.
    public var horizon: Int
    /// ln ‖J(z_{T−1}) ⋯ J(z_1)‖₂.
    public var logNorm: Double
    /// The norm itself (may be +∞ or 0 when it does not fit a Double).
    public var norm: Double { exp(logNorm) }
}

extension Lyapunov {
    /// ‖∂z_T/∂z_1‖₂ = ‖Π_{t=1}^{T−1} J(z_t)‖₂ along the free orbit z_1 = `z1`, z_{t+1} = F(z_t), for every
    /// T in `horizons` (T = 1 gives the identity, norm 1). This is the gradient-growth illustration of
    /// P2 (Thm 1: → 0 exponentially at a stable fixed point or cycle; Thm 2: diverges on a chaotic
    /// attractor; ChaosRNN notebook: T = 10 … 10⁴ for a trained PLRNN with J = diag(A) + W D_t).
    /// The running product is rescaled whenever its entries leave [1e-100, 1e100], with the scale kept
    /// in log form.
    public static func jacobianProductNorms<M: DiscreteMap>(of map: M, from z1: [Double], horizons: [Int]) -> [JacobianProductNorm] {
        precondition(horizons.allSatisfy { $0 >= 1 }, "horizons start at 1")
        guard let last = horizons.max() else { return [] }
        let wanted = Set(horizons)
        var found: [Int: Double] = [:]
        var product = Matrix<Double>.identity(map.dimension)
        var logScale = 0.0
        var z = z1
        for horizon in 1...last {
            if wanted.contains(horizon) {
                let s = (try? spectralNorm(product)) ?? .nan
                found[horizon] = log(s) + logScale
            }
            if horizon == last { break }
            product = matmul(map.jacobian(z), product)
            z = map.step(z)
            let size = product.maxAbs
            if size > 1e100 || (size < 1e-100 && size > 0) {
                for i in product.storage.indices { product.storage[i] /= size }
                logScale += log(size)
            }
        }
        return horizons.map { JacobianProductNorm(horizon: $0, logNorm: found[$0]!) }
    }
}
