import Foundation
import HDF5
import LinearAlgebra
import Models
import Randomness

/// Per-step numbers from `Trainer.step`.
public struct StepResult: Sendable, Equatable {
    public var loss: Double
    public var regularization: Double
    /// Global gradient 2-norm before clipping.
    public var gradientNorm: Double

    @inlinable
    public init(loss: Double, regularization: Double, gradientNorm: Double) {
        self.loss = loss
        self.regularization = regularization
        self.gradientNorm = gradientNorm
    }
}

/// Mini-batch BPTT for any recurrent model, loss and optimiser: forward, loss, backward, regulariser,
/// clipping, optimiser step; evaluation on the test set after every epoch; divergence detection;
/// checkpoints. A value type: copy it to branch a run.
public struct Trainer<Model: RecurrentModel, Opt: Optimizer>: Sendable where Opt.Scalar == Model.Scalar {
    public typealias Scalar = Model.Scalar

    public var model: Model
    public var optimizer: Opt
    public var configuration: TrainingConfiguration
    public var state: TrainingState<Scalar>
    /// dL/d(output), reused across steps.
    @usableFromInline var lossGradients: [Matrix<Scalar>] = []

    /// `generator` draws the batch order of every epoch (pass a child of the job's generator).
    public init(model: Model, optimizer: Opt, configuration: TrainingConfiguration, generator: Generator) {
        self.model = model
        self.optimizer = optimizer
        self.configuration = configuration
        self.state = TrainingState(generator: generator)
    }

    /// One optimiser step on `batch` (PyTorch: zero_grad, loss.backward, clip, step).
    @inlinable
    public mutating func step(_ batch: Batch<Scalar>) -> StepResult {
        let (outputs, tape) = model.forward(batch.inputs, readout: configuration.readout)
        let loss = configuration.loss.evaluate(outputs: outputs, targets: batch.targets, gradients: &lossGradients)
        var gradients = model.backward(tape, outputGradients: lossGradients)
        let penalty = model.regularization()
        for k in gradients.indices { gradients[k].add(penalty.gradients[k]) }
        let norm = configuration.clipping.apply(to: &gradients)
        optimizer.update(&model.parameters, gradients: gradients)
        return StepResult(loss: Double(loss), regularization: Double(penalty.loss), gradientNorm: norm)
    }

    /// Mean loss and metric over `batches`, weighted by batch size (the mean over all test sequences).
    public func evaluate(_ batches: [Batch<Scalar>]) -> (loss: Double, metric: Double) {
        var lossSum = 0.0, samples = 0, correct = 0, scored = 0
        var scratch: [Matrix<Scalar>] = []
        for batch in batches {
            let outputs = model.forward(batch.inputs, readout: configuration.readout).outputs
            let loss = configuration.loss.evaluate(outputs: outputs, targets: batch.targets, gradients: &scratch)
            lossSum += Double(loss) * Double(batch.size)
            samples += batch.size
            let c = configuration.metric.count(outputs: outputs, targets: batch.targets)
            correct += c.correct
            scored += c.total
        }
        return (samples == 0 ? .nan : lossSum / Double(samples), scored == 0 ? .nan : Double(correct) / Double(scored))
    }

    /// The report of the run so far.
    public var report: TrainingReport {
        TrainingReport(outcome: state.outcome ?? .completed, history: state.history, best: state.best)
    }
}

extension Trainer where Scalar: HDF5Scalar {
    /// Trains until `configuration.epochs` epochs are done or the run diverges, continuing from
    /// `state` (so after `resume` it picks up at the checkpointed epoch). With `checkpoints`, writes
    /// `checkpoint.h5` there (atomically) every `checkpointInterval` epochs and when the run ends.
    /// `progress` gets (fraction of all epochs done, one-line status). Throws only for checkpoint I/O;
    /// divergence is reported in the returned outcome, and a diverged run stays diverged.
    public mutating func train<Data: TrainingData>(
        on data: Data, checkpoints: CheckpointFolder? = nil,
        progress: (Double, String) -> Void = { _, _ in }
    ) throws -> TrainingReport where Data.Scalar == Scalar {
        if state.outcome?.isDiverged == true { return report }
        // A completed run given more epochs (e.g. resumed with a longer configuration) continues.
        if state.epochsCompleted < configuration.epochs { state.outcome = nil }
        let epochs = configuration.epochs
        let testSet = data.testBatches()
        let clock = ContinuousClock()
        while state.epochsCompleted < epochs {
            let epoch = state.epochsCompleted
            let start = clock.now
            if let schedule = configuration.schedule { optimizer.learningRate = schedule.learningRate(epoch: epoch) }
            let batches = data.trainBatches(epoch: epoch, generator: &state.generator)
            let expected = max(batches.underestimatedCount, 1)
            let reportEvery = max(1, expected / 20)
            var lossSum = 0.0, penaltySum = 0.0, normSum = 0.0, normMax = 0.0, samples = 0, steps = 0
            var failure: String?
            for batch in batches {
                let r = step(batch)
                lossSum += r.loss * Double(batch.size)
                penaltySum += r.regularization * Double(batch.size)
                samples += batch.size
                normSum += r.gradientNorm
                normMax = max(normMax, r.gradientNorm)
                steps += 1
                if !r.loss.isFinite || !r.regularization.isFinite {
                    failure = "training loss is \(r.loss + r.regularization) at step \(steps)"
                } else if !r.gradientNorm.isFinite {
                    failure = "gradient norm is \(r.gradientNorm) at step \(steps)"
                }
                if failure != nil { break }
                if steps % reportEvery == 0 {
                    let fraction = (Double(epoch) + min(Double(steps) / Double(expected), 1)) / Double(max(epochs, 1))
                    progress(fraction, "epoch \(epoch + 1)/\(epochs) · batch \(steps) · loss \(Self.format(r.loss))")
                }
            }
            let evaluation: (loss: Double, metric: Double) = failure == nil ? evaluate(testSet) : (.nan, .nan)
            let elapsed = start.duration(to: clock.now)
            let record = EpochRecord(
                epoch: epoch, learningRate: optimizer.learningRate,
                trainLoss: samples == 0 ? .nan : lossSum / Double(samples),
                regularization: samples == 0 ? 0 : penaltySum / Double(samples),
                testLoss: evaluation.loss, testMetric: evaluation.metric,
                gradientNorm: steps == 0 ? 0 : normSum / Double(steps), maxGradientNorm: normMax,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            state.history.append(record)
            if failure == nil {
                if !evaluation.loss.isFinite {
                    failure = "test loss is \(evaluation.loss)"
                } else if let bound = configuration.divergenceBound, evaluation.loss > bound {
                    failure = "test loss \(evaluation.loss) exceeds \(bound)"
                }
            }
            state.epochsCompleted += 1
            if let failure {
                state.outcome = .diverged(epoch: epoch, reason: failure)
                try checkpoints?.save(checkpoint())
                progress(1, "diverged in epoch \(epoch + 1): \(failure)")
                return report
            }
            if state.best.record(record) && configuration.keepBestParameters { state.bestParameters = model.parameters }
            if state.epochsCompleted == epochs { state.outcome = .completed }
            if let checkpoints, state.epochsCompleted % configuration.checkpointInterval == 0 || state.outcome != nil {
                try checkpoints.save(checkpoint())
            }
            var message = "epoch \(epoch + 1)/\(epochs) · train \(Self.format(record.trainLoss)) · test \(Self.format(record.testLoss))"
            if record.testMetric.isFinite { message += " · metric \(Self.format(record.testMetric))" }
            progress(Double(epoch + 1) / Double(max(epochs, 1)), message)
        }
        state.outcome = state.outcome ?? .completed
        return report
    }

    /// A snapshot of model, optimiser and progress.
    public func checkpoint() -> Checkpoint<Scalar> {
        Checkpoint(parameters: model.parameters, optimizer: optimizer.state, learningRate: optimizer.learningRate, state: state)
    }

    /// Restores model parameters, optimiser state and progress from `checkpoint`; parameter names
    /// and shapes must match the model's.
    public mutating func restore(_ checkpoint: Checkpoint<Scalar>) throws {
        let current = model.parameters
        guard current.count == checkpoint.parameters.count else {
            throw CheckpointError("checkpoint has \(checkpoint.parameters.count) parameters, the model \(current.count)")
        }
        for (a, b) in zip(current, checkpoint.parameters) where a.name != b.name || a.value.rows != b.value.rows || a.value.columns != b.value.columns {
            throw CheckpointError("checkpoint parameter \(b.name) \(b.value.rows)×\(b.value.columns) does not match the model's \(a.name) \(a.value.rows)×\(a.value.columns)")
        }
        for (name, buffers) in checkpoint.optimizer.buffers {
            guard buffers.count == current.count, zip(buffers, current).allSatisfy({ $0.count == $1.value.count }) else {
                throw CheckpointError("optimizer buffer \(name) does not match the model's parameters")
            }
        }
        model.parameters = checkpoint.parameters
        optimizer.state = checkpoint.optimizer
        optimizer.learningRate = checkpoint.learningRate
        state = checkpoint.state
    }

    /// Restores from the folder's checkpoint if there is one; returns whether it did.
    @discardableResult
    public mutating func resume(from folder: CheckpointFolder) throws -> Bool {
        guard let saved = try folder.load(Scalar.self) else { return false }
        try restore(saved)
        return true
    }

    static func format(_ x: Double) -> String { String(format: "%.4g", x) }
}
