import Configuration
import Engine
import Foundation
import Tasks

/// Rusch & Mishra (ICLR 2021), Table 4: IMDB sentiment — movie reviews as sequences of GloVe word
/// vectors, classified positive / negative.
public struct CoRNNIMDB: Experiment {
    public static let id = "cornn-imdb"
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
        /// Tokens per review (longer ones are cut, shorter ones padded at the end).
        public var maxTokens: Int
        public var vocabulary: Int
        public var trainFraction: Double
        public var splitSeed: UInt64
        public var embeddingSeed: UInt64
        public var trainCount: Int
        public var testCount: Int
        /// Check the archive's MD5 (tests turn this off to run on a tiny fake archive).
        public var verifyChecksums: Bool
        public var seeds: [UInt64]
        public var models: [CoRNNModelSettings]

        enum CodingKeys: String, CodingKey {
            case hidden, batch, testBatch = "test_batch", epochs, decayEpoch = "decay_epoch", maxTokens = "max_tokens", vocabulary
            case trainFraction = "train_fraction", splitSeed = "split_seed", embeddingSeed = "embedding_seed"
            case trainCount = "train_count", testCount = "test_count", verifyChecksums = "verify_checksums", seeds, models
        }

        public func validate() throws {
            try CoRNNClassificationTables.validate(hidden: hidden, batch: batch, testBatch: testBatch, epochs: epochs, decayEpoch: decayEpoch,
                                                  trainCount: trainCount, testCount: testCount, seeds: seeds, models: models)
            guard maxTokens > 0 else { throw ConfigurationError.outOfRange(key: "max_tokens", value: "\(maxTokens)", range: "> 0") }
            guard vocabulary > 0 else { throw ConfigurationError.outOfRange(key: "vocabulary", value: "\(vocabulary)", range: "> 0") }
            guard trainFraction > 0, trainFraction < 1 else {
                throw ConfigurationError.outOfRange(key: "train_fraction", value: "\(trainFraction)", range: "(0, 1)")
            }
        }
    }

    /// One training run.
    public struct JobParameters: Codable, Sendable, Equatable {
        public var training: CoRNNClassificationTables.Training
        public var options: IMDBSentiment.Options
        public var verifyChecksums: Bool
    }

    // MARK: Inputs and jobs

    static let requirements = [DataRequirement.aclImdb, DataRequirement.glove6B100d]

    public static func inputs(config: Config) -> [InputRequirement] {
        requirements.flatMap(CoRNNClassificationTables.inputs)
    }

    public static func jobs(config: Config) throws -> [Job<JobParameters>] {
        let options = IMDBSentiment.Options(maxTokens: config.maxTokens, trainFraction: config.trainFraction, maxVocabulary: config.vocabulary,
                                            splitSeed: config.splitSeed, embeddingSeed: config.embeddingSeed,
                                            trainLimit: config.trainCount, testLimit: config.testCount)
        return config.models.flatMap { model in
            config.seeds.map { seed in
                Job(name: CoRNNClassificationTables.jobName(model: model.model, seed: seed),
                    parameters: JobParameters(
                        training: .init(settings: model, hidden: config.hidden, batch: config.batch, testBatch: config.testBatch,
                                        epochs: config.epochs, decayEpoch: config.decayEpoch),
                        options: options, verifyChecksums: config.verifyChecksums),
                    seed: seed, inputs: requirements.flatMap(CoRNNClassificationTables.paths))
            }
        }
    }

    public static func estimatedCPUSeconds(_ p: JobParameters) -> Double? {
        CoRNNClassificationTables.estimatedSeconds(p.training, inputs: GloVe.dimension, steps: p.options.maxTokens,
                                                   train: min(p.options.trainLimit ?? 17_500, 17_500), test: min(p.options.testLimit ?? 25_000, 25_000))
    }

    // MARK: Compute

    public static func compute(_ p: JobParameters, context: JobContext) throws {
        let data = try IMDBSentiment.load(root: context.url(forInput: DataRequirement.defaultRoot), options: p.options,
                                          verifyChecksums: p.verifyChecksums)
        let positive = data.train.labels.filter { $0 == 1 }.count
        let description = "aclImdb v1, \(data.train.count) training / \(data.test.count) test reviews (\(positive) positive training), "
            + "\(data.train.steps) tokens per review, vocabulary \(data.vocabulary.count) with \(data.gloveHits) GloVe vectors, frozen embedding"
        try CoRNNClassificationTables.train(p.training, train: data.train, test: data.test, classes: 2, context: context,
                                            label: "\(p.training.settings.model.label), IMDB", attributes: ["data": description])
        try context.results.setAttribute("glove_hits", data.gloveHits)
    }

    // MARK: - Figure

    // The caption describes, it does not compute: below the marker, editing it redraws without recomputing.
    public static let reference = PaperReference(
        paper: "Rusch & Mishra, coRNN, ICLR 2021",
        seedFile: "003_581351b45c0827ff.txt",
        item: "Table 4",
        title: "IMDB sentiment: test accuracy of coRNN vs LSTM and GRU",
        caption: """
        Test accuracy on IMDB (aclImdb v1: 25 000 training reviews, of which a random 70 % train and 30 % are held out \
        as in the reference's torchtext `train.split()`, and 25 000 test reviews). Vocabulary: the 25 000 most \
        frequent training tokens plus <unk> and <pad>; embeddings: GloVe 6B 100-d vectors, N(0,1) for words GloVe \
        lacks (exact, case-sensitive lookup as torchtext), zero rows for <unk> and <pad>, as the reference code. \
        DEVIATIONS: (1) the embedding is FROZEN (the reference fine-tunes it; our models take dense inputs and have no \
        input gradients); (2) tokens come from a rule-based tokenizer standing in for spaCy (words, punctuation, \
        English clitics, <br /> dropped); (3) every review is cut after / padded to `max_tokens` tokens with zero \
        vectors at the end, where the reference pads each batch of 64 to its longest review. One logit, BCE with \
        logits, Adam, batch 64, no clipping, no lr decay. coRNN: Table 8 (lr 6e-4, Δt 0.054, γ 4.9, ε 4.8); LSTM and \
        GRU: PyTorch default initialisation, Adam lr 1e-3 (the paper quotes their numbers from other papers). The \
        validation part is not used: we report the last-epoch test accuracy (the reference script prints validation \
        and test accuracy every epoch; which epoch the paper reports is not stated). Reduced scales train on the first \
        `train_count` reviews of the shuffled training part and test on a fixed random `test_count` test reviews, with \
        fewer units, tokens and epochs.
        """)

    static let publishedTable4: [CoRNNClassificationTables.PublishedRow] = [
        .init(model: "LSTM", units: "128", parameters: "220k", accuracy: 86.8),
        .init(model: "Skip LSTM", units: "128", parameters: "220k", accuracy: 86.6),
        .init(model: "GRU", units: "128", parameters: "164k", accuracy: 86.2),
        .init(model: "Skip GRU", units: "128", parameters: "164k", accuracy: 86.6),
        .init(model: "ReLU GRU", units: "128", parameters: "99k", accuracy: 84.8),
        .init(model: "coRNN", units: "128", parameters: "46k", accuracy: 87.4),
    ]

    public static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        CoRNNClassificationTables.figures(
            name: "table4", table: "table4", title: "IMDB (\(config.maxTokens) tokens per review)", published: publishedTable4,
            publishedSource: "Table 4", models: config.models.map(\.model), seeds: config.seeds, hidden: config.hidden,
            epochs: config.epochs, chance: 0.5, results: results, canvas: canvas)
        canvas.note("Embedding frozen (the reference fine-tunes it); parameter counts exclude the 25 002 × 100 embedding table.")
    }

    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] {
        CoRNNClassificationTables.quantities(table: "Table 4", task: "IMDB", publishedCoRNN: "table4.cornn.imdb", publishedSD: 0.31,
                                             models: config.models.map(\.model), seeds: config.seeds, results: results)
    }
}
