import LinearAlgebra
import Models
import Randomness
import Testing

/// LSTM: PyTorch layout, reg-PLRNN forget-gate init, hand-computed steps, BPTT gradients.
struct LSTMTests {
    static func model(seed: UInt64 = 7, forgetGateBias: Double? = 0.5) -> LSTM<Double> {
        var rng = Generator(seed: seed)
        return LSTM(inputSize: 3, hiddenSize: 4, outputSize: 2, forgetGateBias: forgetGateBias, generator: &rng)
    }

    @Test func parameterNamesAndShapesFollowPyTorch() {
        let p = Self.model().parameters
        #expect(p.map(\.name) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "readout.weight", "readout.bias"])
        #expect(p.map { [$0.value.rows, $0.value.columns] } == [[16, 3], [16, 4], [16, 1], [16, 1], [2, 4], [2, 1]])
    }

    @Test func forgetGateSliceIsHalfInBothBiasVectors() {
        let m = Self.model()
        for j in 4..<8 {
            #expect(m.biasIH.storage[j] == 0.5)
            #expect(m.biasHH.storage[j] == 0.5)
        }
        // Everything else keeps PyTorch's U(−1/√M, 1/√M).
        let others = Array(m.biasIH.storage[0..<4]) + Array(m.biasIH.storage[8..<16]) + m.weightHH.storage
        #expect(others.allSatisfy { abs($0) <= 0.5 })
        #expect(others.contains { $0 != 0.5 })
        #expect(!Self.model(forgetGateBias: nil).biasIH.storage[4..<8].allSatisfy { $0 == 0.5 })
    }

    @Test func sameSeedSameParameters() {
        #expect(Self.model(seed: 3).parameters == Self.model(seed: 3).parameters)
        #expect(Self.model(seed: 3).parameters != Self.model(seed: 4).parameters)
    }

    /// Expected numbers computed from the PyTorch `nn.LSTM` equations (numpy, outside this code base).
    @Test func twoStepsMatchPyTorchEquations() {
        var rng = Generator(seed: 1)
        var m = LSTM<Double>(inputSize: 1, hiddenSize: 2, outputSize: 1, generator: &rng)
        m.weightIH = Matrix(rows: 8, columns: 1, storage: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8])
        m.weightHH = Matrix([[0.05, -0.1], [0.2, 0.15], [-0.3, 0.25], [0.1, 0.1], [0.4, -0.2], [-0.15, 0.35], [0.05, 0.3], [-0.25, -0.05]])
        m.biasIH = Matrix(rows: 8, columns: 1, storage: (0..<8).map { 0.01 * Double($0) })
        m.biasHH = Matrix(rows: 8, columns: 1, storage: (0..<8).map { -0.02 * Double($0) + 0.03 })
        m.readoutWeight = Matrix([[0.3, -0.7]])
        m.readoutBias = Matrix(rows: 1, columns: 1, storage: [0.1])
        let (y, _) = m.forward([Matrix([[1.0]]), Matrix([[-0.5]])], readout: .all)
        #expect(abs(y[0][0, 0] - 0.002070355027570525) < 1e-14)
        #expect(abs(y[1][0, 0] - 0.10832702772226875) < 1e-14)
    }

    @Test(arguments: [ReadoutSteps.last, .all])
    func gradientsMatchFiniteDifferences(readout: ReadoutSteps) {
        var options = GradientCheckOptions()
        options.readout = readout
        expectGradientsMatch(Self.model(), options: options)
    }

    @Test func floatAndDoubleAgree() {
        let d = Self.model()
        var rng = Generator(seed: 9)
        var f = LSTM<Float>(inputSize: 3, hiddenSize: 4, outputSize: 2, generator: &rng)
        f.parameters = d.parameters.map { Parameter($0.name, $0.value.converted(to: Float.self)) }
        let x = (0..<6).map { t in Matrix<Double>(rows: 2, columns: 3, storage: (0..<6).map { Double($0 + t) * 0.1 - 0.3 }) }
        let yd = d.forward(x, readout: .last).outputs[0]
        let yf = f.forward(x.map { $0.converted(to: Float.self) }, readout: .last).outputs[0]
        for i in yd.storage.indices { #expect(abs(yd.storage[i] - Double(yf.storage[i])) < 1e-5) }
    }
}
