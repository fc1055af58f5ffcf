import Foundation
import HDF5
import LinearAlgebra
import Models
import Randomness

/// A training snapshot: parameters, optimiser state, learning rate and progress (epoch, batch-order
/// generator, history, best epochs). Restoring it and training on gives bit-identical parameters to
/// an uninterrupted run.
///
/// HDF5 layout (see `write(to:)`), chosen so PyTorch can load it by name:
///
///     /model/<parameter name>                  one dataset per parameter, PyTorch name and shape (rows × columns;
///                                              vectors are M×1 — reshape to the state_dict's shape)
///     /optimizer/<state key>/<parameter name>  exp_avg, exp_avg_sq (Adam); momentum_buffer (SGD);
///                                              square_avg, grad_avg, momentum_buffer (RMSprop)
///     /optimizer  attributes kind, step, learning_rate
///     /history/<column>                        float64 per epoch: epoch, learning_rate, train_loss, …
///     /best_model/<parameter name>             parameters at the lowest test loss (if kept)
///     /  attributes format, version, scalar, epochs_completed, generator (JSON), outcome, best_*
public struct Checkpoint<Scalar: BLASScalar & HDF5Scalar>: Sendable, Equatable {
    public var parameters: [Parameter<Scalar>]
    public var optimizer: OptimizerState<Scalar>
    public var learningRate: Double
    public var state: TrainingState<Scalar>

    public init(parameters: [Parameter<Scalar>], optimizer: OptimizerState<Scalar>, learningRate: Double, state: TrainingState<Scalar>) {
        self.parameters = parameters
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.state = state
    }

    static var format: String { "paperrepro.training.checkpoint" }
    static var scalarName: String { Scalar.self == Float.self ? "float32" : "float64" }

    /// Writes the checkpoint as a new HDF5 file at `url` (overwriting it).
    public func write(to url: URL) throws {
        let file = try HDF5File.create(url)
        let root = file.root
        try root.setAttribute("format", Self.format)
        try root.setAttribute("version", 1)
        try root.setAttribute("scalar", Self.scalarName)
        try root.setAttribute("epochs_completed", state.epochsCompleted)
        try root.setAttribute("generator", String(decoding: try JSONEncoder().encode(state.generator), as: UTF8.self))
        switch state.outcome {
        case nil: try root.setAttribute("outcome", "running")
        case .completed: try root.setAttribute("outcome", "completed")
        case .diverged(let epoch, let reason):
            try root.setAttribute("outcome", "diverged")
            try root.setAttribute("diverged_epoch", epoch)
            try root.setAttribute("diverged_reason", reason)
        }
        let best = state.best
        try root.setAttribute("best_test_loss", best.lowestTestLoss)
        try root.setAttribute("best_test_loss_epoch", best.lowestTestLossEpoch ?? -1)
        try root.setAttribute("best_test_metric", best.highestTestMetric)
        try root.setAttribute("best_test_metric_epoch", best.highestTestMetricEpoch ?? -1)

        let names = parameters.map(\.name)
        try Self.writeParameters(parameters, to: root.createGroup("model"))
        if let kept = state.bestParameters { try Self.writeParameters(kept, to: root.createGroup("best_model")) }

        let opt = try root.createGroup("optimizer")
        try opt.setAttribute("kind", optimizer.kind)
        try opt.setAttribute("step", optimizer.step)
        try opt.setAttribute("learning_rate", learningRate)
        for (key, buffers) in optimizer.buffers.sorted(by: { $0.key < $1.key }) {
            let group = try opt.createGroup(key)
            try group.setAttribute("parameter_names", try Self.json(names))
            for (p, buffer) in zip(parameters, buffers) {
                try group.write(NDArray(shape: [p.value.rows, p.value.columns], values: buffer), to: p.name, compression: 0)
            }
        }

        let history = try root.createGroup("history")
        let h = state.history
        try history.write(h.map(\.epoch), to: "epoch")
        for (column, path) in Self.historyColumns {
            try history.write(h.map { $0[keyPath: path] }, to: column)
        }
        try file.close()
    }

    /// Reads a checkpoint written by `write(to:)` with the same scalar type.
    public static func read(from url: URL) throws -> Checkpoint {
        let file = try HDF5File.open(url)
        defer { try? file.close() }
        let root = file.root
        guard (try? root.stringAttribute("format")) == format else { throw CheckpointError("\(url.path) is not a training checkpoint") }
        let scalar = try root.stringAttribute("scalar")
        guard scalar == scalarName else { throw CheckpointError("checkpoint holds \(scalar), expected \(scalarName)") }

        let parameters = try readParameters(root.group("model"))
        var state = TrainingState<Scalar>(generator: try JSONDecoder().decode(Generator.self, from: Data(root.stringAttribute("generator").utf8)))
        state.epochsCompleted = try root.intAttribute("epochs_completed")
        switch try root.stringAttribute("outcome") {
        case "completed": state.outcome = .completed
        case "diverged": state.outcome = .diverged(epoch: try root.intAttribute("diverged_epoch"), reason: try root.stringAttribute("diverged_reason"))
        default: state.outcome = nil
        }
        state.best.lowestTestLoss = try root.doubleAttribute("best_test_loss")
        state.best.highestTestMetric = try root.doubleAttribute("best_test_metric")
        let lossEpoch = try root.intAttribute("best_test_loss_epoch"), metricEpoch = try root.intAttribute("best_test_metric_epoch")
        state.best.lowestTestLossEpoch = lossEpoch < 0 ? nil : lossEpoch
        state.best.highestTestMetricEpoch = metricEpoch < 0 ? nil : metricEpoch
        if root.contains("best_model") { state.bestParameters = try readParameters(root.group("best_model")) }

        let history = try root.group("history")
        let epochs = try history.read("epoch", as: Int.self).values
        var records = epochs.map {
            EpochRecord(epoch: $0, learningRate: 0, trainLoss: 0, regularization: 0, testLoss: 0, testMetric: 0,
                        gradientNorm: 0, maxGradientNorm: 0, seconds: 0)
        }
        for (column, path) in historyColumns {
            let values = try history.read(column, as: Double.self).values
            guard values.count == records.count else { throw CheckpointError("history column \(column) has \(values.count) entries, expected \(records.count)") }
            for i in records.indices { records[i][keyPath: path] = values[i] }
        }
        state.history = records

        let opt = try root.group("optimizer")
        var optimizer = OptimizerState<Scalar>(kind: try opt.stringAttribute("kind"), step: try opt.intAttribute("step"))
        for key in try opt.children() {
            let group = try opt.group(key)
            optimizer.buffers[key] = try parameters.map { try group.read($0.name, as: Scalar.self).values }
        }
        return Checkpoint(parameters: parameters, optimizer: optimizer, learningRate: try opt.doubleAttribute("learning_rate"), state: state)
    }

    static var historyColumns: [(String, WritableKeyPath<EpochRecord, Double>)] {
        [("learning_rate", \.learningRate), ("train_loss", \.trainLoss), ("regularization", \.regularization),
         ("test_loss", \.testLoss), ("test_metric", \.testMetric), ("gradient_norm", \.gradientNorm),
         ("max_gradient_norm", \.maxGradientNorm), ("seconds", \.seconds)]
    }

    static func writeParameters(_ parameters: [Parameter<Scalar>], to group: HDF5Group) throws {
        // HDF5 lists members alphabetically; the attribute keeps the model's order.
        try group.setAttribute("parameter_names", try json(parameters.map(\.name)))
        for p in parameters {
            try group.write(NDArray(shape: [p.value.rows, p.value.columns], values: p.value.storage), to: p.name, compression: 0)
        }
    }

    static func readParameters(_ group: HDF5Group) throws -> [Parameter<Scalar>] {
        let names = try JSONDecoder().decode([String].self, from: Data(group.stringAttribute("parameter_names").utf8))
        return try names.map { name in
            let array = try group.read(name, as: Scalar.self)
            guard array.shape.count == 2 else { throw CheckpointError("parameter \(name) has shape \(array.shape), expected 2-D") }
            return Parameter(name, Matrix(rows: array.shape[0], columns: array.shape[1], storage: array.values))
        }
    }

    static func json(_ names: [String]) throws -> String { String(decoding: try JSONEncoder().encode(names), as: UTF8.self) }
}

/// A folder that holds a job's checkpoint (`checkpoint.h5`); it survives interruption, and writes
/// go to a temporary file that is synced and renamed, so the file is always either the old or the new one.
public struct CheckpointFolder: Sendable, Equatable {
    public let url: URL
    public init(_ url: URL) { self.url = url }

    public var file: URL { url.appendingPathComponent("checkpoint.h5") }

    public func save<S: BLASScalar & HDF5Scalar>(_ checkpoint: Checkpoint<S>) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let temporary = url.appendingPathComponent(".checkpoint.h5.tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: temporary)
        try checkpoint.write(to: temporary)
        let fd = open(temporary.path, O_RDONLY)
        if fd >= 0 { _ = fsync(fd); _ = close(fd) }
        guard rename(temporary.path, file.path) == 0 else {
            throw CheckpointError("cannot move checkpoint into place at \(file.path): errno \(errno)")
        }
    }

    /// The saved checkpoint, or nil if the folder has none.
    public func load<S: BLASScalar & HDF5Scalar>(_ type: S.Type = S.self) throws -> Checkpoint<S>? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try Checkpoint<S>.read(from: file)
    }
}

/// A checkpoint that cannot be written, read or applied to the model.
public struct CheckpointError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
