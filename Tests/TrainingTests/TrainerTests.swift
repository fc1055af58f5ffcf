import Foundation
import HDF5
import LinearAlgebra
import Models
import Randomness
import Testing
@testable import Training

/// A trivial last-step task: reproduce the sum of the first two of T = 4 inputs in [0, 1].
private func sumTask(samples: Int, generator: inout Generator) -> Batch<Float> {
    let steps = 4
    var inputs = (0..<steps).map { _ in Matrix<Float>(rows: samples, columns: 1) }
    var target = Matrix<Float>(rows: samples, columns: 1)
    for i in 0..<samples {
        for t in 0..<steps { inputs[t][i, 0] = Float(generator.uniform()) }
        target[i, 0] = inputs[0][i, 0] + inputs[1][i, 0]
    }
    return Batch(inputs: inputs, targets: [target])
}

private func data(seed: UInt64 = 7) -> InMemoryData<Float> {
    var g = Generator(seed: seed)
    return InMemoryData(train: sumTask(samples: 96, generator: &g), test: sumTask(samples: 64, generator: &g), batchSize: 16)
}

private func trainer(epochs: Int, learningRate: Double = 0.01, divergenceBound: Double? = 100) -> Trainer<ElmanRNN<Float>, Adam<Float>> {
    var initial = Generator(seed: 11)
    let model = ElmanRNN<Float>(inputSize: 1, hiddenSize: 8, outputSize: 1, activation: .relu, generator: &initial)
    let configuration = TrainingConfiguration(
        epochs: epochs, readout: .last, loss: .meanSquaredError, metric: .fractionWithin(threshold: 0.04),
        clipping: .norm(maximum: 3), schedule: LearningRateSchedule(base: learningRate, milestones: [4], gamma: 0.5),
        divergenceBound: divergenceBound, keepBestParameters: true)
    return Trainer(model: model, optimizer: Adam(learningRate: learningRate), configuration: configuration,
                   generator: Generator(seed: 5).child("batches"))
}

private func temporaryFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("training-tests-\(UUID().uuidString)")
}

@Test func trainingReducesTheLossOnATrivialTask() throws {
    var t = trainer(epochs: 15)
    let d = data()
    let before = t.evaluate(d.testBatches()).loss
    var fractions: [Double] = []
    let report = try t.train(on: d) { fraction, _ in fractions.append(fraction) }
    #expect(report.outcome == .completed)
    #expect(report.history.count == 15)
    #expect(report.history.last!.testLoss < 0.25 * before, "test loss \(before) → \(report.history.last!.testLoss)")
    #expect(report.history.map(\.learningRate) == (0..<15).map { $0 < 4 ? 0.01 : 0.005 })
    #expect(fractions.last == 1 && zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 })
    #expect(report.best.lowestTestLossEpoch != nil)
    #expect(t.state.bestParameters != nil)
}

@Test func sameSeedGivesBitIdenticalParameters() throws {
    var a = trainer(epochs: 3), b = trainer(epochs: 3)
    _ = try a.train(on: data())
    _ = try b.train(on: data())
    #expect(a.model.parameters == b.model.parameters)
    var c = Trainer(model: trainer(epochs: 3).model, optimizer: Adam<Float>(learningRate: 0.01),
                    configuration: a.configuration, generator: Generator(seed: 6))
    _ = try c.train(on: data())
    #expect(c.model.parameters != a.model.parameters, "a different batch order should change the result")
}

@Test func resumingFromACheckpointIsBitIdenticalToAnUninterruptedRun() throws {
    let folder = CheckpointFolder(temporaryFolder())
    defer { try? FileManager.default.removeItem(at: folder.url) }
    var uninterrupted = trainer(epochs: 6)
    _ = try uninterrupted.train(on: data())

    var first = trainer(epochs: 3)
    _ = try first.train(on: data(), checkpoints: folder)
    // A fresh process: new model and optimiser, everything else comes from the checkpoint.
    var resumed = trainer(epochs: 6)
    let found = try resumed.resume(from: folder)
    #expect(found)
    #expect(resumed.state.epochsCompleted == 3)
    let report = try resumed.train(on: data(), checkpoints: folder)
    #expect(report.outcome == .completed)
    #expect(resumed.model.parameters == uninterrupted.model.parameters)
    #expect(resumed.optimizer.state == uninterrupted.optimizer.state)
    #expect(resumed.state.generator == uninterrupted.state.generator)
    #expect(report.history.map(\.testLoss) == uninterrupted.state.history.map(\.testLoss))
    #expect(resumed.state.bestParameters == uninterrupted.state.bestParameters)
}

@Test func hugeLearningRateIsReportedAsDivergence() throws {
    var t = trainer(epochs: 10, learningRate: 1e6)
    let report = try t.train(on: data())
    guard case .diverged(let epoch, let reason) = report.outcome else {
        Issue.record("expected divergence, got \(report.outcome)")
        return
    }
    #expect(epoch == report.history.last!.epoch)
    #expect(report.history.count == epoch + 1)
    #expect(epoch < 3)
    #expect(!reason.isEmpty)
    // Training again does nothing: a diverged run stays diverged.
    let again = try t.train(on: data())
    #expect(again.history.count == report.history.count)
}

@Test func testLossAboveTheBoundIsDivergence() throws {
    var t = trainer(epochs: 3, divergenceBound: 1e-9)
    let report = try t.train(on: data())
    #expect(report.outcome.isDiverged)
    #expect(report.history.count == 1)
    #expect(report.history[0].testLoss.isFinite)
}

@Test func checkpointFileUsesPyTorchNamesAndShapes() throws {
    let folder = CheckpointFolder(temporaryFolder())
    defer { try? FileManager.default.removeItem(at: folder.url) }
    var t = trainer(epochs: 2)
    _ = try t.train(on: data(), checkpoints: folder)
    let file = try HDF5File.open(folder.file)
    defer { try? file.close() }
    let root = file.root
    #expect(try root.read("model/weight_ih_l0", as: Float.self).shape == [8, 1])
    #expect(try root.read("model/weight_hh_l0", as: Float.self).values == t.model.parameters[1].value.storage)
    #expect(try root.read("optimizer/exp_avg_sq/readout.weight", as: Float.self).shape == [1, 8])
    #expect(try root.group("optimizer").intAttribute("step") == 12)
    #expect(try root.read("history/test_loss", as: Double.self).values == t.state.history.map(\.testLoss))
    #expect(try root.stringAttribute("outcome") == "completed")
    #expect(try root.intAttribute("epochs_completed") == 2)
    let restored = try #require(try folder.load(Float.self))
    #expect(restored == t.checkpoint())
    // Only the final file remains; the temporary was renamed into place.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["checkpoint.h5"])
}

@Test func restoreRejectsAMismatchedModel() throws {
    let t = trainer(epochs: 1)
    var other = Trainer(model: ElmanRNN<Float>(activation: .relu, weightIH: Matrix(rows: 3, columns: 1), weightHH: Matrix(rows: 3, columns: 3),
                                               biasIH: [0, 0, 0], biasHH: [0, 0, 0], readoutWeight: Matrix(rows: 1, columns: 3), readoutBias: [0]),
                        optimizer: Adam<Float>(), configuration: t.configuration, generator: Generator(seed: 1))
    let snapshot = t.checkpoint()
    #expect(throws: CheckpointError.self) { try other.restore(snapshot) }
}

@Test func trainsAPLRNNOnEveryStepWithCrossEntropy() throws {
    // Every-step classification: the class is whether the current input is above 0.5.
    var g = Generator(seed: 3)
    func make(_ n: Int) -> Batch<Float> {
        let steps = 5
        var inputs = [Matrix<Float>](), targets = [Matrix<Float>]()
        for _ in 0..<steps {
            var x = Matrix<Float>(rows: n, columns: 1), y = Matrix<Float>(rows: n, columns: 1)
            for i in 0..<n { x[i, 0] = Float(g.uniform()); y[i, 0] = x[i, 0] > 0.5 ? 1 : 0 }
            inputs.append(x)
            targets.append(y)
        }
        return Batch(inputs: inputs, targets: targets)
    }
    let d = InMemoryData(train: make(128), test: make(64), batchSize: 16)
    var initGenerator = Generator(seed: 4)
    let model = PLRNN<Float>(inputSize: 1, hiddenSize: 6, outputSize: 2, generator: &initGenerator)
    var t = Trainer(model: model, optimizer: Adam<Float>(learningRate: 0.02),
                    configuration: TrainingConfiguration(epochs: 20, readout: .all, loss: .crossEntropy, metric: .argmaxAccuracy,
                                                         clipping: .norm(maximum: 10)),
                    generator: Generator(seed: 9))
    let before = t.evaluate(d.testBatches())
    let report = try t.train(on: d)
    #expect(report.outcome == .completed)
    #expect(report.history.last!.testLoss < before.loss)
    #expect(report.best.highestTestMetric > 0.8, "accuracy \(report.best.highestTestMetric)")
}
