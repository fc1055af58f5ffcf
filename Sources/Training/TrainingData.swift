import LinearAlgebra
import Randomness

/// One mini-batch: the input sequence (T matrices of `batch × inputSize`) and the targets for the
/// steps the loss reads (1 matrix for last-step tasks, T for every-step tasks).
public struct Batch<Scalar: BLASScalar>: Sendable, Equatable {
    public var inputs: [Matrix<Scalar>]
    public var targets: [Matrix<Scalar>]

    public init(inputs: [Matrix<Scalar>], targets: [Matrix<Scalar>]) {
        precondition(!inputs.isEmpty, "Batch: empty input sequence")
        self.inputs = inputs
        self.targets = targets
    }

    /// Number of sequences in the batch.
    public var size: Int { inputs[0].rows }
}

/// What the training loop needs from a data set; Tasks types adapt to it.
///
/// `trainBatches` is called once per epoch and draws all its randomness (shuffling, fresh samples)
/// from `generator`, which the loop owns and checkpoints, so a resumed run sees the same batches.
public protocol TrainingData {
    associatedtype Scalar: BLASScalar
    associatedtype TrainBatches: Sequence where TrainBatches.Element == Batch<Scalar>

    func trainBatches(epoch: Int, generator: inout Generator) -> TrainBatches
    /// The fixed evaluation set, scored after every epoch.
    func testBatches() -> [Batch<Scalar>]
}

/// Sequences held in memory as one `Batch` each for training and test, cut into shuffled
/// mini-batches every epoch. Handy for tests and small tasks.
public struct InMemoryData<Scalar: BLASScalar>: TrainingData, Sendable {
    public let train: Batch<Scalar>
    public let test: Batch<Scalar>
    public let batchSize: Int
    public let testBatchSize: Int
    /// Reshuffle the training sequences every epoch (PyTorch `DataLoader(shuffle=True)`).
    public let shuffle: Bool

    public init(train: Batch<Scalar>, test: Batch<Scalar>, batchSize: Int, testBatchSize: Int? = nil, shuffle: Bool = true) {
        precondition(batchSize > 0)
        self.train = train
        self.test = test
        self.batchSize = batchSize
        self.testBatchSize = testBatchSize ?? test.size
        self.shuffle = shuffle
    }

    public func trainBatches(epoch: Int, generator: inout Generator) -> [Batch<Scalar>] {
        let order = shuffle ? generator.permutation(train.size) : Array(0..<train.size)
        return stride(from: 0, to: order.count, by: batchSize).map {
            Self.select(train, Array(order[$0..<min($0 + batchSize, order.count)]))
        }
    }

    public func testBatches() -> [Batch<Scalar>] {
        stride(from: 0, to: test.size, by: testBatchSize).map {
            Self.select(test, Array($0..<min($0 + testBatchSize, test.size)))
        }
    }

    /// The rows `indices` of every matrix of `batch`.
    public static func select(_ batch: Batch<Scalar>, _ indices: [Int]) -> Batch<Scalar> {
        func rows(_ m: Matrix<Scalar>) -> Matrix<Scalar> {
            var out = Matrix<Scalar>(rows: indices.count, columns: m.columns)
            for (r, i) in indices.enumerated() {
                for c in 0..<m.columns { out.storage[r * m.columns + c] = m.storage[i * m.columns + c] }
            }
            return out
        }
        return Batch(inputs: batch.inputs.map(rows), targets: batch.targets.map(rows))
    }
}
