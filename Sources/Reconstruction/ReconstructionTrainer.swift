import Foundation
import LinearAlgebra
import Models
import Randomness
import Training

/// Settings of sparsely forced BPTT (defaults: the ChaosRNN `main.py` defaults, annealing off).
public struct ReconstructionTrainingConfiguration: Sendable, Equatable, Codable {
    public var forcing: ForcingInterval
    /// L, the window length (`seq_len`).
    public var windowLength: Int
    /// Windows per batch (32).
    public var batchSize: Int
    /// Batches per epoch (10); each epoch draws batchSize × batchesPerEpoch distinct window starts.
    public var batchesPerEpoch: Int
    public var epochs: Int
    public var learningRate: Double
    /// `.none` with sparse forcing (paper); `.norm(maximum: 1)` for the classical-BPTT baseline.
    public var clipping: GradientClipping
    /// Back-propagate through B⁺ in the forced states (reference: yes).
    public var throughPseudoInverse: Bool

    public init(forcing: ForcingInterval = .fixed(30), windowLength: Int = 100, batchSize: Int = 32, batchesPerEpoch: Int = 10,
                epochs: Int = 3000, learningRate: Double = 1e-3, clipping: GradientClipping = .none,
                throughPseudoInverse: Bool = true) {
        self.forcing = forcing
        self.windowLength = windowLength
        self.batchSize = batchSize
        self.batchesPerEpoch = batchesPerEpoch
        self.epochs = epochs
        self.learningRate = learningRate
        self.clipping = clipping
        self.throughPseudoInverse = throughPseudoInverse
    }
}

/// Trains a `LatentDynamics` model on one long series by sparsely forced BPTT with the Training
/// module's Adam, one epoch at a time (so callers can checkpoint between epochs). Deterministic given
/// the generator it is created with.
public struct ReconstructionTrainer<Model: LatentDynamics>: Sendable {
    public var model: Model
    public var optimizer: Adam<Double>
    public let configuration: ReconstructionTrainingConfiguration
    public let loss: ForcedLoss
    public var generator: Generator
    /// Epochs completed.
    public internal(set) var epoch = 0
    /// Mean training loss per completed epoch.
    public internal(set) var losses: [Double] = []
    /// Mean global gradient norm (before clipping) per completed epoch.
    public internal(set) var gradientNorms: [Double] = []
    /// Set when a loss or gradient became non-finite; training stops there.
    public internal(set) var diverged = false
    /// The loss's buffers, kept between batches.
    var workspace: ForcedLoss.Workspace<Model>

    public init(model: Model, series: Matrix<Double>, configuration: ReconstructionTrainingConfiguration, generator: Generator) {
        precondition(series.rows - configuration.windowLength >= configuration.batchSize * configuration.batchesPerEpoch,
                     "ReconstructionTrainer: series too short for an epoch of distinct windows")
        self.model = model
        self.configuration = configuration
        self.loss = ForcedLoss(series: series, windowLength: configuration.windowLength,
                               throughPseudoInverse: configuration.throughPseudoInverse)
        self.optimizer = Adam(learningRate: configuration.learningRate)
        self.generator = generator
        self.workspace = ForcedLoss.Workspace(for: model)
    }

    public var finished: Bool { diverged || epoch >= configuration.epochs }

    /// One epoch: distinct random window starts, `batchesPerEpoch` Adam updates.
    public mutating func trainEpoch() throws {
        guard !finished else { return }
        epoch += 1
        let c = configuration
        let starts = generator.choice(loss.startCount, count: c.batchSize * c.batchesPerEpoch, replacement: false)
        var lossSum = 0.0, normSum = 0.0
        for k in 0..<c.batchesPerEpoch {
            let batch = Array(starts[(k * c.batchSize)..<((k + 1) * c.batchSize)])
            let tau = c.forcing.interval(epoch: epoch, epochs: c.epochs, generator: &generator)
            var (value, gradients) = try loss.evaluate(model, starts: batch, interval: tau, workspace: &workspace)
            let norm = c.clipping.apply(to: &gradients)
            guard value.isFinite, norm.isFinite else {
                diverged = true
                losses.append(.nan)
                gradientNorms.append(norm)
                return
            }
            var parameters = model.parameters
            optimizer.update(&parameters, gradients: gradients)
            model.parameters = parameters
            lossSum += value
            normSum += norm
        }
        losses.append(lossSum / Double(c.batchesPerEpoch))
        gradientNorms.append(normSum / Double(c.batchesPerEpoch))
    }

    /// Trains until `configuration.epochs` (or divergence).
    public mutating func train() throws {
        while !finished { try trainEpoch() }
    }
}
