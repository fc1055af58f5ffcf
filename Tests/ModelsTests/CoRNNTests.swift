import Foundation
import LinearAlgebra
import Models
import Randomness
import Testing

/// coRNN: reference-code layout and init, both damping variants, hyper-parameter gradients, Fig. 3 quantities.
struct CoRNNTests {
    static func model(
        seed: UInt64 = 5, damping: CoRNNDamping = .explicit, trainable: Bool = false
    ) -> CoRNN<Double> {
        var rng = Generator(seed: seed)
        return CoRNN(inputSize: 2, hiddenSize: 4, outputSize: 2, dt: 0.3, gamma: 1.7, epsilon: 2.1,
                     damping: damping, trainableHyperparameters: trainable, generator: &rng)
    }

    @Test func parameterNamesShapesAndInitialisationFollowReferenceCode() {
        let m = Self.model()
        #expect(m.parameters.map(\.name) == ["cell.i2h.weight", "cell.i2h.bias", "readout.weight", "readout.bias"])
        #expect(m.parameters.map { [$0.value.rows, $0.value.columns] } == [[4, 10], [4, 1], [2, 4], [2, 1]])
        let bound = 1 / 10.0.squareRoot()   // fan_in = n_inp + 2 n_hid
        #expect((m.weight.storage + m.bias.storage).allSatisfy { abs($0) <= bound })
        #expect(m.weight.storage.contains { abs($0) > 0.5 * bound })
        #expect(Self.model(trainable: true).parameters.suffix(3).map(\.name) == ["cell.dt", "cell.gamma", "cell.epsilon"])
    }

    @Test func sameSeedSameParameters() {
        #expect(Self.model(seed: 2).parameters == Self.model(seed: 2).parameters)
        #expect(Self.model(seed: 2).parameters != Self.model(seed: 3).parameters)
    }

    /// Scalar cell with i2h.weight = [V, 𝒲, W] = [0.5, −0.3, 0.8]: expected y from eq. (3), computed with
    /// numpy outside this code base. Checks the column blocks (u, z, y) and both damping variants.
    @Test(arguments: [(CoRNNDamping.explicit, [0.005370495669980352, 0.0031450336416737334, 0.00441296895459264]),
                      (CoRNNDamping.implicit, [0.005114757780933669, 0.0030148854642709473, 0.0042345197832874834])])
    func threeStepsMatchEquationThree(damping: CoRNNDamping, expected: [Double]) {
        var rng = Generator(seed: 1)
        var m = CoRNN<Double>(inputSize: 1, hiddenSize: 1, outputSize: 1, dt: 0.1, gamma: 2, epsilon: 0.5,
                              damping: damping, generator: &rng)
        m.weight = Matrix([[0.5, -0.3, 0.8]])
        m.bias = Matrix([[0.1]])
        m.readoutWeight = Matrix([[1]])
        m.readoutBias = Matrix([[0]])
        let y = m.forward([Matrix([[1.0]]), Matrix([[-2.0]]), Matrix([[0.5]])], readout: .all).outputs
        for t in 0..<3 { #expect(abs(y[t][0, 0] - expected[t]) < 1e-15) }
    }

    /// With zero weights the cell is a damped oscillator forced by tanh(b):
    /// z₁ = Δt tanh(b), y₁ = Δt z₁, z₂ = z₁ + Δt(tanh(b) − γ y₁ − ε z₁), y₂ = y₁ + Δt z₂.
    @Test func zeroWeightsGiveForcedDampedOscillator() {
        var m = Self.model()
        m.weight = Matrix(rows: 4, columns: 10)
        m.bias = Matrix(rows: 4, columns: 1, storage: [0.3, -0.2, 0, 1.5])
        m.readoutWeight = Matrix(rows: 2, columns: 4, storage: [1, 0, 0, 0, 0, 0, 0, 1])
        m.readoutBias = Matrix(rows: 2, columns: 1)
        let x = [Matrix<Double>(rows: 1, columns: 2, storage: [3, -1]), Matrix(rows: 1, columns: 2, storage: [-2, 5])]
        let y = m.forward(x, readout: .all).outputs
        for (unit, column) in [(0, 0), (3, 1)] {
            let f = tanh(m.bias.storage[unit]), h = 0.3, g = 1.7, e = 2.1
            let z1 = h * f, y1 = h * z1
            let z2 = z1 + h * (f - g * y1 - e * z1), y2 = y1 + h * z2
            #expect(abs(y[0][0, column] - y1) < 1e-15)
            #expect(abs(y[1][0, column] - y2) < 1e-15)
        }
    }

    @Test func assumptionEightUsesMaxRowSumsOfTheYAndZBlocks() {
        var rng = Generator(seed: 1)
        var m = CoRNN<Double>(inputSize: 1, hiddenSize: 2, outputSize: 1, dt: 0.25, gamma: 1, epsilon: 1, generator: &rng)
        //                  V     𝒲 (z)        W (y)
        m.weight = Matrix([[9.0, 0.5, -0.5, 1.0, -2.0],
                           [-9.0, 0.1, 0.2, 0.5, 0.5]])
        let (qy, qz) = m.assumptionEightQuantities()
        #expect(abs(qy - 0.25 * (1 + 3) / 1.25) < 1e-15)
        #expect(abs(qz - 0.25 * 1.0 / 1.25) < 1e-15)
    }

    @Test(arguments: [ReadoutSteps.last, .all], [false, true])
    func gradientsMatchFiniteDifferences(readout: ReadoutSteps, trainable: Bool) {
        for damping in CoRNNDamping.allCases {
            var options = GradientCheckOptions()
            options.readout = readout
            options.steps = 6
            expectGradientsMatch(Self.model(damping: damping, trainable: trainable), options: options)
        }
    }
}
