import LinearAlgebra
import Models
import Randomness
import Tasks

extension Loss {
    /// The training loss a task declares.
    public init(_ kind: LossKind) {
        switch kind {
        case .meanSquaredError: self = .meanSquaredError
        case .crossEntropy: self = .crossEntropy
        case .binaryCrossEntropy: self = .binaryCrossEntropyWithLogits
        }
    }
}

extension ReadoutSteps {
    /// The read-out steps matching a task's target timing.
    public init(_ timing: TargetTiming) {
        self = timing == .last ? .last : .all
    }
}

extension Batch {
    public init(_ batch: SequenceBatch<Scalar>) {
        self.init(inputs: batch.inputs, targets: batch.targets)
    }
}

/// Epochs over a fixed training `SequenceDataset` (reshuffled every epoch from the loop's generator,
/// batches built lazily so only one is in memory), scored on a test dataset in order.
public struct DatasetTrainingData<Train: SequenceDataset, Test: SequenceDataset, Scalar: BLASScalar>: TrainingData, Sendable {
    public let train: Train
    public let test: Test
    public let batchSize: Int
    public let testBatchSize: Int
    /// PyTorch `DataLoader(drop_last=…)`; false keeps a final short batch.
    public let dropLast: Bool

    public init(train: Train, test: Test, batchSize: Int, testBatchSize: Int, dropLast: Bool = false, scalar: Scalar.Type = Scalar.self) {
        self.train = train
        self.test = test
        self.batchSize = batchSize
        self.testBatchSize = testBatchSize
        self.dropLast = dropLast
    }

    public func trainBatches(epoch: Int, generator: inout Generator) -> LazyMapSequence<[[Int]], Batch<Scalar>> {
        let indices = train.batchIndices(order: train.epochOrder(generator: &generator), batchSize: batchSize, dropLast: dropLast)
        let train = self.train
        return indices.lazy.map { Batch(train.batch(indices: $0) as SequenceBatch<Scalar>) }
    }

    public func testBatches() -> [Batch<Scalar>] {
        test.sequentialBatchIndices(batchSize: testBatchSize).map { Batch(test.batch(indices: $0) as SequenceBatch<Scalar>) }
    }
}

/// Freshly generated batches (e.g. coRNN's adding problem): `batchesPerEpoch` new batches per epoch
/// drawn from the loop's generator, and a fixed test set drawn once from `testGenerator`.
public struct StreamTrainingData<Stream: BatchStream, Scalar: BLASScalar>: TrainingData, Sendable {
    public let stream: Stream
    public let batchSize: Int
    public let batchesPerEpoch: Int
    public let test: [Batch<Scalar>]

    public init(stream: Stream, batchSize: Int, batchesPerEpoch: Int, testSize: Int, testGenerator: Generator, scalar: Scalar.Type = Scalar.self) {
        self.stream = stream
        self.batchSize = batchSize
        self.batchesPerEpoch = batchesPerEpoch
        var g = testGenerator
        test = [Batch(stream.nextBatch(size: testSize, generator: &g) as SequenceBatch<Scalar>)]
    }

    public func trainBatches(epoch: Int, generator: inout Generator) -> [Batch<Scalar>] {
        (0..<batchesPerEpoch).map { _ in Batch(stream.nextBatch(size: batchSize, generator: &generator) as SequenceBatch<Scalar>) }
    }

    public func testBatches() -> [Batch<Scalar>] { test }
}
