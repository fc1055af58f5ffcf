import Foundation
import LinearAlgebra
import Models
import Randomness
import Testing

/// Adds N(0, scale²) noise to every parameter, so structured inits (A = 1, W = 0, …) do not hide errors.
func jittered<M: RecurrentModel>(_ model: M, scale: Double, seed: UInt64) -> M where M.Scalar == Double {
    var rng = Generator(seed: seed)
    var copy = model
    for p in copy.parameters.indices {
        for i in copy.parameters[p].value.storage.indices {
            copy.parameters[p].value.storage[i] += scale * rng.normal()
        }
    }
    return copy
}

/// Smallest |ReLU argument| over the whole run: the PLRNN's kink distance for the gradient check.
func plrnnKinkDistance(_ model: PLRNN<Double>, _ inputs: [Matrix<Double>]) -> Double {
    model.forward(inputs, readout: .all).tape.smallestReLUArgument
}

func makePLRNN(_ variant: PLRNNVariant, inputs: Int = 2, hidden: Int = 5, outputs: Int = 3, seed: UInt64 = 11) -> PLRNN<Double> {
    var rng = Generator(seed: seed)
    return PLRNN<Double>(inputSize: inputs, hiddenSize: hidden, outputSize: outputs, variant: variant, generator: &rng)
}

@Suite("PLRNN")
struct PLRNNTests {
    @Test("a hand-computed two-unit PLRNN matches exactly, ignoring W's diagonal")
    func handComputedForward() {
        // A = diag(0.5, 1), W_off = [[0, 2], [−1, 0]] (stored diagonal 7 and 9 must be ignored),
        // h = (0.25, −0.5), C = I, B = (1 2), μ0 = (1, −1).
        let model = PLRNN<Double>(
            a: [0.5, 1], w: Matrix([[7, 2], [-1, 9]]), h: [0.25, -0.5],
            c: Matrix([[1, 0], [0, 1]]), b: Matrix([[1, 2]]), mu0: [1, -1])
        let inputs = [Matrix<Double>([[0.5, 2]]), Matrix([[0, 0]])]
        let (outputs, tape) = model.forward(inputs, readout: .all)
        // z1 = (0.5·1 + 0 + 0.25 + 0.5, 1·(−1) − 1·relu(1) − 0.5 + 2) = (1.25, −0.5)
        #expect(tape.state(1) == Matrix([[1.25, -0.5]]))
        // z2 = (0.5·1.25 + 2·relu(−0.5) + 0.25, −0.5 − 1.25 − 0.5) = (0.875, −2.25)
        #expect(tape.state(2) == Matrix([[0.875, -2.25]]))
        #expect(outputs == [Matrix([[0.25]]), Matrix([[-3.625]])])
        #expect(model.forward(inputs, readout: .last).outputs == [Matrix([[-3.625]])])
    }

    @Test("gradients match finite differences", arguments: [
        ("PLRNN", PLRNNVariant.plrnn),
        ("iPLRNN", .iPLRNN),
        ("rPLRNN means", .rPLRNN(tau: 5, fraction: 0.5, reduction: .mean)),
        ("rPLRNN sums", .rPLRNN(tau: 5, fraction: 0.5, reduction: .sum)),
        ("L2fPLRNN", .l2fPLRNN(tau: 3)),
        ("L2pPLRNN", .l2pPLRNN(tau: 3, fraction: 0.4)),
    ])
    func gradientsMatch(_ label: String, _ variant: PLRNNVariant) {
        let model = jittered(makePLRNN(variant), scale: 0.3, seed: 5)
        for readout in [ReadoutSteps.last, .all] {
            var options = GradientCheckOptions()
            options.readout = readout
            let report = expectGradientsMatch(model, options: options, kinkDistance: plrnnKinkDistance)
            #expect(report.checkedEntries == model.parameterCount, "\(label)")
        }
    }

    @Test("W's diagonal gets no loss gradient")
    func diagonalOfWIsInert() {
        let model = jittered(makePLRNN(.plrnn), scale: 0.3, seed: 9)
        let inputs = (0..<4).map { t in Matrix<Double>(rows: 2, columns: 2, storage: [0.3, -1, 0.7, Double(t)]) }
        let (outputs, tape) = model.forward(inputs, readout: .all)
        let grads = model.backward(tape, outputGradients: outputs)
        let w = model.parameters.firstIndex { $0.name == "W.weight" }!
        #expect(grads[w].diagonalElements.allSatisfy { $0 == 0 })
        #expect(grads[w].storage.contains { $0 != 0 })
    }

    @Test("parameters carry the reference PyTorch names and shapes")
    func names() {
        let model = makePLRNN(.plrnn, inputs: 2, hidden: 5, outputs: 3)
        #expect(model.parameters.map(\.name) == ["A.weight", "B.weight", "W.weight", "W.bias", "CLinear.weight", "mu0"])
        #expect(model.parameters.map { [$0.value.rows, $0.value.columns] } == [[5, 1], [3, 5], [5, 5], [5, 1], [5, 2], [5, 1]])
    }

    @Test("random init follows generate_random_params")
    func randomInitialisation() throws {
        let m = 40, nin = 60, out = 50
        for seed in UInt64(1)...5 {
            var rng = Generator(seed: seed)
            let model = PLRNN<Double>(inputSize: nin, hiddenSize: m, outputSize: out, variant: .plrnn, generator: &rng)
            #expect(model.parameters[2].value.diagonalElements.allSatisfy { $0 == 0 })
            var aw = model.w
            for i in 0..<m { aw[i, i] = model.a[i] }
            #expect(try spectralRadius(aw) <= 1)
            #expect(model.mu0.allSatisfy { $0 >= 0 && $0 < 1 })
            #expect(model.mu0.contains { $0 > 0.5 } && model.mu0.contains { $0 < 0.5 })
            let expectedC = 2.0.squareRoot() * exp(1.2 / 40 - 2.4) / Double(m).squareRoot()
            #expect(abs(standardDeviation(model.c.storage) / expectedC - 1) < 0.1)
            #expect(abs(standardDeviation(model.b.storage) * Double(m).squareRoot() - 1) < 0.1)
        }
    }

    @Test("rPLRNN: first int(M·fraction) units are line-attractor units, the rest random")
    func rPLRNNStructure() {
        let m = 40
        let model = makePLRNN(.rPLRNN(tau: 5, fraction: 0.5), inputs: 2, hidden: m, outputs: 1)
        let w = model.parameters[2].value
        for i in 0..<20 {
            #expect(model.a[i] == 1 && model.h[i] == 0)
            #expect(w.row(i).allSatisfy { $0 == 0 })
        }
        #expect(model.a[20...].allSatisfy { $0 != 1 })
        #expect(model.h[20...].allSatisfy { $0 != 0 })
        #expect((20..<m).allSatisfy { i in w.row(i).filter { $0 != 0 }.count == m - 1 })
        #expect(model.regularizer == PLRNNRegularization(penalty: .lineAttractor, units: 20, tau: 5))
        // int() truncates: 0.5·41 → 20 units.
        #expect(makePLRNN(.rPLRNN(tau: 5, fraction: 0.5), hidden: 41).regularizer?.units == 20)
    }

    @Test("iPLRNN starts at A = I, W = 0, h = 0; L2fPLRNN at A = 0")
    func identityAndL2Structure() {
        let i = makePLRNN(.iPLRNN, hidden: 8)
        #expect(i.a == Array(repeating: 1, count: 8))
        #expect(i.parameters[2].value.storage.allSatisfy { $0 == 0 })
        #expect(i.h.allSatisfy { $0 == 0 })
        #expect(i.regularizer == nil)
        let l2 = makePLRNN(.l2fPLRNN(tau: 1), hidden: 8)
        #expect(l2.a.allSatisfy { $0 == 0 })
        #expect(l2.regularizer?.penalty == .quarticDecay && l2.regularizer?.units == 8)
        let l2p = makePLRNN(.l2pPLRNN(tau: 1, fraction: 0.5), hidden: 8)
        #expect(l2p.a[..<4].allSatisfy { $0 == 0 } && l2p.a[4...].allSatisfy { $0 != 0 })
    }

    @Test("same seed gives bit-identical parameters; another seed does not")
    func determinism() {
        for variant in [PLRNNVariant.plrnn, .iPLRNN, .rPLRNN(tau: 5, fraction: 0.5)] {
            let x = makePLRNN(variant, hidden: 12, seed: 3), y = makePLRNN(variant, hidden: 12, seed: 3)
            #expect(x.parameters == y.parameters)
            #expect(x.parameters != makePLRNN(variant, hidden: 12, seed: 4).parameters)
        }
        var r1 = Generator(seed: 3), r2 = Generator(seed: 3)
        let f = PLRNN<Float>(inputSize: 2, hiddenSize: 12, outputSize: 1, generator: &r1)
        let d = PLRNN<Double>(inputSize: 2, hiddenSize: 12, outputSize: 1, generator: &r2)
        #expect(f.parameters.map(\.value) == d.parameters.map { $0.value.converted(to: Float.self) })
    }

    @Test("the rPLRNN regulariser uses means by default and eq. 4 sums as an option")
    func regulariserValues() {
        // M = 3, 2 regularised units; A = (0, 3, 5), h = (1, 2, 7), W rows 0–1 = (9, 1, 2), (3, 9, 4).
        let w = Matrix<Double>([[9, 1, 2], [3, 9, 4], [5, 5, 5]])
        var model = PLRNN<Double>(a: [0, 3, 5], w: w, h: [1, 2, 7], c: Matrix(rows: 3, columns: 1),
                                  b: Matrix(rows: 1, columns: 3), mu0: [0, 0, 0])
        #expect(model.regularization().loss == 0)
        model.regularizer = PLRNNRegularization(penalty: .lineAttractor, units: 2, tauA: 1, tauW: 10, tauH: 100)
        // means: ((0−1)² + (3−1)²)/2 + 10·(81+1+4+9+81+16)/6 + 100·(1+4)/2
        let mean = 2.5 + 10 * 192 / 6 + 250
        #expect(abs(model.regularization().loss - mean) < 1e-12)
        model.regularizer?.reduction = .sum
        // sums, W over j ≠ i: 5 + 10·(1+4+9+16) + 100·5
        #expect(abs(model.regularization().loss - (5 + 300 + 500)) < 1e-12)
        let g = model.regularization().gradients
        #expect(g[0].storage == [-2, 4, 0])
        #expect(g[2].storage == [0, 20, 40, 60, 0, 80, 0, 0, 0])
        #expect(g[3].storage == [200, 400, 0])
    }

    @Test("Float and Double forward passes agree")
    func floatMatchesDouble() {
        var r1 = Generator(seed: 8), r2 = Generator(seed: 8)
        let f = PLRNN<Float>(inputSize: 2, hiddenSize: 10, outputSize: 2, variant: .rPLRNN(tau: 5, fraction: 0.5), generator: &r1)
        let d = PLRNN<Double>(inputSize: 2, hiddenSize: 10, outputSize: 2, variant: .rPLRNN(tau: 5, fraction: 0.5), generator: &r2)
        var rng = Generator(seed: 1)
        let xs = (0..<30).map { _ in Matrix<Double>(rows: 4, columns: 2, storage: (0..<8).map { _ in rng.uniform() }) }
        let yd = d.forward(xs, readout: .last).outputs[0]
        let yf = f.forward(xs.map { $0.converted(to: Float.self) }, readout: .last).outputs[0]
        for (u, v) in zip(yd.storage, yf.storage) { #expect(abs(u - Double(v)) < 1e-4 * max(1, abs(u))) }
    }
}

func standardDeviation(_ xs: [Double]) -> Double {
    let mean = xs.reduce(0, +) / Double(xs.count)
    return (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)).squareRoot()
}
