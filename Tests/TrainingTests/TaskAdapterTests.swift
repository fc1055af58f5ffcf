import LinearAlgebra
import Models
import Randomness
import Tasks
import Testing
@testable import Training

@Test func addingProblemStreamTrainsThroughTheAdapter() throws {
    let task = AddingProblem(steps: 6)
    let data = StreamTrainingData(stream: task, batchSize: 16, batchesPerEpoch: 8, testSize: 64,
                                  testGenerator: Generator(seed: 1), scalar: Float.self)
    var g = Generator(seed: 2)
    let model = ElmanRNN<Float>(inputSize: task.inputSize, hiddenSize: 8, outputSize: task.outputSize, generator: &g)
    var trainer = Trainer(model: model, optimizer: Adam<Float>(learningRate: 0.01),
                          configuration: TrainingConfiguration(epochs: 10, readout: ReadoutSteps(task.targetTiming), loss: Loss(task.loss)),
                          generator: Generator(seed: 3))
    let before = trainer.evaluate(data.testBatches()).loss
    let report = try trainer.train(on: data)
    #expect(report.outcome == .completed)
    #expect(report.history.last!.testLoss < before)
    // The epoch's batches come from the loop's generator: the same generator gives the same batches.
    var a = Generator(seed: 9), b = Generator(seed: 9)
    #expect(data.trainBatches(epoch: 0, generator: &a) == data.trainBatches(epoch: 0, generator: &b))
}
