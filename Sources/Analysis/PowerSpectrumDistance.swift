import Foundation
import LinearAlgebra

/// How a `T × N` series is cut into chunks whose spectra are averaged (ChaosRNN `main_eval.py`):
/// the true series into `chunks` pieces of L = T_true / chunks samples; the generated series into
/// `chunks` pieces of T_gen / chunks samples, each truncated to its first L samples (T_gen ≥ T_true).
/// A trailing remainder is dropped (the reference requires divisibility), and an odd L loses its last
/// sample (`ensure_length_is_even`).
struct SpectrumChunks {
    let chunks: Int

    func pieces(_ x: Matrix<Double>, dimension d: Int, length: Int) -> [[Double]] {
        let stride = x.rows / chunks
        precondition(stride >= length, "series too short: \(x.rows) rows for \(chunks) chunks of \(length)")
        let even = length - length % 2
        return (0..<chunks).map { c in (0..<even).map { x[c * stride + $0, d] } }
    }
}

/// D_H, the dimension-wise Hellinger distance between power spectra (ChaosRNN `evaluation/pse.py`, P2):
/// for each dimension and chunk, z-score the chunk (population std), take
/// p(f_k) = |rfft(x, norm='ortho')_k|² · 2/L (≈ unit total power), smooth it with a Gaussian of σ = 2 bins
/// (21 taps), average over chunks, keep the first 500 bins, then
///
///     BC = trapz(√(p_true · p_gen)),   D_H = √(1 − BC),
///
/// and average D_H over dimensions. 1 − BC is clamped at 0 (the reference would give NaN for a tiny
/// negative value). Chunks with zero variance are skipped, like `np.nanmean`.
///
/// The reference spectra are not renormalised, so trapz(p) < 1 (power above the cutoff, the trapezoid's
/// half end bins, and mass the zero-padded smoothing pushes below bin 0 — large for slow signals such as
/// Lorenz at Δt = 0.01 with 1000-sample chunks) and D_H of a series with itself is √(1 − trapz p) > 0
/// (0.20 for that Lorenz case). `normalizeSpectra` rescales both truncated spectra to trapz = 1 first, which
/// makes D_H a proper Hellinger distance (0 for identical spectra); off by default to match the reference.
public struct PowerSpectrumHellinger: Sendable, Equatable {
    public var chunks: Int
    public var smoothingSigma: Int
    public var cutoff: Int
    public var normalizeSpectra: Bool

    public init(chunks: Int = 50, smoothingSigma: Int = 2, cutoff: Int = 500, normalizeSpectra: Bool = false) {
        precondition(chunks >= 1 && smoothingSigma >= 1 && cutoff >= 1)
        self.chunks = chunks
        self.smoothingSigma = smoothingSigma
        self.cutoff = cutoff
        self.normalizeSpectra = normalizeSpectra
    }

    /// The smoothed, chunk-averaged spectrum of dimension `d` (all bins, before the cutoff).
    public func spectrum(_ x: Matrix<Double>, dimension d: Int, chunkLength: Int) -> [Double] {
        let pieces = SpectrumChunks(chunks: chunks).pieces(x, dimension: d, length: chunkLength)
        let length = pieces[0].count
        let fft = RealFFT(length: length)
        var sum = [Double](repeating: 0, count: length / 2 + 1)
        var used = 0
        for piece in pieces {
            let (mean, std) = SeriesStatistics.meanAndStd(piece[...])
            guard std > 0 else { continue }
            let power = fft.squaredMagnitudes(piece.lazy.map { ($0 - mean) / std })
            // |X/√L|² · 2/L
            let scaled = power.map { $0 / Double(length) * 2 / Double(length) }
            let smoothed = GaussianSmoothing.smooth(scaled, sigma: smoothingSigma)
            for k in sum.indices { sum[k] += smoothed[k] }
            used += 1
        }
        return sum.map { used > 0 ? $0 / Double(used) : .nan }
    }

    /// D_H per dimension.
    public func distances(truth: Matrix<Double>, generated: Matrix<Double>) -> [Double] {
        precondition(truth.columns == generated.columns, "dimensions differ")
        let length = truth.rows / chunks
        return (0..<truth.columns).map { d in
            var p = Array(spectrum(truth, dimension: d, chunkLength: length).prefix(cutoff))
            var q = Array(spectrum(generated, dimension: d, chunkLength: length).prefix(cutoff))
            if normalizeSpectra {
                let (mp, mq) = (trapezoid(p), trapezoid(q))
                p = p.map { $0 / mp }
                q = q.map { $0 / mq }
            }
            let root = zip(p, q).map { ($0 * $1).squareRoot() }
            let bc = trapezoid(root)
            return max(0, 1 - bc).squareRoot()
        }
    }

    /// D_H averaged over dimensions.
    public func distance(truth: Matrix<Double>, generated: Matrix<Double>) -> Double {
        let d = distances(truth: truth, generated: generated)
        return d.reduce(0, +) / Double(d.count)
    }

    func trapezoid(_ y: [Double]) -> Double {
        guard y.count > 1 else { return 0 }
        return y.reduce(0, +) - 0.5 * (y[0] + y[y.count - 1])
    }
}

/// The older power-spectrum correlation (DurstewitzLab/dendPLRNN `VI/evaluation/pse.py`, the
/// "average correlation between power spectra" of P1′): per chunk the amplitude spectrum |rfft(x)|·2/L in
/// decibels (20 log10), Gaussian-smoothed with σ = 10 bins (101 taps), averaged over chunks, truncated to
/// the first 20 000 bins; then the Pearson correlation of true and generated spectra, averaged over
/// dimensions. No z-scoring. (The reference divides by len() of a 1×L array, i.e. by 1; a constant factor
/// only shifts the dB spectrum and leaves the correlation unchanged.)
public struct PowerSpectrumCorrelation: Sendable, Equatable {
    public var chunks: Int
    public var smoothingSigma: Int
    public var cutoff: Int

    public init(chunks: Int = 1, smoothingSigma: Int = 10, cutoff: Int = 20_000) {
        self.chunks = chunks
        self.smoothingSigma = smoothingSigma
        self.cutoff = cutoff
    }

    func spectrum(_ x: Matrix<Double>, dimension d: Int, chunkLength: Int) -> [Double] {
        let pieces = SpectrumChunks(chunks: chunks).pieces(x, dimension: d, length: chunkLength)
        let length = pieces[0].count
        let fft = RealFFT(length: length)
        var sum = [Double](repeating: 0, count: length / 2 + 1)
        for piece in pieces {
            let decibels = fft.squaredMagnitudes(piece).map { 20 * log10($0.squareRoot() * 2 / Double(length)) }
            let smoothed = GaussianSmoothing.smooth(decibels, sigma: smoothingSigma)
            for k in sum.indices { sum[k] += smoothed[k] }
        }
        return sum.map { $0 / Double(pieces.count) }
    }

    /// Pearson correlation per dimension.
    public func correlations(truth: Matrix<Double>, generated: Matrix<Double>) -> [Double] {
        precondition(truth.columns == generated.columns, "dimensions differ")
        let length = truth.rows / chunks
        return (0..<truth.columns).map { d in
            let p = Array(spectrum(truth, dimension: d, chunkLength: length).prefix(cutoff))
            let q = Array(spectrum(generated, dimension: d, chunkLength: length).prefix(cutoff))
            return pearson(p, q)
        }
    }

    /// The mean correlation over dimensions.
    public func correlation(truth: Matrix<Double>, generated: Matrix<Double>) -> Double {
        let c = correlations(truth: truth, generated: generated)
        return c.reduce(0, +) / Double(c.count)
    }

    func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let (ma, sa) = SeriesStatistics.meanAndStd(a[...]), (mb, sb) = SeriesStatistics.meanAndStd(b[...])
        var s = 0.0
        for (x, y) in zip(a, b) { s += (x - ma) * (y - mb) }
        return s / Double(a.count) / (sa * sb)
    }
}
