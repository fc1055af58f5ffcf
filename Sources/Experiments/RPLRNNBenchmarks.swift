import Configuration
import Engine
import Foundation
import HDF5
import LinearAlgebra
import Models
import Randomness
import Tasks
import Training

/// The comparison models of the rPLRNN machine-learning benchmarks (P1′ Table 1), by the names the
/// figures and the reference result files use.
public enum RPLRNNModelName: String, ConfigEnum {
    case RNN, L2RNN, iRNN, npRNN, oRNN, PLRNN, iPLRNN, rPLRNN, LSTM
}

/// The benchmark tasks: the marked-input problems (regression at the last step) and sequential MNIST.
public enum RPLRNNTask: String, ConfigEnum {
    case addition, multiplication, mnist

    var operation: MarkedInputProblem.Operation? {
        switch self {
        case .addition: return .addition
        case .multiplication: return .multiplication
        case .mnist: return nil
        }
    }
}

/// The two training protocols of the rPLRNN benchmarks (PROTOCOLS §5 item 1).
public enum RPLRNNProtocol: String, ConfigEnum {
    /// The runs behind the published Fig. 2: batch 500, 200 epochs, gradient-norm clip 3, LSTM with M units.
    case published
    /// The 2020 paper text: batch 16, 100 epochs, clip 10, LSTM with M/4 units (parameter-matched).
    case paperText = "paper_text"

    var batchSize: Int { self == .published ? 500 : 16 }
    var epochs: Int { self == .published ? 200 : 100 }
    var clip: Double { self == .published ? 3 : 10 }
    func lstmHidden(_ m: Int) -> Int { self == .published ? m : max(1, m / 4) }
    var summary: String {
        self == .published ? "batch 500, 200 epochs, gradient-norm clip 3, LSTM with M units (the settings of the published result files)"
            : "batch 16, 100 epochs, gradient-norm clip 10, LSTM with M/4 units (the 2020 paper text)"
    }
}

/// How diverged runs (NaN or test MSE above the bound) enter the plotted means.
public enum RPLRNNAggregation: String, ConfigEnum {
    /// Diverged runs count with their best epoch before divergence; counts are shown in the figure.
    case kept
    /// The reference plotting code: diverged runs are left out of the means (their count is still shown).
    case paper
}

/// How sequential MNIST is cut down for a run.
public struct RPLRNNMNISTSettings: Codable, Sendable, Equatable, Hashable {
    /// Images of the training set used (0 = all available).
    public var trainCount: Int
    /// Images of the test set used (0 = all available).
    public var testCount: Int
    /// 2×2 average pooling (T = 196 instead of 784).
    public var pooled: Bool
    /// When only the MNIST test files exist, how many of its 10 000 images become training images.
    public var splitTrainCount: Int

    enum CodingKeys: String, CodingKey {
        case trainCount = "train_count", testCount = "test_count", pooled, splitTrainCount = "split_train_count"
    }
}

/// Everything one benchmark training run depends on (the job parameters of `rplrnn-fig2` and `rplrnn-figS3`).
public struct RPLRNNRun: Codable, Sendable, Equatable, Hashable {
    public var task: RPLRNNTask
    public var model: RPLRNNModelName
    /// Sequence length T (784 or 196 for MNIST).
    public var steps: Int
    /// Hidden units of this model (for LSTM already adjusted by the protocol).
    public var hidden: Int
    /// rPLRNN regularisation strength τ (τ_A = τ_W = τ_h, reference-code means) and regularised fraction Mreg/M.
    public var tau: Double?
    public var regularizedFraction: Double?
    public var trainCount: Int
    public var testCount: Int
    public var batchSize: Int
    public var testBatchSize: Int
    public var epochs: Int
    public var learningRate: Double
    /// Gradient-norm clip.
    public var clip: Double
    /// A test loss above this ends the run as diverged (reference: 100).
    public var divergenceBound: Double
    /// MNIST only.
    public var mnist: RPLRNNMNISTSettings?

    /// Training sample-steps of the whole run (sequences × T × epochs).
    public var sampleSteps: Double { Double(trainingSequences) * Double(steps) * Double(epochs) }

    /// Training and test sequences per epoch. MNIST's 0 ("all available") is counted as the split of
    /// the MNIST test set used when only that is present (the case here); the full training set is longer.
    var trainingSequences: Int { trainCount > 0 ? trainCount : (mnist?.splitTrainCount ?? 0) }
    var testSequences: Int { testCount > 0 ? testCount : mnist.map { 10_000 - $0.splitTrainCount } ?? 0 }
}

/// Project-relative location of the MNIST files.
let rplrnnMNISTFolder = "../shared/datasets/mnist"

/// Training of one benchmark run: data, model, Adam with clipping, best-epoch test metrics, checkpoints.
enum RPLRNNTraining {
    /// Trains `run` and writes its history and outcome into `context.results`. A diverged run is a result,
    /// written with `outcome = diverged`, never an error.
    static func compute(_ run: RPLRNNRun, context: JobContext) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let root = context.results
        let generator = Generator(seed: context.seed)
        var initGenerator = generator.child("model")
        let batchGenerator = generator.child("batches")
        let trained: (report: TrainingReport, parameterCount: Int)
        switch run.task {
        case .addition, .multiplication:
            let problem = MarkedInputProblem(operation: run.task.operation!, steps: run.steps,
                                             trainCount: run.trainCount, testCount: run.testCount)
            let data = DatasetTrainingData(train: problem.trainingSet(), test: problem.testSet(), batchSize: run.batchSize,
                                           testBatchSize: run.testBatchSize, scalar: Float.self)
            trained = try train(run, inputs: 2, outputs: 1, data: data, loss: .meanSquaredError,
                                                 metric: .fractionWithin(threshold: MarkedInputProblem.correctTolerance),
                                                 initGenerator: &initGenerator, batchGenerator: batchGenerator, context: context)
        case .mnist:
            let settings = run.mnist ?? RPLRNNMNISTSettings(trainCount: 0, testCount: 0, pooled: false, splitTrainCount: 8000)
            let datasets = context.url(forInput: rplrnnMNISTFolder).deletingLastPathComponent()
            let source = try MNISTSource.load(root: datasets, options: SequentialMNISTOptions(normalization: .mnist, pooled: settings.pooled),
                                              splitTrainCount: settings.splitTrainCount)
            let trainSet = RPLRNNSubset(base: source.train, limit: settings.trainCount)
            let testSet = RPLRNNSubset(base: source.test, limit: settings.testCount)
            try context.results.setAttribute("data", "\(source.description); used \(trainSet.count) train / \(testSet.count) test images")
            let data = DatasetTrainingData(train: trainSet, test: testSet, batchSize: run.batchSize, testBatchSize: run.testBatchSize,
                                           scalar: Float.self)
            trained = try train(run, inputs: 1, outputs: 10, data: data, loss: .crossEntropy, metric: .argmaxAccuracy,
                                                 initGenerator: &initGenerator, batchGenerator: batchGenerator, context: context)
        }
        try write(trained.report, run: run, parameterCount: trained.parameterCount, to: root)
        let elapsed = start.duration(to: clock.now)
        try root.setAttribute("wall_seconds", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// The model named by the run, drawn from `generator`.
    static func train<Data: TrainingData>(
        _ run: RPLRNNRun, inputs: Int, outputs: Int, data: Data, loss: Loss, metric: Metric,
        initGenerator g: inout Generator, batchGenerator: Generator, context: JobContext
    ) throws -> (TrainingReport, Int) where Data.Scalar == Float {
        let m = run.hidden
        func go<Model: RecurrentModel>(_ model: Model) throws -> (TrainingReport, Int) where Model.Scalar == Float {
            let configuration = TrainingConfiguration(
                epochs: run.epochs, readout: .last, loss: loss, metric: metric, clipping: .norm(maximum: run.clip),
                divergenceBound: run.divergenceBound, keepBestParameters: false, checkpointInterval: 1)
            var trainer = Trainer(model: model, optimizer: Adam<Float>(learningRate: run.learningRate),
                                  configuration: configuration, generator: batchGenerator)
            let folder = CheckpointFolder(context.checkpointDirectory)
            try trainer.resume(from: folder)
            let report = try trainer.train(on: data, checkpoints: folder) { fraction, message in context.progress(fraction, message) }
            return (report, model.parameterCount)
        }
        func elman(_ variant: ElmanVariant) throws -> (TrainingReport, Int) {
            try go(ElmanRNN<Float>(inputSize: inputs, hiddenSize: m, outputSize: outputs, variant: variant, generator: &g))
        }
        func plrnn(_ variant: PLRNNVariant) throws -> (TrainingReport, Int) {
            try go(PLRNN<Float>(inputSize: inputs, hiddenSize: m, outputSize: outputs, variant: variant, generator: &g))
        }
        switch run.model {
        case .RNN: return try elman(.rnn)
        case .L2RNN: return try elman(.l2RNN(tau: 0, effective: false))
        case .iRNN: return try elman(.iRNN)
        case .npRNN: return try elman(.npRNN)
        case .oRNN: return try elman(.oRNN)
        case .PLRNN: return try plrnn(.plrnn)
        case .iPLRNN: return try plrnn(.iPLRNN)
        case .rPLRNN: return try plrnn(.rPLRNN(tau: run.tau ?? 5, fraction: run.regularizedFraction ?? 0.5, reduction: .mean))
        case .LSTM: return try go(LSTM<Float>(inputSize: inputs, hiddenSize: m, outputSize: outputs, generator: &g))
        }
    }

    static func write(_ report: TrainingReport, run: RPLRNNRun, parameterCount: Int, to root: HDF5Group) throws {
        try root.setAttribute("task", run.task.rawValue)
        try root.setAttribute("model", run.model.rawValue)
        try root.setAttribute("T", run.steps)
        try root.setAttribute("hidden", run.hidden)
        try root.setAttribute("parameter_count", parameterCount)
        if let tau = run.tau { try root.setAttribute("tau", tau) }
        if let fraction = run.regularizedFraction { try root.setAttribute("regularized_fraction", fraction) }
        switch report.outcome {
        case .completed:
            try root.setAttribute("outcome", "completed")
        case .diverged(let epoch, let reason):
            try root.setAttribute("outcome", "diverged")
            try root.setAttribute("diverged_epoch", epoch)
            try root.setAttribute("diverged_reason", reason)
        }
        // Best epoch on the test set, as the reference analysis reads it (NaN when no epoch finished finite).
        let best = report.best
        try root.setAttribute("best_test_loss", best.lowestTestLoss.isFinite ? best.lowestTestLoss : .nan)
        try root.setAttribute("best_test_loss_epoch", best.lowestTestLossEpoch ?? -1)
        try root.setAttribute("best_test_metric", best.highestTestMetric.isFinite ? best.highestTestMetric : .nan)
        try root.setAttribute("best_test_metric_epoch", best.highestTestMetricEpoch ?? -1)
        try root.setAttribute("epochs_completed", report.history.count)
        let history = try root.createGroup("history")
        let h = report.history
        try history.write(h.map { Double($0.epoch) }, to: "epoch")
        try history.write(h.map(\.trainLoss), to: "train_loss").setAttribute("label", "mean training loss (without regulariser)")
        try history.write(h.map(\.regularization), to: "regularization")
        try history.write(h.map(\.testLoss), to: "test_loss").setAttribute("label", "test MSE (cross-entropy for MNIST)")
        try history.write(h.map(\.testMetric), to: "test_metric").setAttribute("label", "test P_correct (|error| < 0.04; accuracy for MNIST)")
        try history.write(h.map(\.gradientNorm), to: "gradient_norm")
        try history.write(h.map(\.seconds), to: "seconds").setAttribute("label", "wall-clock seconds per epoch (not reproducible)")
    }

    /// CPU seconds for `run` from the per-sample-step costs in `RPLRNNCost`, scaled by M² and with a
    /// per-step overhead that small batches pay; evaluation (forward only) counts a third of a step.
    static func estimatedSeconds(_ run: RPLRNNRun) -> Double {
        let m = Double(run.hidden)
        let scale = max((m * m + 3 * m) / (40 * 40 + 120), 0.05)
        let base = (run.model == .LSTM ? RPLRNNCost.lstmMicroseconds : RPLRNNCost.recurrentMicroseconds) * scale
        let perSample = base + RPLRNNCost.perStepMicroseconds / Double(max(run.batchSize, 1))
        let training = run.sampleSteps * perSample
        let evaluation = Double(run.testSequences) * Double(run.steps) * Double(run.epochs) * base / 3
        return (training + evaluation) * 1e-6
    }
}

/// Costs behind `RPLRNNTraining.estimatedSeconds`, from process CPU time (not wall time, which depends
/// on the load) of release-build runs: sMNIST at default scale, PLRNN and rPLRNN with M = 40, batch 50,
/// 8000 sequences × T = 784 × 20 epochs plus evaluation, took 150 s and 152 s of CPU each.
enum RPLRNNCost {
    /// µs per training sample-step of a PLRNN/Elman RNN with M = 40.
    static let recurrentMicroseconds = 1.0
    /// The same for an LSTM with M = 40 (four gates: about four times the work).
    static let lstmMicroseconds = 4.0
    /// Extra µs per time step of one mini-batch (kernel-call overhead), shared by the batch's sequences.
    static let perStepMicroseconds = 10.0
}

/// The first `limit` sequences of a dataset (all when `limit` is 0 or larger than the dataset).
struct RPLRNNSubset<Base: SequenceDataset>: SequenceDataset {
    let base: Base
    let count: Int

    init(base: Base, limit: Int) {
        self.base = base
        count = limit <= 0 ? base.count : min(limit, base.count)
    }

    var steps: Int { base.steps }
    var inputSize: Int { base.inputSize }
    var outputSize: Int { base.outputSize }
    var targetTiming: TargetTiming { base.targetTiming }
    var loss: LossKind { base.loss }
    func batch<Scalar: BLASScalar>(indices: [Int]) -> SequenceBatch<Scalar> { base.batch(indices: indices) }
}

/// One run's outcome as the figure stages read it back.
struct RPLRNNRunResult {
    var diverged: Bool
    /// Min over epochs of the test loss, max of the test metric (NaN if no finite epoch).
    var bestLoss: Double
    var bestMetric: Double
    var wallSeconds: Double?

    init?(_ result: JobResult) {
        guard let root = try? result.root() else { return nil }
        diverged = (try? root.stringAttribute("outcome")) == "diverged"
        bestLoss = (try? root.doubleAttribute("best_test_loss")) ?? .nan
        bestMetric = (try? root.doubleAttribute("best_test_metric")) ?? .nan
        wallSeconds = try? root.doubleAttribute("wall_seconds")
    }
}

/// Mean ± SEM of several runs' best values, with the counts the figures show.
struct RPLRNNAggregate {
    var runs = 0
    var diverged = 0
    /// Runs without any stored result (the job failed).
    var missing = 0
    /// Runs entering the means.
    var used = 0
    var loss = (mean: Double.nan, sem: Double.nan)
    var metric = (mean: Double.nan, sem: Double.nan)

    init(_ results: [RPLRNNRunResult?], aggregation: RPLRNNAggregation) {
        runs = results.count
        var losses: [Double] = [], metrics: [Double] = []
        for r in results {
            guard let r else { missing += 1; continue }
            if r.diverged { diverged += 1 }
            if r.diverged && aggregation == .paper { continue }
            guard r.bestLoss.isFinite else { continue }
            losses.append(r.bestLoss)
            if r.bestMetric.isFinite { metrics.append(r.bestMetric) }
        }
        used = losses.count
        loss = Self.meanSEM(losses)
        metric = Self.meanSEM(metrics)
    }

    static func meanSEM(_ x: [Double]) -> (mean: Double, sem: Double) {
        guard !x.isEmpty else { return (.nan, .nan) }
        let mean = x.reduce(0, +) / Double(x.count)
        guard x.count > 1 else { return (mean, 0) }
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
        return (mean, (variance / Double(x.count)).squareRoot())
    }
}
