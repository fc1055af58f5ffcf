import Testing
import Randomness

@Suite struct SamplingTests {
    @Test func shuffleMatchesPermutationDrawOrder() {
        var a = Generator(seed: 5), b = Generator(seed: 5)
        var letters = ["a", "b", "c", "d", "e", "f"]
        a.shuffle(&letters)
        let p = b.permutation(6)
        #expect(letters == p.map { ["a", "b", "c", "d", "e", "f"][$0] })
        #expect(a == b)
    }

    @Test func choiceWithoutReplacementHasDistinctIndices() {
        var g = Generator(seed: 6)
        let picked = g.choice(100, count: 30, replacement: false)
        #expect(picked.count == 30)
        #expect(Set(picked).count == 30)
        #expect(picked.allSatisfy { (0..<100).contains($0) })
        #expect(g.choice(5, count: 5, replacement: false).sorted() == [0, 1, 2, 3, 4])
    }

    @Test func choiceWithReplacementStaysInRange() {
        var g = Generator(seed: 7)
        let picked = g.choice(3, count: 1000, replacement: true)
        #expect(Set(picked) == [0, 1, 2])
    }

    @Test func choiceOfElementAndWeights() {
        var g = Generator(seed: 8)
        #expect(["x", "y"].contains(g.choice(["x", "y"])))
        // Zero weight is never chosen; weight ratio 1:3 shows up in the counts.
        var counts = [0, 0, 0]
        for _ in 0..<40_000 { counts[g.choice(weights: [1, 0, 3])] += 1 }
        #expect(counts[1] == 0)
        #expect(abs(Double(counts[2]) / 40_000 - 0.75) < 0.015)
    }
}
