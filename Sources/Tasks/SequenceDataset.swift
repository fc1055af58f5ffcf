import LinearAlgebra
import Randomness

/// A finite, indexable set of sequences with targets: what a training loop iterates over in epochs.
///
/// Typical loop:
/// ```swift
/// for epoch in 0..<epochs {
///     let order = train.epochOrder(epoch: epoch, generator: runGenerator)   // or epochOrder(generator: &g)
///     for indices in train.batchIndices(order: order, batchSize: 500) {
///         let batch: SequenceBatch<Float> = train.batch(indices: indices)
///         // forward(batch.inputs, readout: train.targetTiming == .last ? .last : .all) …
///     }
/// }
/// ```
/// Conforming types keep samples compactly (bytes, one flat `Float` array, or values plus marker
/// positions) and build the `[Matrix]` layout only per batch.
public protocol SequenceDataset: Sendable {
    /// Number of sequences.
    var count: Int { get }
    /// Time steps T of every sequence.
    var steps: Int { get }
    /// Input features per step.
    var inputSize: Int { get }
    /// Target features (regression outputs, or classes/logits for classification).
    var outputSize: Int { get }
    var targetTiming: TargetTiming { get }
    var loss: LossKind { get }
    /// The sequences at `indices`, in that order, as one batch.
    func batch<Scalar: BLASScalar>(indices: [Int]) -> SequenceBatch<Scalar>
}

extension SequenceDataset {
    /// A shuffled order of all indices (Fisher–Yates with `generator`); advances the generator.
    public func epochOrder(generator: inout Generator) -> [Int] {
        generator.permutation(count)
    }

    /// The shuffled order for `epoch`, drawn from the child stream `"epoch <n>"` of `generator`, so the
    /// order of epoch n does not depend on anything drawn before it (resuming at epoch n gives the same order).
    public func epochOrder(epoch: Int, generator: Generator) -> [Int] {
        var g = generator.child("epoch \(epoch)")
        return g.permutation(count)
    }

    /// Splits `order` into consecutive batches of `batchSize`; the last, shorter batch is kept unless
    /// `dropLast` (PyTorch's `DataLoader` keeps it by default).
    public func batchIndices(order: [Int], batchSize: Int, dropLast: Bool = false) -> [[Int]] {
        precondition(batchSize > 0)
        var result: [[Int]] = []
        var start = 0
        while start < order.count {
            let end = min(start + batchSize, order.count)
            if end - start == batchSize || !dropLast { result.append(Array(order[start..<end])) }
            start = end
        }
        return result
    }

    /// The sequences in `range` as one batch (e.g. the whole test set, or test batches in order).
    public func batch<Scalar: BLASScalar>(range: Range<Int>) -> SequenceBatch<Scalar> {
        batch(indices: Array(range))
    }

    /// Batches covering the dataset in order (for evaluation).
    public func sequentialBatchIndices(batchSize: Int) -> [[Int]] {
        batchIndices(order: Array(0..<count), batchSize: batchSize)
    }
}

/// A source of fresh, independently generated batches (coRNN's adding problem draws a new batch every
/// training step; the flip-flop task likewise). Deterministic given the generator passed in.
public protocol BatchStream: Sendable {
    var steps: Int { get }
    var inputSize: Int { get }
    var outputSize: Int { get }
    var targetTiming: TargetTiming { get }
    var loss: LossKind { get }
    /// A new batch of `size` sequences drawn from `generator`.
    func nextBatch<Scalar: BLASScalar>(size: Int, generator: inout Generator) -> SequenceBatch<Scalar>
}
