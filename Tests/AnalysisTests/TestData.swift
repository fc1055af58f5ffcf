import Analysis
import Dynamics
import Foundation
import HDF5
import LinearAlgebra
import Randomness

/// Series shared by the metric tests.
enum TestData {
    /// Lorenz-63 (ρ = 28), Δt = 0.01, `count` samples after 20 time units of transient, rows = time.
    static func lorenz(count: Int, from x0: [Double] = [1, 1, 1]) -> Matrix<Double> {
        let run = RK4.integrate(Lorenz63(), from: x0, dt: 0.01, steps: count + 2_000)
        return Matrix(rows: count, columns: 3, storage: Array(run.values[(2_001 * 3)...]))
    }

    /// The ChaosRNN Lorenz file (100 000 × 3, pooled-standardised), or nil when it is not on this machine.
    static func chaosRNNLorenz() throws -> Matrix<Double>? {
        let url = URL(fileURLWithPath: "/work/shared/datasets/chaosrnn/lorenz63.h5")
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("skipping: \(url.path) is absent")
            return nil
        }
        let array = try HDF5File.open(url).root.read("data", as: Double.self)
        return Matrix(rows: array.shape[0], columns: array.shape[1], storage: array.values)
    }

    /// `count` i.i.d. N(mean, I) points.
    static func gaussianCloud(count: Int, mean: [Double], generator: inout Generator) -> Matrix<Double> {
        var m = Matrix<Double>(rows: count, columns: mean.count)
        for i in 0..<count { for d in 0..<mean.count { m[i, d] = mean[d] + generator.normal() } }
        return m
    }

    static func mapRows(_ x: Matrix<Double>, _ f: (Double, Int) -> Double) -> Matrix<Double> {
        var y = x
        for i in 0..<x.rows { for d in 0..<x.columns { y[i, d] = f(x[i, d], d) } }
        return y
    }
}
