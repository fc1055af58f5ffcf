import Foundation
import LinearAlgebra
import Models
import Randomness
import Testing

/// expRNN: Henaff init, orthogonal exp(A), modReLU steps, exact gradient through the matrix exponential.
struct ExpRNNTests {
    static func model(seed: UInt64 = 19, hidden: Int = 5) -> ExpRNN<Double> {
        var rng = Generator(seed: seed)
        var m = ExpRNN<Double>(inputSize: 3, hiddenSize: hidden, outputSize: 2, generator: &rng)
        // Move off the Henaff block structure so every entry of A (and of its gradient) is exercised.
        for i in 0..<hidden { for j in 0..<hidden { m.logRecurrentKernel[i, j] += 0.3 * rng.normal() } }
        m.modReLUBias = Matrix(rows: hidden, columns: 1, storage: (0..<hidden).map { _ in 0.3 * rng.normal() })
        return m
    }

    /// Smallest distance of any modReLU argument from a kink (z = 0 or |z| + b = 0).
    static func kinkDistance(_ m: ExpRNN<Double>, _ inputs: [Matrix<Double>]) -> Double {
        let pre = m.forward(inputs, readout: .all).tape.preActivations
        var d = Double.infinity
        for z in pre {
            for b in 0..<z.rows {
                for j in 0..<z.columns { d = min(d, abs(z[b, j]), abs(abs(z[b, j]) + m.modReLUBias[j, 0])) }
            }
        }
        return d
    }

    @Test func namesShapesAndHenaffInitialisation() {
        var rng = Generator(seed: 4)
        let m = ExpRNN<Double>(inputSize: 3, hiddenSize: 5, outputSize: 2, generator: &rng)
        #expect(m.parameters.map(\.name) == ["log_recurrent_kernel", "input_kernel.weight", "nonlinearity.b", "readout.weight", "readout.bias"])
        #expect(m.parameters.map { [$0.value.rows, $0.value.columns] } == [[5, 5], [5, 3], [5, 1], [2, 5], [2, 1]])
        for i in 0..<5 {
            for j in 0..<5 {
                let inBlock = (i / 2 == j / 2) && i != j && i < 4 && j < 4
                #expect(inBlock ? abs(m.logRecurrentKernel[i, j]) <= Double.pi : m.logRecurrentKernel[i, j] == 0)
                #expect(m.logRecurrentKernel[i, j] == -m.logRecurrentKernel[j, i])
            }
        }
        #expect(m.modReLUBias.storage.allSatisfy { abs($0) <= 0.01 })
    }

    @Test func sameSeedSameParameters() {
        var a = Generator(seed: 2), b = Generator(seed: 2), c = Generator(seed: 3)
        let pa = ExpRNN<Double>(inputSize: 2, hiddenSize: 4, outputSize: 1, generator: &a).parameters
        #expect(pa == ExpRNN<Double>(inputSize: 2, hiddenSize: 4, outputSize: 1, generator: &b).parameters)
        #expect(pa != ExpRNN<Double>(inputSize: 2, hiddenSize: 4, outputSize: 1, generator: &c).parameters)
    }

    @Test func recurrentKernelIsOrthogonal() {
        let b = Self.model(hidden: 7).recurrentKernel
        let btb = matmul(b, transposeA: true, b)
        for i in 0..<7 { for j in 0..<7 { #expect(abs(btb[i, j] - (i == j ? 1 : 0)) < 1e-12) } }
        #expect(!b.storage.allSatisfy { $0 == 0 || $0 == 1 })
    }

    /// Two steps with A = [[0, θ], [−θ, 0]] ⇒ B = [[cos θ, sin θ], [−sin θ, cos θ]], row-vector update
    /// h ← modReLU(x Wᵀ + h B).
    @Test func twoStepsMatchModReLUUpdate() {
        var rng = Generator(seed: 1)
        var m = ExpRNN<Double>(inputSize: 1, hiddenSize: 2, outputSize: 2, generator: &rng)
        let theta = 0.7
        m.logRecurrentKernel = Matrix([[0, theta], [5, 0]])   // lower triangle is ignored
        m.inputKernel = Matrix([[1.0], [-2.0]])
        m.modReLUBias = Matrix([[-0.4], [0.1]])
        m.readoutWeight = Matrix.identity(2)
        m.readoutBias = Matrix(rows: 2, columns: 1)
        func modReLU(_ z: Double, _ b: Double) -> Double { max(abs(z) + b, 0) * (z > 0 ? 1 : (z < 0 ? -1 : 0)) }
        let h1 = [modReLU(0.9, -0.4), modReLU(-1.8, 0.1)]
        let z2 = [-0.3 + h1[0] * cos(theta) - h1[1] * sin(theta), 0.6 + h1[0] * sin(theta) + h1[1] * cos(theta)]
        let h2 = [modReLU(z2[0], -0.4), modReLU(z2[1], 0.1)]
        let y = m.forward([Matrix([[0.9]]), Matrix([[-0.3]])], readout: .all).outputs
        for j in 0..<2 {
            #expect(abs(y[0][0, j] - h1[j]) < 1e-14)
            #expect(abs(y[1][0, j] - h2[j]) < 1e-14)
        }
    }

    /// ⟨G, d exp(A)[E]⟩ from central differences equals ⟨L(Aᵀ, G), E⟩.
    @Test func adjointFrechetDerivativeMatchesFiniteDifferences() throws {
        var rng = Generator(seed: 8)
        let n = 6
        let a = Matrix<Double>(rows: n, columns: n, storage: (0..<(n * n)).map { _ in rng.normal() })
        let g = Matrix<Double>(rows: n, columns: n, storage: (0..<(n * n)).map { _ in rng.normal() })
        let e = Matrix<Double>(rows: n, columns: n, storage: (0..<(n * n)).map { _ in rng.normal() })
        let adjoint = ExpRNN<Double>.expAdjointDerivative(at: a, direction: g)
        let h = 1e-5
        var plus = a, minus = a
        for i in plus.storage.indices { plus.storage[i] += h * e.storage[i]; minus.storage[i] -= h * e.storage[i] }
        let ep = try expm(plus), em = try expm(minus)
        let numeric = zip(g.storage, zip(ep.storage, em.storage)).reduce(0.0) { $0 + $1.0 * ($1.1.0 - $1.1.1) / (2 * h) }
        let analytic = zip(adjoint.storage, e.storage).reduce(0.0) { $0 + $1.0 * $1.1 }
        #expect(abs(numeric - analytic) / abs(analytic) < 1e-7)
    }

    @Test(arguments: [ReadoutSteps.last, .all])
    func gradientsMatchFiniteDifferences(readout: ReadoutSteps) {
        var options = GradientCheckOptions()
        options.readout = readout
        let report = expectGradientsMatch(Self.model(), options: options, kinkDistance: Self.kinkDistance)
        #expect(report.checkedEntries == 25 + 15 + 5 + 10 + 2)
    }
}
