import Analysis
import Dynamics
import Foundation
import LinearAlgebra
import Testing

@Suite struct RosensteinTests {
    @Test func delayEmbeddingLayout() {
        let y = Lyapunov.delayEmbedding([0, 1, 2, 3, 4, 5, 6], dimension: 3, delay: 2)
        #expect(y.rows == 3)
        #expect(y.row(0) == [0, 2, 4] && y.row(2) == [2, 4, 6])
    }

    @Test func lorenz63XSeriesGivesTheMaximalExponent() {
        // x component of Lorenz-63 (ρ = 28, λ_max ≈ 0.906), Δt = 0.01, 8 000 samples after a transient.
        // The curve rises faster (≈ 1.8 per time unit) for the first ~0.6 time units while the pairs' offsets
        // turn into the unstable direction, then grows linearly at ≈ λ_max: fit 0.9 … 1.5 time units.
        let dt = 0.01
        let run = RK4.integrate(Lorenz63(), from: [1, 1, 1], dt: dt, steps: 10_000)
        let x = Array(run.component(0).dropFirst(2_000))
        let estimate = Lyapunov.rosenstein(series: x, embeddingDimension: 5, delay: 10, theilerWindow: 100,
                                           steps: 150, samplingInterval: dt, fitRange: 90...150)
        print("Rosenstein Lorenz-63 slope:", estimate.slope)
        #expect(estimate.slope > 0.7 && estimate.slope < 1.1)
        // The divergence curve rises, then saturates at the attractor size.
        #expect(estimate.meanLogDivergence[150] > estimate.meanLogDivergence[0] + 1.5)
        #expect(estimate.pairCounts[0] > 7_000)
    }

    @Test func periodicSignalHasNoDivergence() {
        let x = (0..<4_000).map { sin(Double($0) * 0.05) + 0.5 * sin(Double($0) * 0.1) }
        let estimate = Lyapunov.rosenstein(series: x, embeddingDimension: 3, delay: 8, theilerWindow: 50,
                                           steps: 100, fitRange: 0...100)
        #expect(abs(estimate.slope) < 1e-3)
    }
}
