import Digest
import Foundation

/// The explicit, seedable random-number generator passed to everything stochastic.
///
/// xoshiro256** seeded through SplitMix64: fast, with the same stream for the same seed on every run
/// and machine (no platform randomness, no global state). Child generators are derived from the
/// parent's seed and a name, so adding a job never shifts the streams of the others.
public struct Generator: RandomNumberGenerator, Sendable, Equatable, Codable {
    /// The seed this generator (or its ancestor chain) was created from; children derive from it.
    public let seed: UInt64
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        self.seed = seed
        var sm = seed
        func splitmix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    /// A generator for the named sub-stream: depends only on this generator's seed and `name`,
    /// not on how many numbers were drawn from it.
    public func child(_ name: String) -> Generator {
        var hasher = SHA256Hasher()
        hasher.update(String(seed))
        hasher.update("/")
        hasher.update(name)
        let bytes = hasher.finalize().bytes
        var derived: UInt64 = 0
        for b in bytes.prefix(8) { derived = (derived << 8) | UInt64(b) }
        return Generator(seed: derived)
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public static func == (l: Generator, r: Generator) -> Bool {
        l.seed == r.seed && l.state == r.state
    }

    enum CodingKeys: String, CodingKey { case seed, state }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seed = try c.decode(UInt64.self, forKey: .seed)
        let s = try c.decode([UInt64].self, forKey: .state)
        guard s.count == 4 else { throw DecodingError.dataCorruptedError(forKey: .state, in: c, debugDescription: "state needs 4 words") }
        state = (s[0], s[1], s[2], s[3])
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seed, forKey: .seed)
        try c.encode([state.0, state.1, state.2, state.3], forKey: .state)
    }

    // MARK: Distributions (exact bit recipes, so streams are identical everywhere)

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

    /// Standard normal by the Box–Muller transform (no cached second value, so the stream position
    /// is a simple function of the number of draws).
    public mutating func normal() -> Double {
        var u1 = uniform()
        while u1 <= 0 { u1 = uniform() }
        let u2 = uniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    public mutating func normal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * normal()
    }

    /// Uniform integer in 0..<bound, unbiased: Lemire's multiply-shift with rejection ("Fast random
    /// integer generation in an interval", 2019). Written out here rather than calling the standard
    /// library's `next(upperBound:)`, whose internals may change between toolchains; the stream is
    /// part of the reproducibility promise.
    public mutating func integer(below bound: Int) -> Int {
        precondition(bound > 0)
        let s = UInt64(bound)
        var product = next().multipliedFullWidth(by: s)
        if product.low < s {
            let threshold = (0 &- s) % s  // 2⁶⁴ mod s: the low words that would bias the result
            while product.low < threshold { product = next().multipliedFullWidth(by: s) }
        }
        return Int(product.high)
    }

    /// A uniformly random permutation of 0..<n (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        if n < 2 { return p }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = integer(below: i + 1)
            p.swapAt(i, j)
        }
        return p
    }
}
