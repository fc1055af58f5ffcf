import Analysis
import Foundation
import LinearAlgebra
import Testing

@Suite struct PowerSpectrumTests {
    func sine(_ count: Int, cyclesPerSample f: Double, columns: Int = 1) -> Matrix<Double> {
        var m = Matrix<Double>(rows: count, columns: columns)
        for t in 0..<count { for d in 0..<columns { m[t, d] = sin(2 * .pi * f * Double(t) + Double(d)) } }
        return m
    }

    @Test func spectrumOfASineIsTheSmoothingKernelAtItsFrequency() {
        // One chunk of 1000 samples, 100 cycles: all power (≈ 1 after z-scoring) in bin 100, spread by the
        // 21-tap Gaussian with σ = 2, whose centre weight is 1/Σ_k e^{−k²/8} ≈ 0.19947.
        let metric = PowerSpectrumHellinger(chunks: 1)
        let p = metric.spectrum(sine(1_000, cyclesPerSample: 0.1), dimension: 0, chunkLength: 1_000)
        #expect(p.count == 501)
        let centre = 1 / (-10...10).reduce(0.0) { $0 + exp(-Double($1 * $1) / 8) }
        #expect(abs(p[100] - centre) < 1e-9)
        #expect(abs(p.reduce(0, +) - 1) < 1e-9)
        #expect(p[0] < 1e-20 && abs(p[98] - centre * exp(-0.5)) < 1e-9)
    }

    @Test func hellingerDistanceOfIdenticalSeriesIsNearZeroAndOfDifferentSinesNearOne() {
        let metric = PowerSpectrumHellinger()
        let lorenz = TestData.lorenz(count: 50_000)
        let same = metric.distance(truth: lorenz, generated: lorenz)
        let other = metric.distance(truth: lorenz, generated: TestData.lorenz(count: 50_000, from: [5, -3, 18]))
        let slow = metric.distance(truth: lorenz, generated: lorenz.slowedDown(by: 2))
        let sines = metric.distance(truth: sine(50_000, cyclesPerSample: 0.01, columns: 2),
                                    generated: sine(50_000, cyclesPerSample: 0.07, columns: 2))
        print("D_H: identical \(same), other Lorenz stretch \(other), slowed Lorenz \(slow), sines \(sines)")
        // The reference D_H of a series with itself is √(1 − trapz p), not 0 (see PowerSpectrumHellinger).
        let mass = (0..<3).map { d -> Double in
            let p = metric.spectrum(lorenz, dimension: d, chunkLength: 1_000).prefix(500).map { $0 }
            return p.reduce(0, +) - 0.5 * (p[0] + p[499])
        }
        let expected = mass.map { (1 - $0).squareRoot() }.reduce(0, +) / 3
        #expect(abs(same - expected) < 1e-12)
        #expect(same < 0.25 && abs(other - same) < 0.05)
        #expect(slow > other + 0.1)
        let normalized = PowerSpectrumHellinger(normalizeSpectra: true)
        #expect(normalized.distance(truth: lorenz, generated: lorenz) < 1e-6)
        let normalizedOther = normalized.distance(truth: lorenz, generated: TestData.lorenz(count: 50_000, from: [5, -3, 18]))
        let normalizedSlow = normalized.distance(truth: lorenz, generated: lorenz.slowedDown(by: 2))
        print("normalised D_H: other stretch \(normalizedOther), slowed \(normalizedSlow)")
        #expect(normalizedOther < 0.1 && normalizedSlow > normalizedOther + 0.1)
        #expect(sines > 0.95 && sines <= 1)
    }

    @Test func generatedChunksAreTruncatedToTheTrueChunkLength() {
        // 100 000 generated steps against 50 000 true ones: 50 chunks of 2000 cut to 1000 (ChaosRNN).
        let metric = PowerSpectrumHellinger()
        let d = metric.distance(truth: sine(50_000, cyclesPerSample: 0.05), generated: sine(100_000, cyclesPerSample: 0.05))
        #expect(d < 0.1)
    }

    @Test func attractorMetricsBundleTheEvaluatorSettings() {
        let truth = TestData.lorenz(count: 20_000)
        let result = AttractorMetrics().evaluate(truth: truth, generated: truth)
        #expect(result.stateSpace.value == 0)
        #expect(result.hellinger == PowerSpectrumHellinger().distance(truth: truth, generated: truth))
    }

    @Test func spectrumCorrelation() {
        let metric = PowerSpectrumCorrelation(chunks: 5)
        let lorenz = TestData.lorenz(count: 20_000)
        #expect(abs(metric.correlation(truth: lorenz, generated: lorenz) - 1) < 1e-12)
        let other = metric.correlation(truth: lorenz, generated: TestData.lorenz(count: 20_000, from: [5, -3, 18]))
        let slow = metric.correlation(truth: lorenz, generated: lorenz.slowedDown(by: 3))
        print("spectrum correlation: other stretch \(other), slowed \(slow)")
        #expect(other > 0.9 && slow < other)
    }
}

extension Matrix where Scalar == Double {
    /// Each sample repeated `factor` times (the same orbit at 1/factor of the speed), cut to the original length.
    func slowedDown(by factor: Int) -> Matrix<Double> {
        var out = Matrix<Double>(rows: rows, columns: columns)
        for t in 0..<rows { for d in 0..<columns { out[t, d] = self[t / factor, d] } }
        return out
    }
}
