import LinearAlgebra
import Randomness

/// coRNN's adding problem (P3 Fig. 1; `tk-rusch/coRNN` `adding/`): two channels over T steps, values
/// U[0,1) in channel 0, one marker uniform in the first half `0..<T/2` and one in the second half
/// `T/2..<T` in channel 1; target = sum of the two marked values at the last step.
///
/// Training draws a fresh batch every step (`nextBatch`); the test set is a fixed set of 1000 sequences
/// from `testSeed` (the reference code re-draws its 1000 test sequences at every evaluation; a fixed set
/// makes curves comparable across models). Predicting the mean gives MSE 1/6 ≈ 0.167, the paper's baseline.
/// Values are drawn as Float and the target is their Float sum, so Float batches satisfy
/// target == x[t1] + x[t2] exactly; Double batches carry the same Float numbers widened.
public struct AddingProblem: BatchStream, Equatable, Hashable, Codable {
    public var steps: Int
    public var testCount: Int
    public var testSeed: UInt64

    public init(steps: Int, testCount: Int = 1000, testSeed: UInt64 = 1) {
        precondition(steps >= 2, "the adding problem needs T ≥ 2")
        self.steps = steps
        self.testCount = testCount
        self.testSeed = testSeed
    }

    /// The baseline MSE of predicting 1 (paper: 0.167).
    public static let baselineMSE = 1.0 / 6.0

    public var inputSize: Int { 2 }
    public var outputSize: Int { 1 }
    public var targetTiming: TargetTiming { .last }
    public var loss: LossKind { .meanSquaredError }

    /// One sequence: T values, then the first-half marker, then the second-half marker.
    private func draw(into values: inout [Float], at base: Int, generator g: inout Generator) -> (Int, Int) {
        for t in 0..<steps { values[base + t] = Float(g.uniform()) }
        let half = steps / 2
        let t1 = g.integer(below: half)
        let t2 = half + g.integer(below: steps - half)
        return (t1, t2)
    }

    public func nextBatch<Scalar: BLASScalar>(size: Int, generator: inout Generator) -> SequenceBatch<Scalar> {
        testLikeSet(count: size, generator: &generator).batch(range: 0..<size)
    }

    /// The fixed test set (`testCount` sequences from `Generator(seed: testSeed)`).
    public func testSet() -> DenseSequenceDataset {
        var g = Generator(seed: testSeed)
        return testLikeSet(count: testCount, generator: &g)
    }

    /// `count` sequences drawn from `generator`, as a dense dataset.
    public func testLikeSet(count: Int, generator: inout Generator) -> DenseSequenceDataset {
        var values = [Float](repeating: 0, count: count * steps)
        var inputs = [Float](repeating: 0, count: count * steps * 2)
        var targets = [Float](repeating: 0, count: count)
        for n in 0..<count {
            let (t1, t2) = draw(into: &values, at: n * steps, generator: &generator)
            for t in 0..<steps { inputs[(n * steps + t) * 2] = values[n * steps + t] }
            inputs[(n * steps + t1) * 2 + 1] = 1
            inputs[(n * steps + t2) * 2 + 1] = 1
            targets[n] = values[n * steps + t1] + values[n * steps + t2]
        }
        return DenseSequenceDataset(count: count, steps: steps, inputSize: 2, outputSize: 1, targetTiming: .last,
                                    loss: .meanSquaredError, inputs: inputs, targets: targets)
    }
}
