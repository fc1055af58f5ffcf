import LinearAlgebra
import Models
import Randomness
import Testing

/// GRU: PyTorch layout, hand-computed steps, BPTT gradients.
struct GRUTests {
    static func model(seed: UInt64 = 11) -> GRU<Double> {
        var rng = Generator(seed: seed)
        return GRU(inputSize: 3, hiddenSize: 4, outputSize: 2, generator: &rng)
    }

    @Test func parameterNamesAndShapesFollowPyTorch() {
        let p = Self.model().parameters
        #expect(p.map(\.name) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "readout.weight", "readout.bias"])
        #expect(p.map { [$0.value.rows, $0.value.columns] } == [[12, 3], [12, 4], [12, 1], [12, 1], [2, 4], [2, 1]])
        #expect(p.allSatisfy { $0.value.storage.allSatisfy { abs($0) <= 0.5 } })
    }

    @Test func sameSeedSameParameters() {
        #expect(Self.model(seed: 3).parameters == Self.model(seed: 3).parameters)
        #expect(Self.model(seed: 3).parameters != Self.model(seed: 4).parameters)
    }

    /// Expected numbers computed from the PyTorch `nn.GRU` equations (numpy, outside this code base);
    /// the second step exercises r ⊙ (W_hn h + b_hn).
    @Test func twoStepsMatchPyTorchEquations() {
        var rng = Generator(seed: 1)
        var m = GRU<Double>(inputSize: 1, hiddenSize: 2, outputSize: 1, generator: &rng)
        m.weightIH = Matrix(rows: 6, columns: 1, storage: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6])
        m.weightHH = Matrix([[0.05, -0.1], [0.2, 0.15], [-0.3, 0.25], [0.1, 0.1], [0.4, -0.2], [-0.15, 0.35]])
        m.biasIH = Matrix(rows: 6, columns: 1, storage: (0..<6).map { 0.01 * Double($0) })
        m.biasHH = Matrix(rows: 6, columns: 1, storage: (0..<6).map { -0.02 * Double($0) + 0.03 })
        m.readoutWeight = Matrix([[0.3, -0.7]])
        m.readoutBias = Matrix(rows: 1, columns: 1, storage: [0.1])
        let (y, _) = m.forward([Matrix([[1.0]]), Matrix([[-0.5]])], readout: .all)
        #expect(abs(y[0][0, 0] - -0.11177318976532422) < 1e-14)
        #expect(abs(y[1][0, 0] - 0.12036931827695858) < 1e-14)
    }

    @Test(arguments: [ReadoutSteps.last, .all])
    func gradientsMatchFiniteDifferences(readout: ReadoutSteps) {
        var options = GradientCheckOptions()
        options.readout = readout
        expectGradientsMatch(Self.model(), options: options)
    }
}
