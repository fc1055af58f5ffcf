import Configuration
import Engine
import Foundation
import Tasks

/// Rusch & Mishra (ICLR 2021), Table 2: noise-padded CIFAR-10 — each image is fed row by row (32
/// steps of 96 inputs) followed by 968 noise steps, so the label must be remembered over T = 1000.
public struct CoRNNNoisyCIFAR: Experiment {
    public static let id = "cornn-noisy-cifar"
    public static let codeDependencies = [
        "Models", "Training", "Tasks", "LinearAlgebra", "Randomness", "CoRNNBenchmarkModels", "CoRNNBenchmarkTraining",
        "CoRNNClassificationTables",
    ]

    // MARK: Configuration

    public struct Config: ExperimentConfig, Equatable {
        public var hidden: Int
        public var batch: Int
        public var testBatch: Int
        public var epochs: Int
        public var decayEpoch: Int
        /// Noise steps after the 32 image rows (paper: 968 ⇒ T = 1000).
        public var noiseSteps: Int
        public var noiseMode: NoisePadding.Mode
        public var noiseDistribution: NoisePadding.Distribution
        public var noiseSeed: UInt64
        /// Training / test images used (the first ones), at most 50 000 / 10 000.
        public var trainCount: Int
        public var testCount: Int
        /// Check the batch files' sizes (tests turn this off to run on tiny fake batches).
        public var verifyChecksums: Bool
        public var seeds: [UInt64]
        public var models: [CoRNNModelSettings]

        enum CodingKeys: String, CodingKey {
            case hidden, batch, testBatch = "test_batch", epochs, decayEpoch = "decay_epoch", noiseSteps = "noise_steps"
            case noiseMode = "noise_mode", noiseDistribution = "noise_distribution", noiseSeed = "noise_seed"
            case trainCount = "train_count", testCount = "test_count", verifyChecksums = "verify_checksums", seeds, models
        }

        public func validate() throws {
            try CoRNNClassificationTables.validate(hidden: hidden, batch: batch, testBatch: testBatch, epochs: epochs, decayEpoch: decayEpoch,
                                                  trainCount: trainCount, testCount: testCount, seeds: seeds, models: models)
            guard noiseSteps >= 0 else { throw ConfigurationError.outOfRange(key: "noise_steps", value: "\(noiseSteps)", range: "≥ 0") }
        }
    }

    /// One training run.
    public struct JobParameters: Codable, Sendable, Equatable {
        public var training: CoRNNClassificationTables.Training
        public var padding: NoisePadding
        public var trainCount: Int
        public var testCount: Int
        public var verifyChecksums: Bool
    }

    // MARK: Inputs and jobs

    static let requirement = DataRequirement.cifar10Binary
    static let instructions = """
        Download cifar-10-binary.tar.gz (the "CIFAR-10 binary version (suitable for C programs)", 170 052 171 bytes as \
        reported by TensorFlow's CIFAR tutorial download; no official checksum is published) from \
        https://www.cs.toronto.edu/~kriz/cifar.html and extract it in the datasets root: \
        `tar xzf cifar-10-binary.tar.gz -C ../shared/datasets` creates ../shared/datasets/cifar-10-batches-bin/ with \
        data_batch_1.bin … data_batch_5.bin and test_batch.bin, each exactly 30 730 000 bytes (10 000 records of 1 label \
        byte + 3072 pixel bytes); the sizes are checked when the data are read.
        """

    public static func inputs(config: Config) -> [InputRequirement] {
        zip(CoRNNClassificationTables.paths(requirement), requirement.files).map { path, file in
            InputRequirement(path: path, instructions: instructions + " This file: \(file.name), \(file.bytes ?? 0) bytes.", checksum: nil)
        }
    }

    public static func jobs(config: Config) throws -> [Job<JobParameters>] {
        let padding = NoisePadding(steps: config.noiseSteps, mode: config.noiseMode, distribution: config.noiseDistribution, seed: config.noiseSeed)
        return config.models.flatMap { model in
            config.seeds.map { seed in
                Job(name: CoRNNClassificationTables.jobName(model: model.model, seed: seed),
                    parameters: JobParameters(
                        training: .init(settings: model, hidden: config.hidden, batch: config.batch, testBatch: config.testBatch,
                                        epochs: config.epochs, decayEpoch: config.decayEpoch),
                        padding: padding, trainCount: config.trainCount, testCount: config.testCount, verifyChecksums: config.verifyChecksums),
                    seed: seed, inputs: CoRNNClassificationTables.paths(requirement))
            }
        }
    }

    public static func estimatedCPUSeconds(_ p: JobParameters) -> Double? {
        CoRNNClassificationTables.estimatedSeconds(p.training, inputs: 96, steps: 32 + p.padding.steps,
                                                   train: min(p.trainCount, 50_000), test: min(p.testCount, 10_000))
    }

    // MARK: Compute

    /// The first `count` images of `files` (read one batch file at a time, only as many as needed).
    static func images(_ files: [URL], count: Int, padding: NoisePadding, verifySizes: Bool) throws -> ImageSequenceDataset {
        var used: [URL] = []
        var total = 0
        for url in files where total < count {
            if verifySizes {
                let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? -1
                guard size == 10_000 * CIFAR10.recordBytes else {
                    throw DataError.truncated(file: url.path, expectedBytes: 10_000 * CIFAR10.recordBytes, actualBytes: size)
                }
            }
            used.append(url)
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            total += size / CIFAR10.recordBytes
        }
        return try CIFAR10.dataset(batches: used, padding: padding).prefix(count)
    }

    public static func compute(_ p: JobParameters, context: JobContext) throws {
        let root = context.url(forInput: DataRequirement.defaultRoot)
        try requirement.check(root: root)
        let dir = requirement.directory(root: root)
        let train = try images((1...5).map { dir.appendingPathComponent("data_batch_\($0).bin") }, count: p.trainCount,
                               padding: p.padding, verifySizes: p.verifyChecksums)
        let test = try images([dir.appendingPathComponent("test_batch.bin")], count: p.testCount, padding: p.padding,
                              verifySizes: p.verifyChecksums)
        let description = "CIFAR-10 binary, \(train.count) training / \(test.count) test images, 32 rows + \(p.padding.steps) "
            + "\(p.padding.distribution.rawValue) noise steps (\(p.padding.mode == .shared ? "one tensor shared by all images" : "per image"))"
        try CoRNNClassificationTables.train(p.training, train: train, test: test, classes: 10, context: context,
                                            label: "\(p.training.settings.model.label), noisy CIFAR-10",
                                            attributes: ["data": description, "padding": "\(p.padding.steps) \(p.padding.distribution.rawValue) \(p.padding.mode.rawValue)"])
    }

    // MARK: - Figure

    // The caption describes, it does not compute: below the marker, editing it redraws without recomputing.
    public static let reference = PaperReference(
        paper: "Rusch & Mishra, coRNN, ICLR 2021",
        seedFile: "003_581351b45c0827ff.txt",
        item: "Table 2",
        title: "Noise-padded CIFAR-10: test accuracy of coRNN vs LSTM and other baselines",
        caption: """
        Test accuracy on noise-padded CIFAR-10: step r of a sequence is image row r with the three colour channels' 32 \
        pixels concatenated (96 inputs, pixels x/255 as the reference code's ToTensor), followed by `noise_steps` \
        steps of noise (T = 1000 at paper scale). Padding: ONE fixed standard-normal tensor shared by every image, as \
        the reference code (`torch.randn(1,968,96)`); the paper's text says "uniform random numbers" (PROTOCOLS §5 \
        item 14) — `noise_distribution`/`noise_mode` switch to that. Data: the CIFAR-10 *binary* version \
        (cifar-10-batches-bin/*.bin; same images as the python version the reference code reads). Cross-entropy on a \
        linear read-out of the last hidden state, Adam, batch 100, lr/10 for the last sixth of the epochs (paper: 100 \
        + 20), no clipping. coRNN: Table 8 (lr 7.5e-3, Δt 0.034, γ 1.3, ε 12.7); our coRNN cell has one joint linear \
        map over [input, z, y] with bias (PyTorch default init), whereas the reference CIFAR cell uses a biased input \
        map and bias-free maps of y and z (initialisation differs slightly). Baselines (PyTorch default inits, Adam lr \
        1e-3; the paper's baseline numbers are quoted from other papers and their settings are not given). No \
        validation split: we report the last-epoch test accuracy, whereas the reference script reports test accuracy \
        at the best of 3000 validation images (PROTOCOLS §5 item 15). Reduced scales use fewer training images \
        (`train_count`, the first ones of the training batches), fewer units, epochs and noise steps; `default` shows \
        the qualitative ordering only.
        """)

    static let publishedTable2: [CoRNNClassificationTables.PublishedRow] = [
        .init(model: "LSTM", units: "128", parameters: "64k", accuracy: 11.6),
        .init(model: "Incremental RNN", units: "128", parameters: "12k", accuracy: 54.5),
        .init(model: "FastRNN", units: "128", parameters: "16k", accuracy: 45.8),
        .init(model: "anti.sym. RNN", units: "256", parameters: "36k", accuracy: 48.3),
        .init(model: "Gated anti.sym. RNN", units: "256", parameters: "37k", accuracy: 54.7),
        .init(model: "Lipschitz RNN", units: "256", parameters: "134k", accuracy: 55.2),
        .init(model: "coRNN", units: "128", parameters: "46k", accuracy: 59.0),
    ]

    public static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        CoRNNClassificationTables.figures(
            name: "table2", table: "table2", title: "Noise-padded CIFAR-10 (T = \(32 + config.noiseSteps))", published: publishedTable2,
            publishedSource: "Table 2", models: config.models.map(\.model), seeds: config.seeds, hidden: config.hidden,
            epochs: config.epochs, chance: 0.1, results: results, canvas: canvas)
    }

    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] {
        CoRNNClassificationTables.quantities(table: "Table 2", task: "noise-padded CIFAR-10", publishedCoRNN: "table2.cornn.noisy-cifar10",
                                             publishedSD: 0.35, models: config.models.map(\.model), seeds: config.seeds, results: results)
    }
}
