import Foundation
import LinearAlgebra

/// D_stsp by binning (Koppe et al. 2019; P2): the KL divergence between occupation histograms of the
/// true and the generated orbit in observation space,
///
///     D_stsp = Σ_cells p_true(c) ln(p_true(c) / p_gen(c)),   p(c) = (h(c) + α) / (Σ h + α·n^N),
///
/// over all n^N cells (n bins per dimension, N dimensions, α = 1e-5 Laplace smoothing). Histograms are
/// sparse dictionaries, and the cells empty in both histograms are added in closed form, so 10^N cells
/// cost nothing for N ≤ 10 (the sum is exact, not truncated).
public struct StateSpaceBinning: Sendable, Equatable {
    /// Where the box and the bins come from.
    public enum Convention: Sendable, Equatable {
        /// ChaosRNN `evaluation/klx.py`: per dimension the box [−k σ_true, +k σ_true] (k = 2, centred at
        /// **0**, σ the unbiased std as torch's `std()`), coordinate trunc((x − min)/span · n); a point
        /// is counted only if every coordinate is > 0 and < n — so points in the **first** bin of any
        /// dimension are discarded too. With the pooled-standardised ChaosRNN Lorenz file only ~32 % of the
        /// true points are counted (PROTOCOLS §5 item 12b).
        case reference
        /// The box [μ_true − k σ_true, μ_true + k σ_true] around the per-dimension mean, coordinate
        /// floor((x − min)/span · n), every bin 0 … n−1 counted; points outside the box are discarded.
        case centred
    }

    public var bins: Int
    public var convention: Convention
    /// Half-width of the box in standard deviations (2 in the reference code).
    public var widthInStandardDeviations: Double
    /// α of the Laplace smoothing (the reference's `10e-6` = 1e-5).
    public var smoothing: Double

    /// Defaults: the clean `centred` box with 10 bins (the evaluator's bin count).
    public init(bins: Int = 10, convention: Convention = .centred, widthInStandardDeviations: Double = 2, smoothing: Double = 1e-5) {
        precondition(bins >= 1 && widthInStandardDeviations > 0 && smoothing > 0)
        self.bins = bins
        self.convention = convention
        self.widthInStandardDeviations = widthInStandardDeviations
        self.smoothing = smoothing
    }

    /// The reference evaluator's setting: `.reference`, 10 bins, ±2σ, α = 1e-5.
    public static let chaosRNN = StateSpaceBinning(bins: 10, convention: .reference)

    /// The box, per dimension, derived from the true data.
    public func box(for truth: Matrix<Double>) -> (lower: [Double], upper: [Double]) {
        let sd = SeriesStatistics.standardDeviations(truth, ddof: 1)
        let centre: [Double]
        switch convention {
        case .reference: centre = [Double](repeating: 0, count: truth.columns)
        case .centred: centre = SeriesStatistics.means(truth)
        }
        return (zip(centre, sd).map { $0 - widthInStandardDeviations * $1 },
                zip(centre, sd).map { $0 + widthInStandardDeviations * $1 })
    }

    /// The occupation counts of the counted cells (cell = per-dimension bin coordinates).
    public func histogram(_ x: Matrix<Double>, lower: [Double], upper: [Double]) -> [[Int]: Int] {
        precondition(x.columns == lower.count)
        var counts: [[Int]: Int] = [:]
        var cell = [Int](repeating: 0, count: x.columns)
        points: for i in 0..<x.rows {
            for d in 0..<x.columns {
                let scaled = (x[i, d] - lower[d]) / (upper[d] - lower[d]) * Double(bins)
                guard scaled.isFinite else { continue points }
                switch convention {
                case .reference:
                    // torch `.long()` truncates towards zero; the test is `> 0` and `< n`.
                    let c = scaled.rounded(.towardZero)
                    guard c > 0 && c < Double(bins) else { continue points }
                    cell[d] = Int(c)
                case .centred:
                    let c = scaled.rounded(.down)
                    guard c >= 0 && c < Double(bins) else { continue points }
                    cell[d] = Int(c)
                }
            }
            counts[cell, default: 0] += 1
        }
        return counts
    }

    /// D_stsp = KL(p_true ‖ p_gen) with diagnostics; the value is NaN when either histogram is empty
    /// (no point in the box), as in the reference.
    public func divergence(truth: Matrix<Double>, generated: Matrix<Double>) -> BinnedDivergence {
        precondition(truth.columns == generated.columns, "dimensions differ")
        let (lower, upper) = box(for: truth)
        let ht = histogram(truth, lower: lower, upper: upper)
        let hg = histogram(generated, lower: lower, upper: upper)
        let st = Double(ht.values.reduce(0, +)), sg = Double(hg.values.reduce(0, +))
        let cells = pow(Double(bins), Double(truth.columns))
        var value = Double.nan
        if st > 0 && sg > 0 {
            let alpha = smoothing
            let nt = st + alpha * cells, ng = sg + alpha * cells
            var kl = 0.0
            var union = Set(ht.keys)
            union.formUnion(hg.keys)
            for c in union {
                let pt = (Double(ht[c] ?? 0) + alpha) / nt
                let pg = (Double(hg[c] ?? 0) + alpha) / ng
                kl += pt * log(pt / pg)
            }
            // Cells empty in both: identical terms (α/nt) ln((α/nt)/(α/ng)).
            let empty = cells - Double(union.count)
            kl += empty * (alpha / nt) * log(ng / nt)
            value = kl
        }
        return BinnedDivergence(value: value, countedTrueFraction: st / Double(max(truth.rows, 1)),
                                countedGeneratedFraction: sg / Double(max(generated.rows, 1)),
                                occupiedTrueCells: ht.count, occupiedGeneratedCells: hg.count)
    }
}

/// The binned D_stsp and how much of each orbit it saw.
public struct BinnedDivergence: Sendable, Equatable {
    /// KL(p_true ‖ p_gen) in nats; NaN if a histogram is empty.
    public var value: Double
    /// Fraction of true points that fell into counted cells.
    public var countedTrueFraction: Double
    /// Fraction of generated points that fell into counted cells.
    public var countedGeneratedFraction: Double
    public var occupiedTrueCells: Int
    public var occupiedGeneratedCells: Int
}
