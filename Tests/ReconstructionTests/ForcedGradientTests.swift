import Foundation
import LinearAlgebra
import Randomness
import Reconstruction
import Testing

@Suite("Sparsely forced BPTT gradients (Float64 finite differences)")
struct ForcedGradientTests {
    let series = testSeries()
    // L = 11 with τ = 4: segments of 4, 4 and a remainder of 3 per window.
    var loss: ForcedLoss { ForcedLoss(series: series, windowLength: 11) }
    let starts = [0, 9, 23, 40]

    @Test("PLRNN: analytic gradient (incl. through B⁺) matches central differences", arguments: [4, 11] as [Int?] + [nil])
    func plrnn(interval: Int?) throws {
        let model = smallModels().plrnn
        #expect(try gradientCheckError(model, loss: loss, starts: starts, interval: interval) <= 1e-6)
    }

    @Test("tanh RNN: analytic gradient matches central differences", arguments: [4, nil] as [Int?])
    func tanhRNN(interval: Int?) throws {
        let model = smallModels().rnn
        #expect(try gradientCheckError(model, loss: loss, starts: starts, interval: interval) <= 1e-6)
    }

    @Test("LSTM: analytic gradient matches central differences", arguments: [4, nil] as [Int?])
    func lstm(interval: Int?) throws {
        let model = smallModels().lstm
        #expect(try gradientCheckError(model, loss: loss, starts: starts, interval: interval) <= 1e-6)
    }

    @Test("dropping the B⁺ path changes only B's gradient")
    func detachedPseudoInverse() throws {
        let model = smallModels().plrnn
        let attached = try loss.evaluate(model, starts: starts, interval: 4).gradients
        let detached = try ForcedLoss(series: series, windowLength: 11, throughPseudoInverse: false)
            .evaluate(model, starts: starts, interval: 4).gradients
        for i in attached.indices where i != model.observationIndex { #expect(attached[i] == detached[i]) }
        #expect(attached[model.observationIndex] != detached[model.observationIndex])
    }
}
