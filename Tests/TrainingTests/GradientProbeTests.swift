import Foundation
import HDF5
import LinearAlgebra
import Models
import Randomness
import Testing
@testable import Training

private func temporaryFile() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("gradient-probe-\(UUID().uuidString).h5")
}

@Test func probeFileHoldsWhatTheModelComputes() throws {
    var settings = GradientProbeSettings(model: .cornn, hiddenSize: 5, steps: 7, batchSize: 3, seed: 4, loss: .mseAll)
    settings.damping = .implicit
    settings.trainableHyperparameters = true
    let probe = GradientProbe<Double>(settings: settings)
    let url = temporaryFile()
    defer { try? FileManager.default.removeItem(at: url) }
    try probe.write(to: url)

    // The same model, built independently from the probe's documented seed stream.
    var g = Generator(seed: 4).child("model")
    let model = CoRNN<Double>(inputSize: 2, hiddenSize: 5, outputSize: 2, dt: 5.3e-2, gamma: 1.7, epsilon: 4,
                              damping: .implicit, trainableHyperparameters: true, generator: &g)
    let (outputs, tape) = model.forward(probe.batch.inputs, readout: .all)
    let (loss, outputGradients) = Loss.meanSquaredError.evaluate(outputs: outputs, targets: probe.batch.targets)
    let gradients = model.backward(tape, outputGradients: outputGradients)

    let contents = try GradientProbe<Double>.read(from: url)
    #expect(contents.model == "cornn")
    #expect(contents.parameters == model.parameters)
    #expect(contents.parameters.map(\.name).suffix(3) == ["cell.dt", "cell.gamma", "cell.epsilon"])
    #expect(contents.gradients.map(\.value) == gradients)
    #expect(contents.loss == loss)
    #expect(contents.regularization == 0)
    #expect(contents.inputs.shape == [7, 3, 2])
    #expect(contents.targets.shape == [7, 3, 2])
    #expect(contents.inputs.values == probe.batch.inputs.flatMap(\.storage))

    let file = try HDF5File.open(url)
    defer { try? file.close() }
    #expect(try file.root.stringAttribute("damping") == "implicit")
    #expect(try file.root.doubleAttribute("gamma") == 1.7)
    #expect(try file.root.stringAttribute("readout") == "all")
    #expect(try file.root.stringAttribute("loss") == "mse")
}

@Test func regularisedProbeAddsPenaltyAndAgreesWithFiniteDifferences() throws {
    var settings = GradientProbeSettings(model: .rplrnn, hiddenSize: 4, steps: 5, batchSize: 2, seed: 9, loss: .crossEntropy)
    // At initialisation the regularised units sit exactly where the penalty vanishes; move them off it.
    settings.perturbation = 0.1
    let probe = GradientProbe<Double>(settings: settings)
    #expect(probe.regularization > 0)
    #expect(probe.hyperparameters["regularizer_units"] == .int(2))
    #expect(probe.hyperparameters["regularizer_tau_a"] == .double(5))

    // Central differences of the probe's objective (data loss + penalty) for a few entries of every parameter.
    var g = Generator(seed: 9).child("model")
    var model = PLRNN<Double>(inputSize: 3, hiddenSize: 4, outputSize: 4, variant: .rPLRNN(tau: 5, fraction: 0.5), generator: &g)
    #expect(model.parameters.map(\.name) == probe.parameters.map(\.name))
    model.parameters = probe.parameters
    func objective(_ m: PLRNN<Double>) -> Double {
        let r = GradientProbe<Double>.evaluate(m, probe.batch, .crossEntropy)
        return r.dataLoss + r.regularization
    }
    let h = 1e-6
    for p in model.parameters.indices {
        for i in Array(model.parameters[p].value.storage.indices.prefix(3)) {
            let original = model.parameters[p].value.storage[i]
            model.parameters[p].value.storage[i] = original + h
            let up = objective(model)
            model.parameters[p].value.storage[i] = original - h
            let down = objective(model)
            model.parameters[p].value.storage[i] = original
            let numeric = (up - down) / (2 * h)
            #expect(abs(numeric - probe.gradients[p].storage[i]) < 1e-6, "\(model.parameters[p].name)[\(i)]")
        }
    }
}

@Test func floatProbeRefusesToReadAsDouble() throws {
    let probe = GradientProbe<Float>(settings: GradientProbeSettings(model: .gru, loss: .bce))
    let url = temporaryFile()
    defer { try? FileManager.default.removeItem(at: url) }
    try probe.write(to: url)
    #expect(throws: CheckpointError.self) { _ = try GradientProbe<Double>.read(from: url) }
    let contents = try GradientProbe<Float>.read(from: url)
    #expect(contents.gradients.map(\.name) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "readout.weight", "readout.bias"])
    #expect(contents.targets.values.allSatisfy { $0 == 0 || $0 == 1 })
}

@Test(arguments: ProbeModelKind.allCases)
func everyModelKindGivesFiniteGradients(kind: ProbeModelKind) {
    let probe = GradientProbe<Double>(settings: GradientProbeSettings(model: kind, hiddenSize: 4, steps: 4, batchSize: 2))
    #expect(probe.loss.isFinite)
    #expect(probe.gradients.count == probe.parameters.count)
    #expect(probe.gradients.allSatisfy { $0.storage.allSatisfy(\.isFinite) })
    #expect(probe.gradients.contains { $0.storage.contains { $0 != 0 } })
}
