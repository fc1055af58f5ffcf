import Models

/// The knobs of one training run (everything but model, data and optimiser).
public struct TrainingConfiguration: Sendable, Equatable {
    public var epochs: Int
    /// Which steps the loss reads: `.last` for addition/sMNIST, `.all` for dynamical systems.
    public var readout: ReadoutSteps
    public var loss: Loss
    public var metric: Metric
    public var clipping: GradientClipping
    /// When set, the optimiser's learning rate is taken from it at the start of every epoch.
    public var schedule: LearningRateSchedule?
    /// A test loss above this ends the run as diverged (reg-PLRNN aborts when test MSE > 100).
    /// Non-finite training or test losses and gradient norms always do.
    public var divergenceBound: Double?
    /// Keep a copy of the parameters at the lowest test loss (the papers report the best epoch).
    public var keepBestParameters: Bool
    /// With a checkpoint folder: write a checkpoint after every `checkpointInterval` epochs and at the end.
    public var checkpointInterval: Int

    public init(epochs: Int, readout: ReadoutSteps, loss: Loss, metric: Metric = .none, clipping: GradientClipping = .none,
                schedule: LearningRateSchedule? = nil, divergenceBound: Double? = nil, keepBestParameters: Bool = false,
                checkpointInterval: Int = 1) {
        precondition(epochs >= 0 && checkpointInterval > 0)
        self.epochs = epochs
        self.readout = readout
        self.loss = loss
        self.metric = metric
        self.clipping = clipping
        self.schedule = schedule
        self.divergenceBound = divergenceBound
        self.keepBestParameters = keepBestParameters
        self.checkpointInterval = checkpointInterval
    }
}

/// Everything about a run's progress besides model and optimiser: what a checkpoint restores.
public struct TrainingState<Scalar: BLASScalar>: Sendable, Equatable {
    public var epochsCompleted: Int
    /// Draws every epoch's batch order; advanced only by `TrainingData.trainBatches`.
    public var generator: Generator
    public var history: [EpochRecord]
    public var best: BestEpochs
    /// Parameters at `best.lowestTestLossEpoch`, if `keepBestParameters` is on.
    public var bestParameters: [Parameter<Scalar>]?
    /// Set once the run has ended (completed or diverged).
    public var outcome: TrainingOutcome?

    public init(generator: Generator) {
        epochsCompleted = 0
        self.generator = generator
        history = []
        best = BestEpochs()
        bestParameters = nil
        outcome = nil
    }
}

import LinearAlgebra
import Randomness
