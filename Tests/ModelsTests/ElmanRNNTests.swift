import Foundation
import LinearAlgebra
import Models
import Randomness
import Testing

func makeElman(_ variant: ElmanVariant, inputs: Int = 2, hidden: Int = 5, outputs: Int = 3, seed: UInt64 = 21) -> ElmanRNN<Double> {
    var rng = Generator(seed: seed)
    return ElmanRNN<Double>(inputSize: inputs, hiddenSize: hidden, outputSize: outputs, variant: variant, generator: &rng)
}

func elmanKinkDistance(_ model: ElmanRNN<Double>, _ inputs: [Matrix<Double>]) -> Double {
    model.activation == .tanh ? .infinity : model.forward(inputs, readout: .all).tape.smallestPreactivation
}

/// A model whose `backward` is deliberately wrong in one entry: the gradient check must catch it.
struct MisdifferentiatedModel<Base: RecurrentModel>: RecurrentModel where Base.Scalar == Double {
    var base: Base
    var inputSize: Int { base.inputSize }
    var hiddenSize: Int { base.hiddenSize }
    var outputSize: Int { base.outputSize }
    var parameters: [Parameter<Double>] {
        get { base.parameters }
        set { base.parameters = newValue }
    }
    func forward(_ inputs: [Matrix<Double>], readout: ReadoutSteps) -> (outputs: [Matrix<Double>], tape: Base.Tape) {
        base.forward(inputs, readout: readout)
    }
    func backward(_ tape: Base.Tape, outputGradients: [Matrix<Double>]) -> [Matrix<Double>] {
        var g = base.backward(tape, outputGradients: outputGradients)
        g[1].storage[3] *= 1.0001
        return g
    }
}

@Suite("Elman RNN")
struct ElmanRNNTests {
    @Test("gradients match finite differences", arguments: [
        ElmanVariant.rnn, .tanhRNN, .iRNN, .npRNN, .oRNN, .l2RNN(tau: 0.5, effective: true),
    ])
    func gradientsMatch(_ variant: ElmanVariant) {
        // Jitter so that zero biases and identity recurrences are not special points.
        let model = jittered(makeElman(variant), scale: 0.2, seed: 4)
        for readout in [ReadoutSteps.last, .all] {
            var options = GradientCheckOptions()
            options.readout = readout
            let report = expectGradientsMatch(model, options: options, kinkDistance: elmanKinkDistance)
            #expect(report.checkedEntries == model.parameterCount)
        }
    }

    @Test("the gradient check catches a 1e-4 relative error in one entry")
    func gradientCheckCanFail() {
        let model = MisdifferentiatedModel(base: jittered(makeElman(.tanhRNN), scale: 0.2, seed: 4))
        let report = gradientCheck(model)
        #expect(report.worstRelativeError > 1e-5)
        #expect(report.worst?.parameter == "weight_hh_l0" && report.worst?.index == 3)
    }

    @Test("a hand-computed ReLU step and read-out")
    func handComputed() {
        let model = ElmanRNN<Double>(
            activation: .relu, weightIH: Matrix([[1], [-2]]), weightHH: Matrix([[0.5, 1], [0, 2]]),
            biasIH: [0.25, 0], biasHH: [0, 0.5], readoutWeight: Matrix([[1, -1]]), readoutBias: [0.125])
        let (y, tape) = model.forward([Matrix([[1]]), Matrix([[2]])], readout: .all)
        // h1 = relu((1 + 0.25, −2 + 0.5)) = (1.25, 0); h2 = relu((2 + 0.25 + 0.625, −4 + 0.5 + 0)) = (2.875, 0)
        #expect(Array(tape.h[2...]) == [1.25, 0, 2.875, 0])
        #expect(y == [Matrix([[1.375]]), Matrix([[3.0]])])
    }

    @Test("parameters carry PyTorch names")
    func names() {
        #expect(makeElman(.rnn).parameters.map(\.name)
                == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "readout.weight", "readout.bias"])
    }

    @Test("PyTorch default init is U(−1/√H, 1/√H) everywhere")
    func pytorchDefault() {
        let model = makeElman(.rnn, inputs: 30, hidden: 40, outputs: 20)
        let bound = 1 / 40.0.squareRoot()
        for p in model.parameters {
            #expect(p.value.storage.allSatisfy { abs($0) <= bound })
            #expect(p.value.storage.map(abs).max()! > 0.8 * bound)
        }
        // Uniform variance: bound²/3.
        #expect(abs(standardDeviation(model.weightIH.storage) / (bound / 3.0.squareRoot()) - 1) < 0.1)
    }

    @Test("iRNN: identity recurrence, zero biases, W_ih ~ N(0,1)/H")
    func identity() {
        let model = makeElman(.iRNN, inputs: 50, hidden: 40, outputs: 1)
        #expect(model.weightHH == Matrix.identity(40))
        #expect(model.parameters[2].value.storage.allSatisfy { $0 == 0 } && model.parameters[3].value.storage.allSatisfy { $0 == 0 })
        #expect(abs(standardDeviation(model.weightIH.storage) * 40 - 1) < 0.1)
    }

    @Test("npRNN: symmetric positive-definite recurrence with spectral radius exactly 1")
    func normalizedPositiveDefinite() throws {
        let m = 40, out = 10
        let model = makeElman(.npRNN, inputs: 50, hidden: m, outputs: out)
        let w = model.weightHH
        #expect(w == w.transposed)
        let eig = try symmetricEigen(w).values
        #expect(abs(eig.max()! - 1) < 1e-12)
        #expect(eig.min()! > 0)
        #expect(abs(try spectralRadius(w) - 1) < 1e-10)
        let alpha = 2.0.squareRoot() * exp(1.2 / 40 - 2.4)
        #expect(abs(standardDeviation(model.weightIH.storage) / (alpha / Double(m)) - 1) < 0.1)
        #expect(abs(standardDeviation(model.parameters[4].value.storage) / (2 / Double(m + out)) - 1) < 0.15)
    }

    @Test("oRNN: orthogonal recurrence, zero biases")
    func orthogonal() {
        let model = makeElman(.oRNN, hidden: 30)
        let w = model.weightHH
        let wtw = matmul(w, transposeA: true, w)
        let identity = Matrix<Double>.identity(30)
        #expect(zip(wtw.storage, identity.storage).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(model.parameters[2].value.storage.allSatisfy { $0 == 0 })
    }

    @Test("L2RNN: penalty off by default (as published), τ·Σw² when enabled")
    func l2() {
        #expect(makeElman(.l2RNN(tau: 0.5)).regularization().loss == 0)
        let model = makeElman(.l2RNN(tau: 0.5, effective: true))
        let expected = [0, 1, 4].reduce(0.0) { acc, p in acc + model.parameters[p].value.storage.reduce(0) { $0 + 0.5 * $1 * $1 } }
        #expect(abs(model.regularization().loss - expected) < 1e-12)
        #expect(model.regularization().gradients[2].storage.allSatisfy { $0 == 0 })
    }

    @Test("same seed gives bit-identical parameters", arguments: [ElmanVariant.rnn, .iRNN, .npRNN, .oRNN, .tanhRNN])
    func determinism(_ variant: ElmanVariant) {
        #expect(makeElman(variant, seed: 9).parameters == makeElman(variant, seed: 9).parameters)
        #expect(makeElman(variant, seed: 9).parameters != makeElman(variant, seed: 10).parameters)
    }
}
