/// A penalty on the first `units` units of a PLRNN (rPLRNN line-attractor regulariser or the L2PLRNN decay).
///
/// With `reduction = .mean` (the reference code, `F.mse_loss`):
/// - `.lineAttractor`: τ_A·mean_{i<U}(A_i − 1)² + τ_W·mean_{i<U, all j}(W_ij²) + τ_h·mean_{i<U}(h_i²).
///   The W mean runs over all M columns of the stored `W.weight`, *including* its (unused, zero-initialised)
///   diagonal, so the denominator is U·M as in the reference code.
/// - `.quarticDecay` ("L2PLRNN2"): τ_A·mean_{i<U}(A_i²)² + τ_W·mean_{i,j<U}(W_ij²)² + τ_h·mean_{i<U}(h_i²)²
///   (the reference squares the entries and then applies the L2 loss to the squares).
///
/// With `reduction = .sum` (the paper's eq. 4): the same terms summed, W over j ≠ i only.
/// The reference code weights h with τ_W; `init(penalty:units:tau:)` sets τ_A = τ_W = τ_h = τ.
public struct PLRNNRegularization: Sendable, Equatable {
    public enum Penalty: Sendable, Equatable {
        /// Pull A → 1, W → 0, h → 0 (rPLRNN).
        case lineAttractor
        /// Quartic decay of A, W (regularised block), h towards 0 (L2f/L2pPLRNN).
        case quarticDecay
    }

    public enum Reduction: Sendable, Equatable {
        /// Mean over the regularised entries (reference code; default).
        case mean
        /// Sum over the regularised entries (paper eq. 4).
        case sum
    }

    public var penalty: Penalty
    /// Number of regularised units (the first `units` rows).
    public var units: Int
    public var tauA: Double
    public var tauW: Double
    public var tauH: Double
    public var reduction: Reduction

    public init(penalty: Penalty, units: Int, tauA: Double, tauW: Double, tauH: Double, reduction: Reduction = .mean) {
        self.penalty = penalty
        self.units = units
        self.tauA = tauA
        self.tauW = tauW
        self.tauH = tauH
        self.reduction = reduction
    }

    public init(penalty: Penalty, units: Int, tau: Double, reduction: Reduction = .mean) {
        self.init(penalty: penalty, units: units, tauA: tau, tauW: tau, tauH: tau, reduction: reduction)
    }

    /// Loss and gradients with respect to A (length M), W (M×M row-major, stored including its diagonal)
    /// and h (length M). Computed in Double.
    func evaluate(a: [Double], w: [Double], h: [Double]) -> (loss: Double, da: [Double], dw: [Double], dh: [Double]) {
        let m = a.count
        let u = units
        precondition(u >= 0 && u <= m, "regularised units \(u) outside 0...\(m)")
        var da = [Double](repeating: 0, count: m)
        var dw = [Double](repeating: 0, count: m * m)
        var dh = [Double](repeating: 0, count: m)
        if u == 0 { return (0, da, dw, dh) }

        // Which W entries are penalised, and how many (for the mean).
        let columns: (Int) -> Range<Int>
        let wCount: Int
        switch (penalty, reduction) {
        case (.lineAttractor, .mean): columns = { _ in 0..<m }; wCount = u * m
        case (.lineAttractor, .sum): columns = { _ in 0..<m }; wCount = 1
        case (.quarticDecay, .mean): columns = { _ in 0..<u }; wCount = u * u
        case (.quarticDecay, .sum): columns = { _ in 0..<u }; wCount = 1
        }
        let skipDiagonal = reduction == .sum
        let unitCount = reduction == .mean ? Double(u) : 1
        let cA = tauA / unitCount, cH = tauH / unitCount, cW = tauW / Double(wCount)

        var loss = 0.0
        switch penalty {
        case .lineAttractor:
            for i in 0..<u {
                let d = a[i] - 1
                loss += cA * d * d
                da[i] = 2 * cA * d
                loss += cH * h[i] * h[i]
                dh[i] = 2 * cH * h[i]
                for j in columns(i) where !(skipDiagonal && j == i) {
                    let x = w[i * m + j]
                    loss += cW * x * x
                    dw[i * m + j] = 2 * cW * x
                }
            }
        case .quarticDecay:
            for i in 0..<u {
                let a2 = a[i] * a[i], h2 = h[i] * h[i]
                loss += cA * a2 * a2
                da[i] = 4 * cA * a2 * a[i]
                loss += cH * h2 * h2
                dh[i] = 4 * cH * h2 * h[i]
                for j in columns(i) where !(skipDiagonal && j == i) {
                    let x = w[i * m + j], x2 = x * x
                    loss += cW * x2 * x2
                    dw[i * m + j] = 4 * cW * x2 * x
                }
            }
        }
        return (loss, da, dw, dh)
    }
}
