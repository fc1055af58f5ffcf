import Foundation

/// The distribution of the entries of a random matrix.
public enum EntryDistribution: Sendable, Equatable {
    case uniform(low: Double, high: Double)
    case normal(mean: Double, standardDeviation: Double)
}

// The bit recipes below are the same as `Randomness.Generator.uniform()` / `.normal()` (that module
// cannot be imported here), so a matrix drawn from a `Generator` equals the corresponding sequence of
// scalar draws, row by row. LinearAlgebraTests checks the equality.

@inline(__always) func uniformUnit<G: RandomNumberGenerator>(_ g: inout G) -> Double {
    Double(g.next() >> 11) * 0x1.0p-53
}

@inline(__always) func standardNormal<G: RandomNumberGenerator>(_ g: inout G) -> Double {
    var u1 = uniformUnit(&g)
    while u1 <= 0 { u1 = uniformUnit(&g) }
    let u2 = uniformUnit(&g)
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
}

extension Matrix {
    /// A rows×columns matrix of independent draws, filled row by row, sampled in Double and then rounded to `Scalar`.
    public static func random<G: RandomNumberGenerator>(
        rows: Int, columns: Int, generator: inout G, distribution: EntryDistribution
    ) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for i in 0..<m.storage.count {
            switch distribution {
            case let .uniform(low, high): m.storage[i] = Scalar(low + (high - low) * uniformUnit(&generator))
            case let .normal(mean, sd): m.storage[i] = Scalar(mean + sd * standardNormal(&generator))
            }
        }
        return m
    }
}

extension RandomNumberGenerator {
    /// Entries i.i.d. N(mean, standardDeviation²).
    public mutating func normalMatrix<S: BLASScalar>(
        rows: Int, columns: Int, mean: Double = 0, standardDeviation: Double = 1, as: S.Type = S.self
    ) -> Matrix<S> {
        Matrix.random(rows: rows, columns: columns, generator: &self, distribution: .normal(mean: mean, standardDeviation: standardDeviation))
    }

    /// Entries i.i.d. uniform in [low, high).
    public mutating func uniformMatrix<S: BLASScalar>(
        rows: Int, columns: Int, low: Double = 0, high: Double = 1, as: S.Type = S.self
    ) -> Matrix<S> {
        Matrix.random(rows: rows, columns: columns, generator: &self, distribution: .uniform(low: low, high: high))
    }
}

/// A Haar-distributed random n×n orthogonal matrix: Q from the QR factorisation of a standard Gaussian
/// matrix with the signs fixed by diag(R) ≥ 0 (Mezzadri 2007), as PyTorch's `orthogonal_` init does.
public func orthogonalMatrix<S: BLASScalar, G: RandomNumberGenerator>(_ n: Int, generator: inout G, as: S.Type = S.self) -> Matrix<S> {
    let gaussian: Matrix<Double> = generator.normalMatrix(rows: n, columns: n)
    return qr(gaussian).q.converted(to: S.self)
}
