import Testing
import Tasks
import Randomness
import LinearAlgebra

@Suite struct SequenceDatasetTests {
    /// 5 sequences, 3 steps, 2 features: value = 100·n + 10·t + k.
    func tiny() -> DenseSequenceDataset {
        var x: [Float] = []
        for n in 0..<5 { for t in 0..<3 { for k in 0..<2 { x.append(Float(100 * n + 10 * t + k)) } } }
        return DenseSequenceDataset(count: 5, steps: 3, inputSize: 2, outputSize: 1, targetTiming: .last,
                                    loss: .meanSquaredError, inputs: x, targets: (0..<5).map(Float.init))
    }

    @Test func batchesAreStepMajorMatrices() {
        let batch: SequenceBatch<Float> = tiny().batch(indices: [3, 1])
        #expect(batch.inputs.count == 3)
        #expect(batch.inputs[2] == Matrix([[320, 321], [120, 121]]))
        #expect(batch.targets == [Matrix([[3], [1]])])
        #expect(batch.labels == nil)
    }

    @Test func epochOrderIsADeterministicPermutation() {
        let d = MarkedInputProblem(operation: .addition, steps: 20, trainCount: 1000, testCount: 1).trainingSet()
        let g = Generator(seed: 5)
        let e0 = d.epochOrder(epoch: 0, generator: g)
        #expect(e0.sorted() == Array(0..<1000))
        #expect(e0 == d.epochOrder(epoch: 0, generator: g))
        #expect(e0 != d.epochOrder(epoch: 1, generator: g))
        var a = Generator(seed: 5), b = Generator(seed: 5)
        #expect(d.epochOrder(generator: &a) == d.epochOrder(generator: &b))
        #expect(d.epochOrder(generator: &a) != d.epochOrder(generator: &b).reversed())
    }

    @Test func batchIndicesKeepOrDropTheRemainder() {
        let d = tiny()
        #expect(d.batchIndices(order: [4, 3, 2, 1, 0], batchSize: 2) == [[4, 3], [2, 1], [0]])
        #expect(d.batchIndices(order: [4, 3, 2, 1, 0], batchSize: 2, dropLast: true) == [[4, 3], [2, 1]])
        #expect(d.sequentialBatchIndices(batchSize: 5) == [[0, 1, 2, 3, 4]])
    }

    @Test func classificationTargetsAreOneHotWithLabels() {
        let d = DenseSequenceDataset(count: 3, steps: 1, inputSize: 1, inputs: [0, 1, 2], labels: [2, 0, 1], loss: .crossEntropy(classes: 3))
        let batch: SequenceBatch<Double> = d.batch(indices: [0, 2])
        #expect(batch.labels == [2, 1])
        #expect(batch.lastTarget == Matrix([[0, 0, 1], [0, 1, 0]]))
        let binary = DenseSequenceDataset(count: 2, steps: 1, inputSize: 1, inputs: [0, 1], labels: [1, 0], loss: .binaryCrossEntropy)
        #expect((binary.batch(indices: [0, 1]) as SequenceBatch<Float>).lastTarget == Matrix([[1], [0]]))
        #expect(d.subset([1]).labels == [0])
    }

    @Test func imageSequencesPermuteAndPad() {
        // 2 images of 4 one-pixel steps.
        let images = ImageSequenceDataset(imageSteps: 4, inputSize: 1, pixels: [0, 51, 102, 255, 255, 0, 0, 0], labels: [1, 0], classes: 2)
        let plain: SequenceBatch<Double> = images.batch(indices: [0])
        #expect(plain.inputs.map { $0[0, 0] } == [0, 0.2, 0.4, 1])
        let permuted: SequenceBatch<Double> = images.permuted([3, 2, 1, 0]).batch(indices: [0])
        #expect(permuted.inputs.map { $0[0, 0] } == [1, 0.4, 0.2, 0])
        let standardized = ImageSequenceDataset(imageSteps: 4, inputSize: 1, pixels: images.pixels, labels: images.labels, classes: 2, normalization: .mnist)
        let s: SequenceBatch<Double> = standardized.batch(indices: [1])
        #expect(abs(s.inputs[0][0, 0] - (1 - 0.1307) / 0.3081) < 1e-12)

        let shared = images.padded(NoisePadding(steps: 3, mode: .shared, seed: 4))
        let sb: SequenceBatch<Double> = shared.batch(indices: [0, 1])
        #expect(sb.steps == 7)
        #expect((4..<7).allSatisfy { sb.inputs[$0][0, 0] == sb.inputs[$0][1, 0] })
        #expect(sb.inputs[4][0, 0] != 0)
        let perSample = images.padded(NoisePadding(steps: 3, mode: .perSample, seed: 4))
        let pb: SequenceBatch<Double> = perSample.batch(indices: [0, 1])
        #expect(pb.inputs[4][0, 0] != pb.inputs[4][1, 0])
        #expect(pb == perSample.batch(indices: [0, 1]))
        let uniform = images.padded(NoisePadding(steps: 50, distribution: .uniform, seed: 1))
        #expect(uniform.noise(for: 0).allSatisfy { (0..<1).contains($0) })
    }

    @Test func splitIsDeterministicAndDisjoint() {
        let pixels = (0..<100).map { UInt8($0) }
        let images = ImageSequenceDataset(imageSteps: 1, inputSize: 1, pixels: pixels, labels: (0..<100).map { $0 % 10 }, classes: 10)
        let (a, b) = images.split(validationCount: 30, seed: 1)
        #expect(a.count == 70 && b.count == 30)
        #expect(Set(a.pixels).isDisjoint(with: Set(b.pixels)))
        #expect(images.split(validationCount: 30, seed: 1).validation == b)
        #expect(images.split(validationCount: 30, seed: 2).validation != b)
    }
}
