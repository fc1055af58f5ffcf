import Foundation
import LinearAlgebra

/// The result of Rosenstein et al.'s (1993) estimate of λ_max from data: the mean log distance of
/// initially nearest neighbours in delay-embedding space, as a function of the time k after pairing,
/// and the least-squares slope of that curve over a chosen range (the estimate of λ_max).
public struct RosensteinEstimate: Sendable, Equatable {
    /// y(k) = ⟨ln d_j(k)⟩_j for k = 0 … steps (natural log, distances in the units of the data).
    public var meanLogDivergence: [Double]
    /// Number of neighbour pairs averaged at every k (pairs with d_j(k) = 0 are left out).
    public var pairCounts: [Int]
    /// The k range the slope was fitted over.
    public var fitRange: ClosedRange<Int>
    /// Slope of y(k) against k·Δt: λ_max per unit of time (per sample when Δt = 1).
    public var slope: Double
    public var intercept: Double
}

extension Lyapunov {
    /// Delay embedding of a scalar series: rows Y_i = (x_i, x_{i+τ}, …, x_{i+(m−1)τ}), i = 0 … N−1−(m−1)τ.
    public static func delayEmbedding(_ series: [Double], dimension m: Int, delay: Int) -> Matrix<Double> {
        precondition(m >= 1 && delay >= 1)
        let count = series.count - (m - 1) * delay
        precondition(count > 0, "series too short for m = \(m), τ = \(delay)")
        var y = Matrix<Double>(rows: count, columns: m)
        for i in 0..<count { for d in 0..<m { y[i, d] = series[i + d * delay] } }
        return y
    }

    /// Rosenstein's method on a scalar series: embed with dimension m and delay τ, pair every point with
    /// its nearest neighbour at least `theilerWindow + 1` samples away in time, follow both for
    /// `steps` samples and average ln d_j(k) over the pairs; then fit a line to y(k) for k in `fitRange`.
    public static func rosenstein(series: [Double], embeddingDimension m: Int, delay: Int, theilerWindow: Int,
                                  steps: Int, samplingInterval dt: Double = 1, fitRange: ClosedRange<Int>) -> RosensteinEstimate {
        rosenstein(points: delayEmbedding(series, dimension: m, delay: delay), theilerWindow: theilerWindow,
                   steps: steps, samplingInterval: dt, fitRange: fitRange)
    }

    /// Rosenstein's method on already embedded (or multivariate) points, rows = time.
    /// Only points i with i + steps inside the series are paired, so every pair is followed for the
    /// full `steps` and all y(k) average the same set of pairs.
    public static func rosenstein(points: Matrix<Double>, theilerWindow: Int, steps: Int,
                                  samplingInterval dt: Double = 1, fitRange: ClosedRange<Int>) -> RosensteinEstimate {
        precondition(steps >= 1 && fitRange.lowerBound >= 0 && fitRange.upperBound <= steps && fitRange.count >= 2)
        let usable = points.rows - steps
        precondition(usable > 2 * (theilerWindow + 1), "series too short for \(steps) steps and the Theiler window")
        let neighbours = nearestNeighbours(points, usable: usable, theilerWindow: theilerWindow)
        let m = points.columns
        var sums = [Double](repeating: 0, count: steps + 1)
        var counts = [Int](repeating: 0, count: steps + 1)
        points.storage.withUnsafeBufferPointer { p in
            for i in 0..<usable {
                guard let j = neighbours[i] else { continue }
                for k in 0...steps {
                    var d2 = 0.0
                    let a = (i + k) * m, b = (j + k) * m
                    for c in 0..<m { let d = p[a + c] - p[b + c]; d2 += d * d }
                    if d2 > 0 {
                        sums[k] += 0.5 * log(d2)
                        counts[k] += 1
                    }
                }
            }
        }
        let curve = zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : .nan }
        let (slope, intercept) = leastSquaresLine(x: fitRange.map { Double($0) * dt }, y: fitRange.map { curve[$0] })
        return RosensteinEstimate(meanLogDivergence: curve, pairCounts: counts, fitRange: fitRange, slope: slope, intercept: intercept)
    }

    /// For each i < usable, the index j < usable with |i − j| > w minimising ‖Y_i − Y_j‖ (ties: smaller j),
    /// excluding exact duplicates. Points are sorted by their first coordinate so that the search can stop
    /// once that coordinate alone is farther than the best distance found.
    static func nearestNeighbours(_ points: Matrix<Double>, usable: Int, theilerWindow w: Int) -> [Int?] {
        let m = points.columns
        let order = (0..<usable).sorted { (points[$0, 0], $0) < (points[$1, 0], $1) }
        var rank = [Int](repeating: 0, count: usable)
        for (r, i) in order.enumerated() { rank[i] = r }
        var result = [Int?](repeating: nil, count: usable)
        points.storage.withUnsafeBufferPointer { p in
            for i in 0..<usable {
                var best = Double.infinity, bestJ = -1
                let xi = p[i * m]
                func consider(_ j: Int) {
                    if abs(j - i) <= w { return }
                    var d2 = 0.0
                    for c in 0..<m {
                        let d = p[i * m + c] - p[j * m + c]
                        d2 += d * d
                        if d2 > best { return }
                    }
                    if d2 > 0 && (d2 < best || (d2 == best && j < bestJ)) { best = d2; bestJ = j }
                }
                var up = rank[i] + 1, down = rank[i] - 1
                while up < usable || down >= 0 {
                    var progressed = false
                    if up < usable {
                        let gap = p[order[up] * m] - xi
                        if gap * gap <= best { consider(order[up]); up += 1; progressed = true } else { up = usable }
                    }
                    if down >= 0 {
                        let gap = xi - p[order[down] * m]
                        if gap * gap <= best { consider(order[down]); down -= 1; progressed = true } else { down = -1 }
                    }
                    if !progressed && up >= usable && down < 0 { break }
                }
                if bestJ >= 0 { result[i] = bestJ }
            }
        }
        return result
    }

    /// Ordinary least squares y ≈ slope·x + intercept.
    static func leastSquaresLine(x: [Double], y: [Double]) -> (slope: Double, intercept: Double) {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx) }
        let slope = sxy / sxx
        return (slope, my - slope * mx)
    }
}
