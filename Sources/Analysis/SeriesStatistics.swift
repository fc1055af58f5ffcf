import Dynamics
import Foundation
import LinearAlgebra

/// Column statistics of a time series stored as a `T × N` row-major matrix (rows = time steps,
/// columns = observed dimensions), the layout every metric in this module takes.
enum SeriesStatistics {
    /// Per-column means.
    static func means(_ x: Matrix<Double>) -> [Double] {
        var sums = [Double](repeating: 0, count: x.columns)
        for i in 0..<x.rows { for j in 0..<x.columns { sums[j] += x.storage[i * x.columns + j] } }
        return sums.map { $0 / Double(max(x.rows, 1)) }
    }

    /// Per-column standard deviations with `ddof` degrees of freedom removed (1 = torch's `std()`,
    /// 0 = numpy's `std()`).
    static func standardDeviations(_ x: Matrix<Double>, ddof: Int) -> [Double] {
        let mu = means(x)
        var sums = [Double](repeating: 0, count: x.columns)
        for i in 0..<x.rows {
            for j in 0..<x.columns {
                let d = x.storage[i * x.columns + j] - mu[j]
                sums[j] += d * d
            }
        }
        return sums.map { ($0 / Double(max(x.rows - ddof, 1))).squareRoot() }
    }

    /// Mean and population standard deviation of a vector (numpy's `mean()` / `std()`).
    static func meanAndStd(_ v: ArraySlice<Double>) -> (mean: Double, std: Double) {
        let n = Double(v.count)
        let mean = v.reduce(0, +) / n
        var ss = 0.0
        for x in v { ss += (x - mean) * (x - mean) }
        return (mean, (ss / n).squareRoot())
    }
}

extension Trajectory {
    /// The samples as a `count × dimension` matrix (rows = time), the input layout of the metrics.
    public var matrix: Matrix<Double> { Matrix(rows: count, columns: dimension, storage: values) }
}
