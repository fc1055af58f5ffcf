import Foundation
import LinearAlgebra
import Models
import Randomness
import Testing

/// Antisymmetric RNN: the Euler step with W − Wᵀ − γI, BPTT gradients.
struct AntisymmetricRNNTests {
    static func model(seed: UInt64 = 17) -> AntisymmetricRNN<Double> {
        var rng = Generator(seed: seed)
        return AntisymmetricRNN(inputSize: 3, hiddenSize: 4, outputSize: 2, step: 0.3, diffusion: 0.2, generator: &rng)
    }

    @Test func namesAndShapes() {
        let p = Self.model().parameters
        #expect(p.map(\.name) == ["W", "V", "b", "readout.weight", "readout.bias"])
        #expect(p.map { [$0.value.rows, $0.value.columns] } == [[4, 4], [4, 3], [4, 1], [2, 4], [2, 1]])
    }

    @Test func sameSeedSameParameters() {
        #expect(Self.model(seed: 2).parameters == Self.model(seed: 2).parameters)
        #expect(Self.model(seed: 2).parameters != Self.model(seed: 3).parameters)
    }

    /// Two steps written out in column-vector form: h₁ = ϵ tanh(V x₁ + b), h₂ = h₁ + ϵ tanh((W − Wᵀ − γI) h₁ + V x₂ + b).
    @Test func twoStepsMatchTheEulerStep() {
        var m = Self.model()
        let k = 3, n = 4, e = 0.3, g = 0.2
        m.readoutWeight = Matrix(rows: 2, columns: 4, storage: [1, 0, 0, 0, 0, 0, 1, 0])
        m.readoutBias = Matrix(rows: 2, columns: 1)
        let x1 = [0.5, -1.0, 2.0], x2 = [-0.3, 0.8, 0.1]
        let y = m.forward([Matrix(rows: 1, columns: k, storage: x1), Matrix(rows: 1, columns: k, storage: x2)], readout: .all).outputs
        func affine(_ h: [Double], _ x: [Double]) -> [Double] {
            (0..<n).map { i in
                var a = m.b[i, 0]
                for j in 0..<k { a += m.v[i, j] * x[j] }
                for j in 0..<n { a += (m.w[i, j] - m.w[j, i] - (i == j ? g : 0)) * h[j] }
                return a
            }
        }
        let h1 = affine([0, 0, 0, 0], x1).map { e * tanh($0) }
        let h2 = zip(h1, affine(h1, x2)).map { $0 + e * tanh($1) }
        #expect(abs(y[0][0, 0] - h1[0]) < 1e-15 && abs(y[0][0, 1] - h1[2]) < 1e-15)
        #expect(abs(y[1][0, 0] - h2[0]) < 1e-15 && abs(y[1][0, 1] - h2[2]) < 1e-15)
    }

    @Test(arguments: [ReadoutSteps.last, .all])
    func gradientsMatchFiniteDifferences(readout: ReadoutSteps) {
        var options = GradientCheckOptions()
        options.readout = readout
        expectGradientsMatch(Self.model(), options: options)
    }
}
