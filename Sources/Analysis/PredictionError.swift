import Foundation
import LinearAlgebra

/// Prediction-error metrics of a reconstruction model against data (rows = time).
public enum PredictionError {
    /// n-step-ahead MSE (ChaosRNN `evaluation/mse.py`): from every t = 0 … T−1−n, encode x_t into a
    /// latent state, iterate the model h = 1 … n steps and decode; entry h−1 is
    /// mean over t and dimensions of (x̂_{t+h} − x_{t+h})².
    public static func nStepAheadMSE(data: Matrix<Double>, steps n: Int,
                                     encode: ([Double]) -> [Double], step: ([Double]) -> [Double],
                                     decode: ([Double]) -> [Double]) -> [Double] {
        precondition(n >= 1 && data.rows > n)
        let origins = data.rows - n
        var sums = [Double](repeating: 0, count: n)
        for t in 0..<origins {
            var z = encode(data.row(t))
            for h in 1...n {
                z = step(z)
                let x = decode(z)
                for d in 0..<data.columns { let e = x[d] - data[t + h, d]; sums[h - 1] += e * e }
            }
        }
        return sums.map { $0 / Double(origins * data.columns) }
    }

    /// The same for a latent map with linear read-out x = B z, encoding with the Moore–Penrose
    /// pseudo-inverse z = B⁺ x as the reference does (`torch.pinverse(B)`).
    public static func nStepAheadMSE<M: DiscreteMap>(data: Matrix<Double>, steps n: Int, map: M, readout b: Matrix<Double>) throws -> [Double] {
        precondition(b.columns == map.dimension && b.rows == data.columns, "B must be observations × latent")
        let bPlus = try pseudoInverse(b)
        func apply(_ m: Matrix<Double>, _ v: [Double]) -> [Double] {
            (0..<m.rows).map { i in (0..<m.columns).reduce(0.0) { $0 + m[i, $1] * v[$1] } }
        }
        return nStepAheadMSE(data: data, steps: n, encode: { apply(bPlus, $0) }, step: map.step, decode: { apply(b, $0) })
    }

    /// Mean squared error over all entries.
    public static func mse(prediction: Matrix<Double>, target: Matrix<Double>) -> Double {
        precondition(prediction.count == target.count && prediction.count > 0)
        var s = 0.0
        for (p, t) in zip(prediction.storage, target.storage) { s += (p - t) * (p - t) }
        return s / Double(target.count)
    }

    /// NRMSE = RMSE / RMS(target) = √(Σ(p − t)² / Σ t²) (the coRNN paper's Table 6 convention).
    public static func nrmse(prediction: Matrix<Double>, target: Matrix<Double>) -> Double {
        let rms = (target.storage.reduce(0) { $0 + $1 * $1 } / Double(target.count)).squareRoot()
        return mse(prediction: prediction, target: target).squareRoot() / rms
    }
}
