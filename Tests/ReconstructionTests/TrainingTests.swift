import Analysis
import Foundation
import LinearAlgebra
import Randomness
import Reconstruction
import Training
import Testing

@Suite("Reconstruction training")
struct ReconstructionTrainingTests {
    let series = testSeries(length: 400)

    func trained(seed: UInt64, forcing: ForcingInterval = .fixed(5), epochs: Int = 4) throws -> ReconstructionTrainer<ForcedPLRNN> {
        var rng = Generator(seed: seed)
        let model = ForcedPLRNN(latentSize: 6, observationSize: 3, generator: &rng)
        let config = ReconstructionTrainingConfiguration(forcing: forcing, windowLength: 20, batchSize: 8, batchesPerEpoch: 5,
                                                         epochs: epochs, learningRate: 1e-2)
        var trainer = ReconstructionTrainer(model: model, series: series, configuration: config, generator: rng.child("train"))
        try trainer.train()
        return trainer
    }

    @Test("the same seed gives bit-identical parameters and losses; another seed does not")
    func seedDeterminism() throws {
        let a = try trained(seed: 5), b = try trained(seed: 5), c = try trained(seed: 6)
        #expect(a.model.parameters == b.model.parameters)
        #expect(a.losses == b.losses)
        #expect(a.model.parameters != c.model.parameters)
    }

    @Test("a snapshot taken mid-run, JSON round-tripped and restored, continues bit-identically")
    func snapshotResume() throws {
        let straight = try trained(seed: 4, epochs: 4)
        var rng = Generator(seed: 4)
        let model = ForcedPLRNN(latentSize: 6, observationSize: 3, generator: &rng)
        let config = straight.configuration
        var first = ReconstructionTrainer(model: model, series: series, configuration: config, generator: rng.child("train"))
        try first.trainEpoch()
        try first.trainEpoch()
        let data = try ReconstructionTrainer<ForcedPLRNN>.encode(first.snapshot)
        var fresh = ReconstructionTrainer(model: ForcedPLRNN(latentSize: 6, observationSize: 3, generator: &rng), series: series,
                                          configuration: config, generator: Generator(seed: 99))
        fresh.restore(try ReconstructionTrainer<ForcedPLRNN>.decode(data))
        try fresh.train()
        #expect(fresh.model.parameters == straight.model.parameters)
        #expect(fresh.losses == straight.losses)
    }

    @Test("training lowers the forced loss")
    func lossDecreases() throws {
        let t = try trained(seed: 2, epochs: 40)
        #expect(t.losses.count == 40)
        #expect(t.losses.last! < 0.5 * t.losses.first!)
    }

    @Test("clipped BPTT keeps every update's gradient norm at most 1")
    func clippingBaseline() throws {
        var rng = Generator(seed: 9)
        let model = ForcedTanhRNN(latentSize: 6, observationSize: 3, generator: &rng)
        let config = ReconstructionTrainingConfiguration(forcing: .none, windowLength: 30, batchSize: 4, batchesPerEpoch: 3, epochs: 2,
                                                         clipping: .norm(maximum: 1))
        var trainer = ReconstructionTrainer(model: model, series: series, configuration: config, generator: rng)
        let before = trainer.model.parameters
        try trainer.trainEpoch()
        // Adam's first step moves every parameter with a nonzero gradient by ≈ lr, whatever the scale.
        let moved = zip(before, trainer.model.parameters).map { zip($0.value.storage, $1.value.storage).map { abs($0 - $1) }.max() ?? 0 }
        #expect(moved.max()! <= 3.1e-3)
        #expect(trainer.gradientNorms.count == 1)
    }

    @Test("metrics of a series against itself: D_stsp 0, D_H at the reference's self-distance; non-finite runs are flagged")
    func metrics() {
        var rng = Generator(seed: 1)
        let truth = testSeries(length: 5000)
        let m = ReconstructionMetrics.evaluate(truth: truth, generated: truth, spectrum: PowerSpectrumHellinger(chunks: 10, cutoff: 100),
                                               gmm: StateSpaceGMM(samples: 50), generator: &rng)
        #expect(abs(m.stateSpaceBinned) < 1e-9)
        #expect(m.finite)
        var broken = truth
        broken[100, 1] = .nan
        let b = ReconstructionMetrics.evaluate(truth: truth, generated: broken, generator: &rng)
        #expect(!b.finite && b.stateSpaceBinned.isNaN)
    }
}
