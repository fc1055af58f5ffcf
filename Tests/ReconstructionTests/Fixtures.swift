import Foundation
import LinearAlgebra
import Randomness
import Reconstruction

/// A smooth, non-periodic 3-D test series (sums of incommensurate sines plus small noise), T × 3.
func testSeries(length: Int = 80, seed: UInt64 = 3) -> Matrix<Double> {
    var rng = Generator(seed: seed)
    var x = Matrix<Double>(rows: length, columns: 3)
    for t in 0..<length {
        let s = Double(t) * 0.1
        x[t, 0] = sin(s) + 0.5 * sin(2.3 * s) + 0.05 * rng.normal()
        x[t, 1] = cos(1.7 * s) - 0.3 * sin(0.4 * s) + 0.05 * rng.normal()
        x[t, 2] = 0.8 * sin(0.9 * s + 1) * cos(0.3 * s) + 0.05 * rng.normal()
    }
    return x
}

/// The three forced model families at a small size, all from one seed.
func smallModels(latent: Int = 5, seed: UInt64 = 7) -> (plrnn: ForcedPLRNN, rnn: ForcedTanhRNN, lstm: ForcedLSTM) {
    var rng = Generator(seed: seed)
    return (ForcedPLRNN(latentSize: latent, observationSize: 3, generator: &rng),
            ForcedTanhRNN(latentSize: latent, observationSize: 3, generator: &rng),
            ForcedLSTM(latentSize: latent, observationSize: 3, generator: &rng))
}

/// Largest relative error ‖g − g_fd‖ / max(‖g‖, ‖g_fd‖, 1e-12) over parameter tensors, with central
/// differences of step `h` on every element.
func gradientCheckError<M: LatentDynamics>(_ model: M, loss: ForcedLoss, starts: [Int], interval: Int?, h: Double = 1e-6) throws -> Double {
    let analytic = try loss.evaluate(model, starts: starts, interval: interval).gradients
    var worst = 0.0
    for p in model.parameters.indices {
        var diff = 0.0, normA = 0.0, normN = 0.0
        for i in model.parameters[p].value.storage.indices {
            var plus = model, minus = model
            plus.parameters[p].value.storage[i] += h
            minus.parameters[p].value.storage[i] -= h
            let numeric = (try loss.evaluate(plus, starts: starts, interval: interval).loss
                - loss.evaluate(minus, starts: starts, interval: interval).loss) / (2 * h)
            let a = analytic[p].storage[i]
            diff += (a - numeric) * (a - numeric)
            normA += a * a
            normN += numeric * numeric
        }
        let scale = max(normA.squareRoot(), normN.squareRoot(), 1e-12)
        if normA == 0 && normN == 0 { continue }
        worst = max(worst, diff.squareRoot() / scale)
    }
    return worst
}
