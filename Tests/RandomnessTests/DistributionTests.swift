import Foundation
import Testing
import Randomness

/// Statistical checks with tolerances of about 5 standard errors: a correct generator fails them
/// with negligible probability, and the seeds are fixed, so they are deterministic anyway.
@Suite struct DistributionTests {
    @Test func normalMeanAndVariance() {
        var g = Generator(seed: 11)
        let n = 100_000
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<n { let x = g.normal(); sum += x; sumSquares += x * x }
        let mean = sum / Double(n)
        let variance = sumSquares / Double(n) - mean * mean
        #expect(abs(mean) < 5 / Double(n).squareRoot())            // SE of mean = 1/√n
        #expect(abs(variance - 1) < 5 * (2 / Double(n)).squareRoot()) // SE of variance ≈ √(2/n)
    }

    @Test func uniformRangeAndMean() {
        var g = Generator(seed: 12)
        let xs = (0..<100_000).map { _ in g.uniform(-2, 3) }
        #expect(xs.allSatisfy { $0 >= -2 && $0 < 3 })
        let mean = xs.reduce(0, +) / Double(xs.count)
        #expect(abs(mean - 0.5) < 5 * (25.0 / 12 / Double(xs.count)).squareRoot())
    }

    @Test func permutationIsAPermutation() {
        var g = Generator(seed: 13)
        for n in [0, 1, 2, 17, 100] {
            #expect(g.permutation(n).sorted() == Array(0..<n))
        }
    }

    /// All 3! orders appear with frequency 1/6; chi-square with 5 degrees of freedom, threshold 25
    /// (p ≈ 1e-4).
    @Test func permutationIsUniformOverSixOrders() {
        var g = Generator(seed: 14)
        let n = 60_000
        var counts: [[Int]: Int] = [:]
        for _ in 0..<n { counts[g.permutation(3), default: 0] += 1 }
        #expect(counts.count == 6)
        let expected = Double(n) / 6
        let chiSquare = counts.values.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        #expect(chiSquare < 25)
    }

    @Test func integerBelowIsUniform() {
        var g = Generator(seed: 15)
        var counts = [Int](repeating: 0, count: 7)
        let n = 70_000
        for _ in 0..<n { counts[g.integer(below: 7)] += 1 }
        let expected = Double(n) / 7
        let chiSquare = counts.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        #expect(chiSquare < 30) // 6 degrees of freedom
    }
}
