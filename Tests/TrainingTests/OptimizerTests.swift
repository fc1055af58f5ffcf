import Foundation
import LinearAlgebra
import Models
import Testing
@testable import Training

private func parameters(_ values: [Float]) -> [Parameter<Float>] {
    [Parameter("w", Matrix(rows: values.count, columns: 1, storage: values))]
}

private func gradient(_ values: [Float]) -> [Matrix<Float>] {
    [Matrix(rows: values.count, columns: 1, storage: values)]
}

private func expectClose(_ a: [Float], _ b: [Double], relative: Double = 2e-6) {
    #expect(a.count == b.count)
    for (x, y) in zip(a, b) { #expect(abs(Double(x) - y) <= relative * max(abs(y), 1e-3), "\(x) vs \(y)") }
}

// MARK: Adam

@Test func adamWithConstantGradientMovesByLearningRateEachStep() {
    // With a constant gradient g the bias-corrected moments are exactly g and g², so every step is
    // lr·g/(|g| + ε): after 3 steps θ = θ0 − 3·lr·g/(|g| + ε).
    var adam = Adam<Float>(learningRate: 0.1)
    var p = parameters([1, -2])
    for _ in 0..<3 { adam.update(&p, gradients: gradient([0.5, -4])) }
    expectClose(p[0].value.storage, [1 - 0.3 * 0.5 / (0.5 + 1e-8), -2 + 0.3 * 4 / (4 + 1e-8)])
}

@Test func adamMatchesTheDocumentedAlgorithmWithVaryingGradientsAndWeightDecay() {
    // The algorithm box of torch.optim.Adam, written out in Double.
    let lr = 0.01, b1 = 0.8, b2 = 0.95, eps = 1e-6, decay = 0.1
    let grads: [[Double]] = [[0.3, -1.2, 0], [-0.7, 0.4, 2.5], [0.05, 0.05, -3]]
    var theta = [0.5, -0.25, 2.0], m = [0.0, 0, 0], v = [0.0, 0, 0]
    var adam = Adam<Float>(learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, weightDecay: decay)
    var p = parameters(theta.map(Float.init))
    for (t, g) in grads.enumerated() {
        adam.update(&p, gradients: gradient(g.map(Float.init)))
        for i in 0..<3 {
            let gi = g[i] + decay * theta[i]
            m[i] = b1 * m[i] + (1 - b1) * gi
            v[i] = b2 * v[i] + (1 - b2) * gi * gi
            let mHat = m[i] / (1 - pow(b1, Double(t + 1))), vHat = v[i] / (1 - pow(b2, Double(t + 1)))
            theta[i] -= lr * mHat / (vHat.squareRoot() + eps)
        }
        expectClose(p[0].value.storage, theta)
    }
    #expect(adam.state.step == 3)
}

@Test func adamStateRoundTripContinuesIdentically() throws {
    var a = Adam<Float>(learningRate: 0.05)
    var p = parameters([1, 2, 3])
    a.update(&p, gradients: gradient([1, -1, 0.5]))
    var b = Adam<Float>(learningRate: 0.05)
    let encoded = try JSONEncoder().encode(a.state)
    b.state = try JSONDecoder().decode(OptimizerState<Float>.self, from: encoded)
    var q = p
    a.update(&p, gradients: gradient([0.2, 0.3, -2]))
    b.update(&q, gradients: gradient([0.2, 0.3, -2]))
    #expect(p == q)
}

// MARK: SGD

@Test func sgdMomentumDampeningAndNesterovWithConstantGradient() {
    // g = 1, lr = 0.1, μ = 0.9. Buffer: b1 = g (no dampening on the first step), then μb + (1−d)g.
    // plain momentum: steps 1, 1.9, 2.71 → −0.561
    // dampening 0.5:  steps 1, 1.4, 1.76 → −0.416
    // Nesterov:       steps g+μb = 1.9, 2.71, 3.439 → −0.8049
    let cases: [(SGD<Float>, Double)] = [
        (SGD(learningRate: 0.1), -0.3),
        (SGD(learningRate: 0.1, momentum: 0.9), -0.561),
        (SGD(learningRate: 0.1, momentum: 0.9, dampening: 0.5), -0.416),
        (SGD(learningRate: 0.1, momentum: 0.9, nesterov: true), -0.8049),
    ]
    for (optimizer, expected) in cases {
        var sgd = optimizer
        var p = parameters([0])
        for _ in 0..<3 { sgd.update(&p, gradients: gradient([1])) }
        expectClose(p[0].value.storage, [expected])
    }
}

@Test func sgdWeightDecayAddsToTheGradient() {
    var sgd = SGD<Float>(learningRate: 0.5, weightDecay: 0.2)
    var p = parameters([2])
    sgd.update(&p, gradients: gradient([1]))  // 2 − 0.5·(1 + 0.4)
    expectClose(p[0].value.storage, [1.3])
}

// MARK: RMSprop

@Test func rmspropPlainCenteredAndMomentumWithConstantGradient() {
    // g = 1, lr = 0.01, α = 0.99, ε = 1e-8: s_t = 1 − 0.99^t.
    // plain:    θ3 = −Σ lr/(√s_t + ε)
    // centered: a_t = 1 − 0.99^t too, so the denominator is √(s_t − a_t²) + ε
    // momentum 0.9: b_t = 0.9·b_{t−1} + 1/(√s_t + ε), θ3 = −lr·Σ b_t
    func plain(_ t: Int) -> Double { 1 / ((1 - pow(0.99, Double(t))).squareRoot() + 1e-8) }
    func centered(_ t: Int) -> Double { let s = 1 - pow(0.99, Double(t)); return 1 / ((s - s * s).squareRoot() + 1e-8) }
    let b1 = plain(1), b2 = 0.9 * b1 + plain(2), b3 = 0.9 * b2 + plain(3)
    let cases: [(RMSprop<Float>, Double)] = [
        (RMSprop(learningRate: 0.01), -0.01 * (plain(1) + plain(2) + plain(3))),
        (RMSprop(learningRate: 0.01, centered: true), -0.01 * (centered(1) + centered(2) + centered(3))),
        (RMSprop(learningRate: 0.01, momentum: 0.9), -0.01 * (b1 + b2 + b3)),
    ]
    // The same numbers, written out once as literals (from the formulas above).
    #expect(abs(cases[0].1 - -0.22891301058529692) < 1e-12)
    #expect(abs(cases[1].1 - -0.23101421509714726) < 1e-12)
    #expect(abs(cases[2].1 - -0.4637122974134362) < 1e-12)
    for (optimizer, expected) in cases {
        var rms = optimizer
        var p = parameters([0])
        for _ in 0..<3 { rms.update(&p, gradients: gradient([1])) }
        expectClose(p[0].value.storage, [expected])
    }
}

// MARK: Clipping and schedule

@Test func clipGradNormScalesOnlyAboveTheMaximum() {
    var g: [Matrix<Float>] = [Matrix([[3]]), Matrix([[0], [4]])]
    let norm = GradientClipping.norm(maximum: 1).apply(to: &g)
    #expect(norm == 5)
    let c = 1 / (5 + 1e-6)
    expectClose(g.flatMap(\.storage), [3 * c, 0, 4 * c])
    var small: [Matrix<Float>] = [Matrix([[0.3]]), Matrix([[0.4]])]
    #expect(abs(GradientClipping.norm(maximum: 1).apply(to: &small) - 0.5) < 1e-7)
    #expect(small.flatMap(\.storage) == [0.3, 0.4])
}

@Test func clipGradValueClampsEachElement() {
    var g: [Matrix<Float>] = [Matrix([[-5, 0.5, 2]])]
    let norm = GradientClipping.value(limit: 1).apply(to: &g)
    #expect(abs(norm - (25 + 0.25 + 4).squareRoot()) < 1e-6)
    #expect(g[0].storage == [-1, 0.5, 1])
}

@Test func stepScheduleMultipliesAtMilestones() {
    let coRNN = LearningRateSchedule(base: 2.1e-3, milestones: [100], gamma: 0.1)
    #expect(coRNN.learningRate(epoch: 0) == 2.1e-3)
    #expect(coRNN.learningRate(epoch: 99) == 2.1e-3)
    #expect(coRNN.learningRate(epoch: 100) == 2.1e-3 * 0.1)
    let twice = LearningRateSchedule(base: 1, milestones: [5, 2], gamma: 0.5)
    #expect([0, 2, 4, 5, 9].map(twice.learningRate(epoch:)) == [1, 0.5, 0.5, 0.25, 0.25])
}

@Test func bestEpochsTrackMinimumLossAndMaximumMetricSeparately() {
    var best = BestEpochs()
    func record(_ e: Int, _ loss: Double, _ metric: Double) -> EpochRecord {
        EpochRecord(epoch: e, learningRate: 1, trainLoss: loss, regularization: 0, testLoss: loss, testMetric: metric,
                    gradientNorm: 0, maxGradientNorm: 0, seconds: 0)
    }
    let improved = [record(0, 0.5, 0.2), record(1, 0.3, 0.1), record(2, 0.4, 0.9), record(3, .nan, .nan)].map { best.record($0) }
    #expect(improved == [true, true, false, false])
    #expect(best.lowestTestLossEpoch == 1 && best.lowestTestLoss == 0.3)
    #expect(best.highestTestMetricEpoch == 2 && best.highestTestMetric == 0.9)
}
