import Testing
import LinearAlgebra
import Randomness

@Suite struct QRTests {
    @Test(arguments: [(6, 4), (4, 6), (5, 5)])
    func factorisation(rows: Int, columns: Int) {
        let a: Matrix<Double> = randomMatrix(rows, columns, seed: UInt64(100 + rows * columns))
        let d = qr(a)
        #expect(maxDifference(matmul(d.q, d.r), a) < 1e-13)
        #expect(orthogonalityError(d.q) < 1e-13)
        for i in 0..<d.r.rows {
            #expect(d.r[i, i] >= 0)
            for j in 0..<min(i, d.r.columns) { #expect(d.r[i, j] == 0) }
        }
    }

    @Test func signConventionMakesDiagonalNonNegative() {
        // Householder QR of −I gives R = −I; the convention flips it to R = I, Q = −I.
        let d = qr(Matrix<Double>.diagonal([-1, -1, -1]))
        #expect(d.r == .identity(3))
        #expect(d.q == .diagonal([-1, -1, -1]))
    }

    @Test func orthogonalMatricesAreOrthogonal() throws {
        var g = Generator(seed: 42).child("orthogonal")
        let q: Matrix<Double> = orthogonalMatrix(30, generator: &g)
        #expect(orthogonalityError(q) < 1e-13)
        #expect(maxDifference(matmul(q, q, transposeB: true), .identity(30)) < 1e-13)
        #expect(abs(abs(try determinant(q)) - 1) < 1e-12)
        let qf: Matrix<Float> = orthogonalMatrix(16, generator: &g)
        #expect(orthogonalityError(qf) < 1e-5)
        // Reproducible from the seed.
        var h = Generator(seed: 42).child("orthogonal")
        #expect(q == orthogonalMatrix(30, generator: &h))
    }
}
