import Testing
import LinearAlgebra

@Suite struct SVDTests {
    @Test(arguments: [(5, 3), (3, 5), (4, 4)])
    func reconstruction(rows: Int, columns: Int) throws {
        let a: Matrix<Double> = randomMatrix(rows, columns, seed: UInt64(rows * 10 + columns))
        let d = try svd(a)
        let k = min(rows, columns)
        #expect(d.u.rows == rows && d.u.columns == k && d.vTransposed.rows == k && d.vTransposed.columns == columns)
        #expect(zip(d.singularValues, d.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(orthogonalityError(d.u) < 1e-13)
        #expect(orthogonalityError(d.vTransposed.transposed) < 1e-13)
        let rebuilt = matmul(matmul(d.u, .diagonal(d.singularValues)), d.vTransposed)
        #expect(maxDifference(rebuilt, a) < 1e-13)
        // Values-only takes a different LAPACK path, so agreement is to rounding, not bits.
        #expect(zip(try singularValues(a), d.singularValues).allSatisfy { abs($0 - $1) < 1e-13 })
        #expect(abs(try spectralNorm(a) - d.singularValues[0]) < 1e-13)
    }

    @Test func knownSingularValues() throws {
        let s = try singularValues(Matrix<Double>([[3, 0], [0, -4], [0, 0]]))
        #expect(s == [4, 3])
    }

    /// The four Penrose conditions: AXA = A, XAX = X, (AX)ᵀ = AX, (XA)ᵀ = XA.
    func checkPenrose(_ a: Matrix<Double>) throws {
        let x = try pseudoInverse(a)
        #expect(x.rows == a.columns && x.columns == a.rows)
        let ax = matmul(a, x), xa = matmul(x, a)
        #expect(maxDifference(matmul(ax, a), a) < 1e-12)
        #expect(maxDifference(matmul(xa, x), x) < 1e-12)
        #expect(maxDifference(ax.transposed, ax) < 1e-12)
        #expect(maxDifference(xa.transposed, xa) < 1e-12)
    }

    @Test func pseudoInverseOfRankDeficientMatrix() throws {
        // Rank 2: third row = first + second.
        let a = Matrix<Double>([[1, 2, 3, 4], [2, 0, 1, 1], [3, 2, 4, 5], [0, 1, 0, 1]])
        let rankTwo = Matrix<Double>([[1, 2, 3], [2, 4, 6], [1, 0, 1]])
        try checkPenrose(a)
        try checkPenrose(rankTwo)
    }

    @Test func pseudoInverseOfWideMatrixIsRightInverse() throws {
        let wide: Matrix<Double> = randomMatrix(3, 7, seed: 31)
        try checkPenrose(wide)
        #expect(maxDifference(matmul(wide, try pseudoInverse(wide)), .identity(3)) < 1e-12)
        // Float path goes through the same Double computation.
        let f = try pseudoInverse(wide.converted(to: Float.self))
        #expect(maxDifference(f.converted(to: Double.self), try pseudoInverse(wide)) < 1e-5)
    }
}
