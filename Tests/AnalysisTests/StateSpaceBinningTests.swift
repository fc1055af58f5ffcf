import Analysis
import Foundation
import LinearAlgebra
import Testing

@Suite struct StateSpaceBinningTests {
    /// Box [−2, 2] with 4 bins of width 1.
    let lower = [-2.0], upper = [2.0]

    @Test func referenceConventionDiscardsTheFirstBinAndTheUpperEdge() {
        let x = Matrix(rows: 7, columns: 1, storage: [-2.5, -1.5, -0.5, 0.5, 1.99, 2.0, -1.0])
        let reference = StateSpaceBinning(bins: 4, convention: .reference).histogram(x, lower: lower, upper: upper)
        // −2.5 (outside), −1.5 (first bin), 2.0 (= upper edge) are dropped; −1.0 lands exactly on bin 1.
        #expect(reference == [[1]: 2, [2]: 1, [3]: 1])
        let centred = StateSpaceBinning(bins: 4, convention: .centred).histogram(x, lower: lower, upper: upper)
        #expect(centred == [[0]: 1, [1]: 2, [2]: 1, [3]: 1])
    }

    @Test func referenceConventionDropsAPointWithAnyCoordinateInTheFirstBin() {
        let x = Matrix([[0.5, 0.5], [0.5, -1.5], [-1.9, 1.5], [1.5, 1.5]])
        let h = StateSpaceBinning(bins: 4, convention: .reference).histogram(x, lower: [-2, -2], upper: [2, 2])
        #expect(h == [[2, 2]: 1, [3, 3]: 1])
    }

    @Test func referenceBoxIsCentredAtZeroAndUsesTheUnbiasedStd() {
        // Mean 10, unbiased std √(Σ(x−10)²/3) = √(26/3).
        let x = Matrix(rows: 4, columns: 1, storage: [8, 12, 7, 13])
        let sd = (26.0 / 3).squareRoot()
        let reference = StateSpaceBinning.chaosRNN.box(for: x)
        #expect(abs(reference.lower[0] + 2 * sd) < 1e-12 && abs(reference.upper[0] - 2 * sd) < 1e-12)
        let centred = StateSpaceBinning().box(for: x)
        #expect(abs(centred.lower[0] - (10 - 2 * sd)) < 1e-12 && abs(centred.upper[0] - (10 + 2 * sd)) < 1e-12)
    }

    @Test func sparseKLEqualsTheDenseSumOverAllCells() {
        let truth = TestData.lorenz(count: 3_000)
        let generated = TestData.mapRows(TestData.lorenz(count: 3_000, from: [-3, 2, 30])) { v, _ in 1.1 * v + 0.5 }
        for binning in [StateSpaceBinning(bins: 5, convention: .centred), StateSpaceBinning(bins: 5, convention: .reference)] {
            let (lo, hi) = binning.box(for: truth)
            let ht = binning.histogram(truth, lower: lo, upper: hi), hg = binning.histogram(generated, lower: lo, upper: hi)
            let st = Double(ht.values.reduce(0, +)), sg = Double(hg.values.reduce(0, +))
            let alpha = 1e-5, cells = 125.0
            var dense = 0.0
            for a in 0..<5 { for b in 0..<5 { for c in 0..<5 {
                let pt = (Double(ht[[a, b, c]] ?? 0) + alpha) / (st + alpha * cells)
                let pg = (Double(hg[[a, b, c]] ?? 0) + alpha) / (sg + alpha * cells)
                dense += pt * log(pt / pg)
            } } }
            let result = binning.divergence(truth: truth, generated: generated)
            #expect(abs(result.value - dense) < 1e-10 * max(1, dense))
            #expect(result.value > 0.05)
        }
    }

    @Test func identicalOrbitsGiveZeroAndDistortedOrbitsMore() {
        let truth = TestData.lorenz(count: 20_000)
        let binning = StateSpaceBinning(bins: 10)
        #expect(binning.divergence(truth: truth, generated: truth).value == 0)
        // Another stretch of the same attractor: small but positive.
        let other = TestData.lorenz(count: 20_000, from: [5, -3, 18])
        let same = binning.divergence(truth: truth, generated: other).value
        let shifted = binning.divergence(truth: truth, generated: TestData.mapRows(other) { v, _ in v + 4 }).value
        let scaled = binning.divergence(truth: truth, generated: TestData.mapRows(other) { v, _ in 0.6 * v }).value
        print("binned D_stsp: same attractor \(same), shifted \(shifted), scaled \(scaled)")
        #expect(same > 0 && same < 0.5)
        #expect(shifted > same + 0.5 && scaled > same + 0.5)
    }

    @Test func emptyGeneratedHistogramGivesNaN() {
        let truth = TestData.lorenz(count: 2_000)
        let far = TestData.mapRows(truth) { v, _ in v + 1_000 }
        let result = StateSpaceBinning.chaosRNN.divergence(truth: truth, generated: far)
        #expect(result.value.isNaN && result.countedGeneratedFraction == 0)
    }

    @Test func chaosRNNLorenzFileCountsAbout32PercentOfItsPoints() throws {
        guard let data = try TestData.chaosRNNLorenz() else { return }
        #expect(data.rows == 100_000 && data.columns == 3)
        let result = StateSpaceBinning.chaosRNN.divergence(truth: data, generated: data)
        print("ChaosRNN Lorenz: counted fraction \(result.countedTrueFraction), occupied cells \(result.occupiedTrueCells)")
        #expect(abs(result.countedTrueFraction - 0.319) < 0.0015)
        #expect(result.value == 0)
        // The clean centred box keeps most of the attractor.
        let clean = StateSpaceBinning(bins: 10).divergence(truth: data, generated: data)
        #expect(clean.countedTrueFraction > 0.9)
    }
}
