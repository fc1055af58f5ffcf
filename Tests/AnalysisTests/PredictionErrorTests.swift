import Analysis
import Foundation
import LinearAlgebra
import Testing

@Suite struct PredictionErrorTests {
    /// A rotation observed through a 2 × 3 read-out (latent 3-D, the third unit decays and is unobserved).
    let map = AffineMap(a: Matrix([[cos(0.1), -sin(0.1), 0], [sin(0.1), cos(0.1), 0], [0, 0, 0.5]]))
    let b = Matrix([[1.0, 0, 0], [0, 1, 0]])

    func data(_ model: AffineMap, count: Int) -> Matrix<Double> {
        let z = model.iterate(from: [1, 0, 0], steps: count - 1)
        return matmul(z, b, transposeB: true)
    }

    @Test func perfectModelHasZeroErrorAtEveryHorizon() throws {
        let errors = try PredictionError.nStepAheadMSE(data: data(map, count: 200), steps: 25, map: map, readout: b)
        #expect(errors.count == 25)
        #expect(errors.allSatisfy { $0 < 1e-25 })
    }

    @Test func errorOfAWrongModelGrowsWithTheHorizon() throws {
        var wrong = map
        wrong.a = Matrix([[cos(0.12), -sin(0.12), 0], [sin(0.12), cos(0.12), 0], [0, 0, 0.5]])
        let errors = try PredictionError.nStepAheadMSE(data: data(map, count: 200), steps: 10, map: wrong, readout: b)
        // Phase error 0.02 h on a unit circle: MSE = |e^{0.02ih} − 1|² / 2 = 1 − cos(0.02 h) per dimension.
        for (h, e) in errors.enumerated() { #expect(abs(e - (1 - cos(0.02 * Double(h + 1)))) < 1e-12) }
    }

    @Test func closureFormMatchesAHandComputation() {
        // Model x ↦ x + 1 on data 0, 1, 3: origins t = 0, 1 for n = 1: errors (1−1)², (2−3)² ⇒ 0.5.
        let d = Matrix(rows: 3, columns: 1, storage: [0, 1, 3])
        let e = PredictionError.nStepAheadMSE(data: d, steps: 1, encode: { $0 }, step: { [$0[0] + 1] }, decode: { $0 })
        #expect(e == [0.5])
    }

    @Test func nrmseIsRMSEOverTheRMSOfTheTarget() {
        let target = Matrix(rows: 2, columns: 2, storage: [3, 4, 0, 0])   // RMS = √(25/4) = 2.5
        let prediction = Matrix(rows: 2, columns: 2, storage: [3, 4, 1, 1]) // RMSE = √(2/4)
        #expect(abs(PredictionError.nrmse(prediction: prediction, target: target) - 0.5.squareRoot() / 2.5) < 1e-15)
        #expect(PredictionError.mse(prediction: prediction, target: target) == 0.5)
    }
}
