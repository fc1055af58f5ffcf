import Foundation
import Testing
import Randomness

@Suite struct ChildStreamTests {
    @Test func childDoesNotDependOnParentDraws() {
        let fresh = Generator(seed: 42)
        var used = Generator(seed: 42)
        for _ in 0..<1000 { _ = used.next() }
        #expect(fresh.child("init") == used.child("init"))
        var a = fresh.child("init"), b = used.child("init")
        #expect((0..<10).map { _ in a.next() } == (0..<10).map { _ in b.next() })
    }

    @Test func differentNamesGiveDifferentStreams() {
        let g = Generator(seed: 42)
        var a = g.child("a"), b = g.child("b")
        #expect(a != b)
        #expect((0..<4).map { _ in a.next() } != (0..<4).map { _ in b.next() })
    }

    @Test func differentSeedsGiveDifferentChildren() {
        #expect(Generator(seed: 1).child("x") != Generator(seed: 2).child("x"))
    }

    @Test func codableRoundTripKeepsPosition() throws {
        var g = Generator(seed: 3)
        _ = g.next()
        let data = try JSONEncoder().encode(g)
        var restored = try JSONDecoder().decode(Generator.self, from: data)
        #expect(restored == g)
        #expect(restored.next() == g.next())
    }
}
