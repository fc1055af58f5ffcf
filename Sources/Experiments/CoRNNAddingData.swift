import Randomness
import Tasks
import Training

/// coRNN's adding-problem protocol as `TrainingData` for one evaluation interval: `batchesPerEpoch`
/// fresh training batches from the loop's generator, then a fresh test set of `testSize` sequences
/// drawn for this interval only (the reference code re-draws its 1000 test sequences at every
/// evaluation), scored in chunks of `testBatchSize` to bound the BPTT tape's memory.
struct CoRNNAddingData: TrainingData {
    var problem: AddingProblem
    var batchSize: Int
    var batchesPerEpoch: Int
    var testSize: Int
    var testBatchSize: Int
    /// Generator of this interval's test set (derived from the test seed and the interval index).
    var testGenerator: Generator

    func trainBatches(epoch: Int, generator: inout Generator) -> [Batch<Float>] {
        (0..<batchesPerEpoch).map { _ in Batch(problem.nextBatch(size: batchSize, generator: &generator) as SequenceBatch<Float>) }
    }

    func testBatches() -> [Batch<Float>] {
        var g = testGenerator
        return stride(from: 0, to: testSize, by: testBatchSize).map {
            Batch(problem.nextBatch(size: min(testBatchSize, testSize - $0), generator: &g) as SequenceBatch<Float>)
        }
    }
}
