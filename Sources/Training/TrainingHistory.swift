/// What happened in one epoch. Losses are means over samples; `testMetric` is NaN without a metric.
public struct EpochRecord: Sendable, Equatable, Codable {
    /// Counting from 0.
    public var epoch: Int
    public var learningRate: Double
    /// Mean data loss over the epoch's training batches (without the regulariser).
    public var trainLoss: Double
    /// Mean regularisation penalty over the epoch's batches (0 for unregularised models).
    public var regularization: Double
    public var testLoss: Double
    public var testMetric: Double
    /// Mean and largest global gradient 2-norm before clipping.
    public var gradientNorm: Double
    public var maxGradientNorm: Double
    /// Wall-clock time of the epoch including evaluation (not reproducible; for reports only).
    public var seconds: Double

    public init(epoch: Int, learningRate: Double, trainLoss: Double, regularization: Double, testLoss: Double,
                testMetric: Double, gradientNorm: Double, maxGradientNorm: Double, seconds: Double) {
        self.epoch = epoch
        self.learningRate = learningRate
        self.trainLoss = trainLoss
        self.regularization = regularization
        self.testLoss = testLoss
        self.testMetric = testMetric
        self.gradientNorm = gradientNorm
        self.maxGradientNorm = maxGradientNorm
        self.seconds = seconds
    }
}

/// How a training run ended. Divergence is a result to record (the papers count diverged runs),
/// not an error.
public enum TrainingOutcome: Sendable, Equatable, Codable {
    case completed
    /// `epoch` counts from 0; `reason` says what was non-finite or too large.
    case diverged(epoch: Int, reason: String)

    public var isDiverged: Bool { if case .diverged = self { return true } else { return false } }
}

/// The best epochs so far, as the rPLRNN protocol reports them: the minimum test loss and the
/// maximum test metric, each with its epoch (they may differ). Diverged epochs never count.
public struct BestEpochs: Sendable, Equatable, Codable {
    public var lowestTestLoss: Double = .infinity
    public var lowestTestLossEpoch: Int? = nil
    public var highestTestMetric: Double = -.infinity
    public var highestTestMetricEpoch: Int? = nil

    public init() {}

    /// Updates with a finished epoch; returns true when the test loss improved (strictly).
    @discardableResult
    public mutating func record(_ r: EpochRecord) -> Bool {
        if r.testMetric.isFinite && r.testMetric > highestTestMetric {
            highestTestMetric = r.testMetric
            highestTestMetricEpoch = r.epoch
        }
        if r.testLoss.isFinite && r.testLoss < lowestTestLoss {
            lowestTestLoss = r.testLoss
            lowestTestLossEpoch = r.epoch
            return true
        }
        return false
    }
}

/// The result of `Trainer.train`: how it ended, every epoch's record and the best epochs.
public struct TrainingReport: Sendable, Equatable {
    public var outcome: TrainingOutcome
    public var history: [EpochRecord]
    public var best: BestEpochs
}
