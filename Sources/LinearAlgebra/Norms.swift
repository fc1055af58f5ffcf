import Foundation

/// Entry-wise and induced norms that need no factorisation (‖·‖₂ is `spectralNorm`).
extension Matrix {
    /// √(Σ aᵢⱼ²), accumulated in Double.
    public var frobeniusNorm: Scalar {
        var sum = 0.0
        for x in storage { let d = Double(x); sum += d * d }
        return Scalar(sum.squareRoot())
    }

    /// ‖A‖∞ = maxᵢ Σⱼ |aᵢⱼ| (maximum absolute row sum), as in the coRNN paper's bound on ‖W‖∞.
    public var infinityNorm: Scalar {
        var best = 0.0
        for i in 0..<rows {
            var s = 0.0
            for j in 0..<columns { s += Swift.abs(Double(storage[i * columns + j])) }
            best = Swift.max(best, s)
        }
        return Scalar(best)
    }

    /// ‖A‖₁ = maxⱼ Σᵢ |aᵢⱼ| (maximum absolute column sum).
    public var oneNorm: Scalar {
        var sums = [Double](repeating: 0, count: columns)
        for i in 0..<rows { for j in 0..<columns { sums[j] += Swift.abs(Double(storage[i * columns + j])) } }
        return Scalar(sums.max() ?? 0)
    }

    /// max |aᵢⱼ|.
    public var maxAbs: Scalar {
        var best: Scalar = 0
        for x in storage { best = Swift.max(best, Swift.abs(x)) }
        return best
    }
}
