import Foundation
import LinearAlgebra
import Models
import Randomness
import Reconstruction
import Testing

@Suite("Forcing semantics")
struct ForcingSemanticsTests {
    let series = testSeries()

    @Test("τ = 1 makes the loss the mean one-step prediction error from B⁺x_t at every step")
    func tauOneIsOneStepLoss() throws {
        let model = smallModels().plrnn
        let starts = [2, 17, 30], len = 6
        let value = try ForcedLoss(series: series, windowLength: len).evaluate(model, starts: starts, interval: 1).loss
        var sum = 0.0
        for s in starts {
            for t in 0..<len {
                // One free step from the state inferred from x_{s+t}, compared with x_{s+t+1}.
                let x = try model.freeRun(from: series.row(s + t), steps: 2)
                for j in 0..<3 { sum += pow(x[1, j] - series[s + t + 1, j], 2) }
            }
        }
        #expect(abs(value - sum / Double(starts.count * len * 3)) < 1e-12)
    }

    @Test("τ ≥ L equals no forcing, and a smaller τ changes the loss")
    func largeTauIsNoForcing() throws {
        let model = smallModels().lstm
        let loss = ForcedLoss(series: series, windowLength: 8)
        let none = try loss.evaluate(model, starts: [1, 5], interval: nil).loss
        #expect(try loss.evaluate(model, starts: [1, 5], interval: 8).loss == none)
        #expect(try loss.evaluate(model, starts: [1, 5], interval: 50).loss == none)
        #expect(try loss.evaluate(model, starts: [1, 5], interval: 3).loss != none)
    }

    @Test("the wrapped PLRNN unrolls like Models.PLRNN started at μ0 = the forced state")
    func matchesModelsPLRNN() throws {
        let forced = smallModels().plrnn
        let z0 = try forced.inferredState(series.row(4))
        var reference = forced.model
        reference.parameters[5].value.storage = z0  // mu0
        let steps = 9
        let inputs = [Matrix<Double>](repeating: Matrix(rows: 1, columns: 0), count: steps)
        let expected = reference.forward(inputs, readout: .all).outputs
        let run = try forced.freeRun(from: series.row(4), steps: steps + 1)
        for t in 0..<steps {
            for j in 0..<3 { #expect(abs(run[t + 1, j] - expected[t][0, j]) < 1e-12) }
        }
    }

    @Test("free runs equal the training unroll of the same state", arguments: [0, 1, 2])
    func generateMatchesUnroll(kind: Int) throws {
        let models = smallModels()
        func check<M: LatentDynamics>(_ model: M) throws {
            let z0 = try model.inferredState(series.row(10))
            let states = model.states(model.unroll(from: z0, rows: 1, steps: 6))
            let run = model.generate(from: z0, steps: 7)
            let b = model.observation
            for t in 0..<6 {
                for j in 0..<3 {
                    var s = 0.0
                    for i in 0..<model.latentSize { s += b[j, i] * states[t * model.latentSize + i] }
                    #expect(abs(run[t + 1, j] - s) < 1e-12)
                }
            }
        }
        switch kind {
        case 0: try check(models.plrnn)
        case 1: try check(models.rnn)
        default: try check(models.lstm)
        }
    }

    @Test("random τ stays in U{τ−Δ…τ+Δ} (clamped at 1); annealing ramps 1 → τ")
    func intervals() {
        var rng = Generator(seed: 1)
        let draws = (0..<400).map { _ in ForcingInterval.random(3, spread: 5).interval(epoch: 1, epochs: 1, generator: &rng)! }
        #expect(Set(draws) == Set(1...8))
        #expect(ForcingInterval.annealed(46).interval(epoch: 0, epochs: 100, generator: &rng) == 1)
        #expect(ForcingInterval.annealed(46).interval(epoch: 100, epochs: 100, generator: &rng) == 46)
        #expect(ForcingInterval.none.interval(epoch: 3, epochs: 9, generator: &rng) == nil)
    }
}
