/// Sampling helpers built only on `integer(below:)`, so they inherit its fixed stream.
extension Generator {
    /// Shuffles `elements` in place (Fisher–Yates, same draw order as `permutation`).
    public mutating func shuffle<T>(_ elements: inout [T]) {
        if elements.count < 2 { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(i, integer(below: i + 1))
        }
    }

    /// A shuffled copy of `elements`.
    public mutating func shuffled<T>(_ elements: [T]) -> [T] {
        var copy = elements
        shuffle(&copy)
        return copy
    }

    /// One element chosen uniformly (the collection must not be empty).
    public mutating func choice<C: Collection>(_ elements: C) -> C.Element {
        precondition(!elements.isEmpty, "choice from an empty collection")
        return elements[elements.index(elements.startIndex, offsetBy: integer(below: elements.count))]
    }

    /// `count` indices from 0..<n, like `numpy.random.choice(n, count, replace:)` in meaning (not in stream).
    /// Without replacement the result is the first `count` entries of a partial Fisher–Yates shuffle,
    /// so it is in random order and costs O(n) memory.
    public mutating func choice(_ n: Int, count: Int, replacement: Bool) -> [Int] {
        precondition(n >= 0 && count >= 0)
        if replacement {
            precondition(n > 0 || count == 0, "choice with replacement from an empty range")
            return (0..<count).map { _ in integer(below: n) }
        }
        precondition(count <= n, "cannot choose \(count) of \(n) without replacement")
        var pool = Array(0..<n)
        for i in 0..<count { pool.swapAt(i, i + integer(below: n - i)) }
        return Array(pool.prefix(count))
    }

    /// An index drawn with probabilities proportional to `weights` (non-negative, positive sum).
    public mutating func choice(weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        precondition(total > 0 && weights.allSatisfy { $0 >= 0 }, "weights must be non-negative with a positive sum")
        let target = uniform() * total
        var cumulative = 0.0
        for (i, w) in weights.enumerated() {
            cumulative += w
            if target < cumulative { return i }
        }
        return weights.lastIndex { $0 > 0 }!
    }
}
