import Foundation
import LinearAlgebra
import Randomness

/// IMDB reviews as binary-classification sequences: step t of a review is the (fixed) embedding
/// vector of its t-th token; reviews shorter than `steps` are padded at the end with the `<pad>`
/// token (a zero vector), longer ones are cut after `steps` tokens. Tokens are kept as indices and
/// turned into vectors only per batch.
public struct IMDBSequenceDataset: SequenceDataset, Equatable {
    public let count: Int
    public let steps: Int
    public let inputSize: Int
    public var outputSize: Int { 1 }
    public var targetTiming: TargetTiming { .last }
    public var loss: LossKind { .binaryCrossEntropy }
    /// N × steps token indices.
    public let tokens: [Int32]
    public let labels: [Int]
    /// Vocabulary size × inputSize embedding table.
    public let embedding: [Float]

    public init(encodedReviews: [[Int32]], labels: [Int], steps: Int, embedding: [Float], dimension: Int) {
        precondition(encodedReviews.count == labels.count && steps > 0 && dimension > 0)
        count = labels.count
        self.steps = steps
        inputSize = dimension
        var flat = [Int32](repeating: Int32(IMDBVocabulary.padding), count: count * steps)
        for (n, review) in encodedReviews.enumerated() {
            for (t, token) in review.prefix(steps).enumerated() { flat[n * steps + t] = token }
        }
        tokens = flat
        self.labels = labels
        self.embedding = embedding
    }

    public func batch<Scalar: BLASScalar>(indices: [Int]) -> SequenceBatch<Scalar> {
        let b = indices.count, k = inputSize
        var xs = (0..<steps).map { _ in Matrix<Scalar>(rows: b, columns: k) }
        for (row, n) in indices.enumerated() {
            precondition(n >= 0 && n < count, "index \(n) out of 0..<\(count)")
            for t in 0..<steps {
                let token = Int(tokens[n * steps + t])
                if token == IMDBVocabulary.padding { continue }
                for d in 0..<k { xs[t].storage[row * k + d] = Scalar(embedding[token * k + d]) }
            }
        }
        let chosen = indices.map { labels[$0] }
        return SequenceBatch(inputs: xs, targets: [classificationTargetMatrix(chosen, loss: loss)], labels: chosen)
    }
}

/// coRNN's IMDB pipeline (legacy torchtext in the reference code): the 25 000 training reviews split at
/// random into training and validation parts (`train.split()`: 70 % / 30 %), a vocabulary of the most
/// frequent training tokens, GloVe-initialised embeddings, and the 25 000 test reviews.
public struct IMDBSentiment: Sendable {
    public var train: IMDBSequenceDataset
    public var validation: IMDBSequenceDataset
    public var test: IMDBSequenceDataset
    public var vocabulary: IMDBVocabulary
    /// Vocabulary words (without `<unk>`, `<pad>`) that had a GloVe vector.
    public var gloveHits: Int

    /// Options of the pipeline; the defaults are the reference code's.
    public struct Options: Sendable, Equatable, Codable {
        public var trainFraction: Double = 0.7
        public var maxVocabulary: Int = 25_000
        /// Tokens kept per review (the reference pads each batch to its longest review instead).
        public var maxTokens: Int
        public var splitSeed: UInt64 = 0
        public var embeddingSeed: UInt64 = 0
        /// Use only the first n reviews of each shuffled split (nil: all).
        public var trainLimit: Int?
        public var testLimit: Int?

        public init(maxTokens: Int, trainFraction: Double = 0.7, maxVocabulary: Int = 25_000, splitSeed: UInt64 = 0,
                    embeddingSeed: UInt64 = 0, trainLimit: Int? = nil, testLimit: Int? = nil) {
            self.maxTokens = maxTokens
            self.trainFraction = trainFraction
            self.maxVocabulary = maxVocabulary
            self.splitSeed = splitSeed
            self.embeddingSeed = embeddingSeed
            self.trainLimit = trainLimit
            self.testLimit = testLimit
        }
    }

    /// Builds the datasets from the reviews and a GloVe file (`dimension`-d vectors).
    public static func prepare(reviews: IMDBReviews, gloveFile: URL, dimension: Int = GloVe.dimension, options: Options) throws -> IMDBSentiment {
        precondition(options.trainFraction > 0 && options.trainFraction < 1 && options.maxTokens > 0)
        var splitGenerator = Generator(seed: options.splitSeed).child("imdb train/validation split")
        let order = splitGenerator.permutation(reviews.train.count)
        let cut = Int((Double(order.count) * options.trainFraction).rounded())
        let trainReviews = order[..<cut].map { reviews.train[$0] }
        let validationReviews = order[cut...].map { reviews.train[$0] }
        let trainTokens = trainReviews.map { IMDBReviews.tokenize($0.text) }
        // The vocabulary comes from the whole training part, as in the reference, even when fewer reviews are trained on.
        let vocabulary = IMDBVocabulary(tokenizedReviews: trainTokens, maxSize: options.maxVocabulary)
        let glove = try GloVe.vectors(file: gloveFile, for: Set(vocabulary.words), dimension: dimension)
        var embeddingGenerator = Generator(seed: options.embeddingSeed).child("imdb unknown-word vectors")
        let (table, hits) = vocabulary.embedding(glove: glove, dimension: dimension, generator: &embeddingGenerator)

        func dataset(_ tokens: [[String]], _ labels: [Int], limit: Int?) -> IMDBSequenceDataset {
            let n = min(limit ?? tokens.count, tokens.count)
            return IMDBSequenceDataset(encodedReviews: tokens.prefix(n).map(vocabulary.encode), labels: Array(labels.prefix(n)),
                                       steps: options.maxTokens, embedding: table, dimension: dimension)
        }
        // The test reviews are stored by class; shuffle once so that a limit keeps both classes.
        var testGenerator = Generator(seed: options.splitSeed).child("imdb test order")
        let testOrder = testGenerator.permutation(reviews.test.count)
        let testLimit = min(options.testLimit ?? testOrder.count, testOrder.count)
        let testReviews = testOrder.prefix(testLimit).map { reviews.test[$0] }
        let validationLimit = min(options.testLimit ?? validationReviews.count, validationReviews.count)
        return IMDBSentiment(
            train: dataset(trainTokens, trainReviews.map(\.label), limit: options.trainLimit),
            validation: dataset(validationReviews.prefix(validationLimit).map { IMDBReviews.tokenize($0.text) },
                                validationReviews.prefix(validationLimit).map(\.label), limit: nil),
            test: dataset(testReviews.map { IMDBReviews.tokenize($0.text) }, testReviews.map(\.label), limit: nil),
            vocabulary: vocabulary, gloveHits: hits)
    }

    /// Reads both required files from the datasets `root` (see `DataRequirement.aclImdb` and `.glove6B100d`).
    public static func load(root: URL, options: Options, verifyChecksums: Bool = true) throws -> IMDBSentiment {
        try DataRequirement.aclImdb.check(root: root)
        try DataRequirement.glove6B100d.check(root: root)
        let reviews = try IMDBReviews.read(archive: DataRequirement.aclImdb.directory(root: root).appendingPathComponent(IMDBReviews.archiveName),
                                           verifyChecksum: verifyChecksums)
        return try prepare(reviews: reviews, gloveFile: DataRequirement.glove6B100d.directory(root: root).appendingPathComponent(GloVe.fileName),
                           options: options)
    }
}
