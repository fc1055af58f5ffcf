import Analysis
import Foundation
import LinearAlgebra
import Randomness
import Testing

@Suite struct StateSpaceGMMTests {
    @Test func identicalPointSetsGiveZero() {
        var g = Generator(seed: 1)
        let cloud = TestData.gaussianCloud(count: 500, mean: [0, 0], generator: &g)
        var mc = Generator(seed: 2)
        let (value, dropped) = StateSpaceGMM().divergence(truth: cloud, generated: cloud, generator: &mc)
        #expect(abs(value) < 1e-12 && dropped == 0)
    }

    @Test func shiftedGaussianCloudsMatchTheAnalyticKL() {
        // Points from N(0, I) and N(μ, I); the mixtures with s² = 0.1 approximate N(·, 1.1 I), so
        // KL(p_gen ‖ p_true) ≈ |μ|² / (2 · 1.1).
        var g = Generator(seed: 11)
        let truth = TestData.gaussianCloud(count: 5_000, mean: [0, 0], generator: &g)
        let generated = TestData.gaussianCloud(count: 5_000, mean: [1, 0.5], generator: &g)
        var mc = Generator(seed: 12)
        let (value, _) = StateSpaceGMM().divergence(truth: truth, generated: generated, generator: &mc)
        let analytic = 1.25 / 2.2
        print("GMM KL \(value) vs analytic \(analytic)")
        #expect(abs(value - analytic) < 0.1)
        // Same generator state ⇒ same estimate.
        var again = Generator(seed: 12)
        #expect(StateSpaceGMM().divergence(truth: truth, generated: generated, generator: &again).value == value)
    }

    @Test func farApartCloudsStayFiniteUnlessReferenceDroppingIsAskedFor() {
        var g = Generator(seed: 3)
        let truth = TestData.gaussianCloud(count: 300, mean: [0, 0], generator: &g)
        let generated = TestData.gaussianCloud(count: 300, mean: [40, 0], generator: &g)
        var mc = Generator(seed: 4)
        let (value, dropped) = StateSpaceGMM().divergence(truth: truth, generated: generated, generator: &mc)
        #expect(value.isFinite && value > 1_000 && dropped == 0)
        var mc2 = Generator(seed: 4)
        let reference = StateSpaceGMM(dropUnderflowingSamples: true).divergence(truth: truth, generated: generated, generator: &mc2)
        #expect(reference.droppedFraction == 1 && reference.value.isNaN)
    }
}
