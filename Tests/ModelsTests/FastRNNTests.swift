import Foundation
import LinearAlgebra
import Models
import Randomness
import Testing

/// FastRNN: EdgeML layout and init, the gated residual update, BPTT gradients (incl. α, β).
struct FastRNNTests {
    static func model(seed: UInt64 = 13) -> FastRNN<Double> {
        var rng = Generator(seed: seed)
        return FastRNN(inputSize: 3, hiddenSize: 4, outputSize: 2, generator: &rng)
    }

    @Test func edgeMLNamesShapesAndInitialisation() {
        let m = Self.model()
        #expect(m.parameters.map(\.name) == ["W", "U", "bias_update", "alpha", "beta", "readout.weight", "readout.bias"])
        #expect(m.parameters.map { [$0.value.rows, $0.value.columns] } == [[3, 4], [4, 4], [1, 4], [1, 1], [1, 1], [2, 4], [2, 1]])
        #expect(m.alpha == -3 && m.beta == 3)
        #expect(m.biasUpdate.storage.allSatisfy { $0 == 1 })
        #expect(m.u.storage.allSatisfy { abs($0) < 0.6 } && m.u.storage.contains { abs($0) > 0.01 })
    }

    @Test func sameSeedSameParameters() {
        #expect(Self.model(seed: 2).parameters == Self.model(seed: 2).parameters)
        #expect(Self.model(seed: 2).parameters != Self.model(seed: 3).parameters)
    }

    /// Two steps written out from h̃ = tanh(xW + hU + b), h = σ(β)h + σ(α)h̃ (scalar cell).
    @Test func twoStepsMatchTheUpdate() {
        var rng = Generator(seed: 1)
        var s = FastRNN<Double>(inputSize: 1, hiddenSize: 1, outputSize: 1, generator: &rng)
        s.parameters = scalarParameters()
        let y = s.forward([Matrix([[1.5]]), Matrix([[-0.5]])], readout: .all).outputs
        let sig = { (v: Double) in 1 / (1 + exp(-v)) }
        let h1 = sig(0.5) * tanh(0.7 * 1.5 + 0.2)
        let h2 = sig(-1.0) * h1 + sig(0.5) * tanh(0.7 * -0.5 - 0.4 * h1 + 0.2)
        #expect(abs(y[0][0, 0] - h1) < 1e-15)
        #expect(abs(y[1][0, 0] - h2) < 1e-15)
    }

    private func scalarParameters() -> [Parameter<Double>] {
        [Parameter("W", Matrix([[0.7]])), Parameter("U", Matrix([[-0.4]])), Parameter("bias_update", Matrix([[0.2]])),
         Parameter("alpha", Matrix([[0.5]])), Parameter("beta", Matrix([[-1.0]])),
         Parameter("readout.weight", Matrix([[1.0]])), Parameter("readout.bias", Matrix([[0.0]]))]
    }

    @Test(arguments: [ReadoutSteps.last, .all])
    func gradientsMatchFiniteDifferences(readout: ReadoutSteps) {
        var m = Self.model()
        m.alpha = 0.3   // away from the saturated init so α's gradient is not tiny
        var options = GradientCheckOptions()
        options.readout = readout
        expectGradientsMatch(m, options: options)
        expectGradientsMatch(Self.model(), options: options)
    }
}
