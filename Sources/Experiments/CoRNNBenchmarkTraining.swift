import Engine
import Foundation
import HDF5
import Models
import Randomness
import Training

/// What one benchmark training run produced: the per-epoch history (an "epoch" is one evaluation
/// interval), how it ended, and per-epoch probe values of the model (e.g. coRNN's assumption-(8)
/// quantities).
struct CoRNNTrainingOutcome {
    var history: [EpochRecord]
    var diverged: (epoch: Int, reason: String)?
    /// One row per completed epoch, taken after the epoch's updates.
    var probes: [[Double]]
    var parameterCount: Int
}

/// Drives `Trainer` one epoch at a time so that the model can be probed after every epoch, with a
/// checkpoint (and the probe history beside it) in the job's checkpoint folder every
/// `checkpointEvery` epochs, from which an interrupted job resumes bit-identically.
struct CoRNNTrainingDriver<Data: TrainingData>: CoRNNModelVisitor where Data.Scalar == Float {
    var settings: CoRNNModelSettings
    var configuration: TrainingConfiguration
    var generator: Generator
    var checkpointEvery: Int
    var context: JobContext
    var label: String
    /// The data for an epoch (lets the adding problem draw a fresh test batch per evaluation).
    var data: (Int) -> Data

    func visit<M: RecurrentModel>(_ model: M) throws -> CoRNNTrainingOutcome where M.Scalar == Float {
        switch settings.optimizer {
        case .adam: return try run(model, Adam<Float>(learningRate: settings.lr))
        case .rmsprop: return try run(model, RMSprop<Float>(learningRate: settings.lr))
        }
    }

    static func probe<M: RecurrentModel>(_ model: M) -> [Double] {
        if let cornn = model as? CoRNN<Float> {
            let q = cornn.assumptionEightQuantities()
            return [q.y, q.z]
        }
        return []
    }

    private var probeFile: URL { context.checkpointDirectory.appendingPathComponent("probes.json") }

    private func run<M: RecurrentModel, O: Optimizer>(_ model: M, _ optimizer: O) throws -> CoRNNTrainingOutcome
    where M.Scalar == Float, O.Scalar == Float {
        let epochs = configuration.epochs
        var trainer = Trainer(model: model, optimizer: optimizer, configuration: configuration, generator: generator)
        let folder = CheckpointFolder(context.checkpointDirectory)
        var probes: [[Double]] = []
        if try trainer.resume(from: folder) {
            // The probe file is written before the checkpoint, so it may hold one interval more.
            if let data = try? Foundation.Data(contentsOf: probeFile), let saved = try? Self.decoder.decode([[Double]].self, from: data) {
                probes = Array(saved.prefix(trainer.state.epochsCompleted))
            }
            if probes.count < trainer.state.epochsCompleted {
                probes += Array(repeating: [], count: trainer.state.epochsCompleted - probes.count)
            }
        }
        func save() throws {
            try FileManager.default.createDirectory(at: context.checkpointDirectory, withIntermediateDirectories: true)
            try Self.encoder.encode(probes).write(to: probeFile, options: .atomic)
            try folder.save(trainer.checkpoint())
        }
        while trainer.state.epochsCompleted < epochs, trainer.state.outcome?.isDiverged != true {
            let epoch = trainer.state.epochsCompleted
            trainer.configuration.epochs = epoch + 1
            _ = try trainer.train(on: data(epoch))
            probes.append(Self.probe(trainer.model))
            let done = trainer.state.epochsCompleted
            if let last = trainer.state.history.last {
                let metric = last.testMetric.isFinite ? String(format: ", test metric %.4f", last.testMetric) : ""
                context.progress(Double(done) / Double(max(epochs, 1)),
                                 "\(label): \(done)/\(epochs), test loss \(String(format: "%.4g", last.testLoss))\(metric)")
            }
            if done % checkpointEvery == 0 || done == epochs || trainer.state.outcome?.isDiverged == true { try save() }
        }
        var diverged: (epoch: Int, reason: String)?
        if case .diverged(let epoch, let reason) = trainer.state.outcome { diverged = (epoch: epoch, reason: reason) }
        return CoRNNTrainingOutcome(history: trainer.state.history, diverged: diverged, probes: probes,
                                    parameterCount: trainer.model.parameterCount)
    }

    private static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    private static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}

extension CoRNNTrainingOutcome {
    /// Writes the curves and the run's status into a job's result group. `stepsPerEpoch` converts
    /// epochs to optimiser steps on the x axis; `probeNames` names the probe columns.
    func write(to root: HDF5Group, stepsPerEpoch: Int, sampleStepsPerEpoch: Double, probeNames: [String]) throws {
        let h = history
        try root.write(h.map { Double(($0.epoch + 1) * stepsPerEpoch) }, to: "steps").setAttribute("label", "training steps")
        try root.write(h.map(\.epoch).map { Double($0 + 1) }, to: "epochs").setAttribute("label", "epochs (evaluation intervals)")
        try root.write(h.map(\.trainLoss), to: "train_loss").setAttribute("label", "mean training loss over the interval")
        try root.write(h.map(\.testLoss), to: "test_loss").setAttribute("label", "test loss after the interval (NaN once diverged)")
        try root.write(h.map(\.testMetric), to: "test_metric").setAttribute("label", "test metric (accuracy) after the interval")
        try root.write(h.map(\.gradientNorm), to: "gradient_norm").setAttribute("label", "mean global gradient 2-norm")
        try root.write(h.map(\.learningRate), to: "learning_rate")
        try root.write(h.map(\.seconds), to: "seconds").setAttribute("label", "wall-clock seconds per interval (train + test)")
        for (j, name) in probeNames.enumerated() {
            try root.write(probes.map { j < $0.count ? $0[j] : .nan }, to: name)
        }
        try root.setAttribute("parameter_count", parameterCount)
        let trained = h.filter { $0.trainLoss.isFinite }.map(\.seconds)
        if !trained.isEmpty, sampleStepsPerEpoch > 0 {
            // Median interval: robust to the machine being busy for part of the run.
            let sorted = trained.sorted()
            try root.setAttribute("seconds_per_sample_step", sorted[sorted.count / 2] / sampleStepsPerEpoch)
        }
        if let diverged {
            try root.setAttribute("status", "diverged")
            try root.setAttribute("diverged_epoch", diverged.epoch)
            try root.setAttribute("diverged_reason", diverged.reason)
        } else {
            try root.setAttribute("status", "completed")
        }
    }
}
