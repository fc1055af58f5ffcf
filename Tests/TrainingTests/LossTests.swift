import Foundation
import LinearAlgebra
import Randomness
import Testing
@testable import Training

/// Central differences of `loss` with respect to every output element, in Double.
private func finiteDifferenceGradients(_ loss: Loss, _ outputs: [Matrix<Double>], _ targets: [Matrix<Double>]) -> [Matrix<Double>] {
    let h = 1e-6
    return outputs.indices.map { k in
        var g = Matrix<Double>(rows: outputs[k].rows, columns: outputs[k].columns)
        for i in 0..<outputs[k].count {
            var plus = outputs, minus = outputs
            plus[k].storage[i] += h
            minus[k].storage[i] -= h
            g.storage[i] = (loss.evaluate(outputs: plus, targets: targets).loss - loss.evaluate(outputs: minus, targets: targets).loss) / (2 * h)
        }
        return g
    }
}

private func randomMatrix(_ rows: Int, _ columns: Int, _ g: inout Generator, scale: Double = 1) -> Matrix<Double> {
    Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in scale * g.normal() })
}

private func expectClose(_ a: [Matrix<Double>], _ b: [Matrix<Double>], tolerance: Double = 1e-7) {
    #expect(a.count == b.count)
    for (x, y) in zip(a, b) {
        for (u, v) in zip(x.storage, y.storage) { #expect(abs(u - v) <= tolerance, "\(u) vs \(v)") }
    }
}

@Test func meanSquaredErrorAveragesOverBatchStepsAndDimensions() {
    // Two steps of a 2×2 read-out: errors 1, 2, 0, 0 and 1, 1, 1, 1 → mean of squares (1+4+0+0+4)/8.
    let outputs = [Matrix<Double>([[1, 2], [0, 0]]), Matrix([[1, 1], [1, 1]])]
    let targets = [Matrix<Double>([[0, 0], [0, 0]]), Matrix([[0, 0], [0, 0]])]
    let (loss, gradients) = Loss.meanSquaredError.evaluate(outputs: outputs, targets: targets)
    #expect(loss == 9.0 / 8.0)
    #expect(gradients[0].storage == [2.0 / 8, 4.0 / 8, 0, 0])
}

@Test(arguments: [1, 5])
func meanSquaredErrorGradientMatchesFiniteDifferences(steps: Int) {
    var g = Generator(seed: 1)
    let outputs = (0..<steps).map { _ in randomMatrix(3, 2, &g) }
    let targets = (0..<steps).map { _ in randomMatrix(3, 2, &g) }
    expectClose(Loss.meanSquaredError.evaluate(outputs: outputs, targets: targets).gradients,
                finiteDifferenceGradients(.meanSquaredError, outputs, targets))
}

@Test func crossEntropyOfUniformLogitsIsLogOfClassCount() {
    let (loss, gradients) = Loss.crossEntropy.evaluate(outputs: [Matrix<Double>(rows: 2, columns: 4)],
                                                       targets: [Matrix<Double>([[3], [0]])])
    #expect(abs(loss - log(4.0)) < 1e-15)
    // (softmax − one-hot) / batch
    #expect(gradients[0].storage == [0.125, 0.125, 0.125, -0.375, -0.375, 0.125, 0.125, 0.125])
}

@Test func crossEntropyIsStableForHugeLogits() {
    let (loss, gradients) = Loss.crossEntropy.evaluate(outputs: [Matrix<Float>([[1000, 0, -1000]])], targets: [Matrix<Float>([[1]])])
    #expect(abs(loss - 1000) < 1e-3)
    let finite = gradients[0].storage.allSatisfy { $0.isFinite }
    #expect(finite)
}

@Test func crossEntropyGradientMatchesFiniteDifferencesForIndicesAndProbabilities() {
    var g = Generator(seed: 2)
    let logits = [randomMatrix(4, 5, &g, scale: 3), randomMatrix(4, 5, &g, scale: 3)]
    let indices = [Matrix<Double>([[0], [4], [2], [2]]), Matrix<Double>([[1], [3], [0], [4]])]
    expectClose(Loss.crossEntropy.evaluate(outputs: logits, targets: indices).gradients,
                finiteDifferenceGradients(.crossEntropy, logits, indices))
    let probabilities = (0..<2).map { _ -> Matrix<Double> in
        var m = randomMatrix(4, 5, &g)
        m.apply { exp($0) }
        for r in 0..<4 { let s = m.row(r).reduce(0, +); for c in 0..<5 { m[r, c] /= s } }
        return m
    }
    expectClose(Loss.crossEntropy.evaluate(outputs: logits, targets: probabilities).gradients,
                finiteDifferenceGradients(.crossEntropy, logits, probabilities))
    // One-hot probabilities give the same loss as the indices.
    let oneHot = indices.map { t -> Matrix<Double> in
        var m = Matrix<Double>(rows: 4, columns: 5)
        for r in 0..<4 { m[r, Int(t[r, 0])] = 1 }
        return m
    }
    #expect(abs(Loss.crossEntropy.evaluate(outputs: logits, targets: oneHot).loss
                - Loss.crossEntropy.evaluate(outputs: logits, targets: indices).loss) < 1e-12)
}

@Test func binaryCrossEntropyWithLogitsValueAndGradient() {
    // x = 0, y = 1: log 2. x = 100, y = 0: ≈ 100 (no overflow).
    let (loss, _) = Loss.binaryCrossEntropyWithLogits.evaluate(outputs: [Matrix<Double>([[0], [100]])], targets: [Matrix<Double>([[1], [0]])])
    #expect(abs(loss - (log(2.0) + 100) / 2) < 1e-12)
    var g = Generator(seed: 3)
    let logits = [randomMatrix(3, 2, &g, scale: 4)]
    let targets = [Matrix<Double>([[1, 0], [0.3, 1], [0, 0]])]
    expectClose(Loss.binaryCrossEntropyWithLogits.evaluate(outputs: logits, targets: targets).gradients,
                finiteDifferenceGradients(.binaryCrossEntropyWithLogits, logits, targets))
}

@Test func lossReusesGradientBuffers() {
    var buffers: [Matrix<Float>] = []
    let outputs = [Matrix<Float>([[1, 2]])], targets = [Matrix<Float>([[0, 0]])]
    _ = Loss.meanSquaredError.evaluate(outputs: outputs, targets: targets, gradients: &buffers)
    let first = buffers[0].storage.withUnsafeBufferPointer { $0.baseAddress }
    _ = Loss.meanSquaredError.evaluate(outputs: outputs, targets: targets, gradients: &buffers)
    #expect(buffers[0].storage.withUnsafeBufferPointer { $0.baseAddress } == first)
}

@Test func metricsCountStrictThresholdAndArgmax() {
    let within = Metric.fractionWithin(threshold: 0.04)
    // errors 0.01, 0.05, 0.04 (not < 0.04), 0
    let p = within.evaluate(outputs: [Matrix<Double>([[0.01], [0.05], [0.54], [1]])], targets: [Matrix<Double>([[0], [0], [0.5], [1]])])
    #expect(p == 0.5)
    let logits = Matrix<Double>([[0.1, 2, 0], [3, 1, 0], [0, 0, 5]])
    #expect(Metric.argmaxAccuracy.evaluate(outputs: [logits], targets: [Matrix<Double>([[1], [1], [2]])]) == 2.0 / 3)
    #expect(Metric.binaryAccuracy.evaluate(outputs: [Matrix<Double>([[1], [-1]])], targets: [Matrix<Double>([[1], [1]])]) == 0.5)
    #expect(Metric.none.evaluate(outputs: [logits], targets: [logits]).isNaN)
}
