import Foundation
import Testing
import LinearAlgebra

@Suite struct MatrixFunctionTests {
    @Test func exponentialOfDiagonal() throws {
        let d = [0.0, 1, -2, 0.001, 7]
        let e = try expm(Matrix<Double>.diagonal(d))
        let expected = Matrix<Double>.diagonal(d.map { Foundation.exp($0) })
        for i in 0..<d.count { #expect(abs(e[i, i] - expected[i, i]) <= 1e-13 * expected[i, i]) }
        #expect(maxDifference(e, expected) < 1e-14 * expected.maxAbs)
    }

    @Test func exponentialOfSkewSymmetricIsOrthogonal() throws {
        let a: Matrix<Double> = randomMatrix(6, 6, seed: 51)
        for scale in [0.001, 0.1, 1, 10] {
            var skew = a - a.transposed
            skew.scale(by: scale)
            let q = try expm(skew)
            #expect(orthogonalityError(q) < 1e-12, "scale \(scale)")
            #expect(abs(try determinant(q) - 1) < 1e-11)
        }
    }

    @Test func exponentialOfRotationGenerator() throws {
        let t = 0.7
        let e = try expm(Matrix<Double>([[0, -t], [t, 0]]))
        #expect(maxDifference(e, Matrix([[cos(t), -sin(t)], [sin(t), cos(t)]])) < 1e-15)
    }

    @Test func exponentialOfNilpotentIsFinitePolynomial() throws {
        // N³ = 0 ⇒ e^N = I + N + N²/2 exactly.
        let n = Matrix<Double>([[0, 2, -1], [0, 0, 3], [0, 0, 0]])
        var expected = Matrix<Double>.identity(3) + n
        axpy(0.5, matmul(n, n), &expected)
        #expect(maxDifference(try expm(n), expected) < 1e-14)
        // Large entries force scaling and squaring.
        let big = Matrix<Double>([[0, 200], [0, 0]])
        #expect(maxDifference(try expm(big), Matrix([[1, 200], [0, 1]])) < 1e-10)
    }

    @Test func exponentialOfLargeNormMatchesEigenComposition() throws {
        // A = S·diag(λ)·S⁻¹ ⇒ e^A = S·diag(e^λ)·S⁻¹; ‖A‖₁ > θ₁₃ exercises the squaring phase.
        let s = Matrix<Double>([[1, 2, 0], [0, 1, 1], [1, 0, 1]])
        let lambda = [-3.0, 0.5, 4]
        let a = matmul(matmul(s, .diagonal(lambda)), try inverse(s))
        let expected = matmul(matmul(s, .diagonal(lambda.map { Foundation.exp($0) })), try inverse(s))
        #expect(maxDifference(try expm(a), expected) < 1e-11 * expected.maxAbs)
    }

    @Test func logarithmInvertsExponential() throws {
        let x: Matrix<Double> = randomMatrix(7, 7, seed: 61)
        for scale in [0.05, 0.3] {
            var small = x
            small.scale(by: scale)
            let back = try logm(try expm(small))
            #expect(maxDifference(back, small) < 1e-11, "scale \(scale)")
        }
    }

    @Test func logarithmOfRotationAndDiagonal() throws {
        let t = 0.4
        let rotation = Matrix<Double>([[cos(t), -sin(t)], [sin(t), cos(t)]])
        #expect(maxDifference(try logm(rotation), Matrix([[0, -t], [t, 0]])) < 1e-14)
        #expect(maxDifference(try logm(Matrix<Double>.diagonal([1, Foundation.exp(2)])), .diagonal([0, 2])) < 1e-14)
    }

    @Test func logarithmRejectsNegativeRealEigenvalue() {
        #expect(throws: LinearAlgebraError.eigenvalueOnNegativeRealAxis(real: -1, imaginary: 0)) {
            try logm(Matrix<Double>.diagonal([2, -1]))
        }
        #expect(throws: LinearAlgebraError.self) { try logm(Matrix<Double>.diagonal([1, 0])) }
    }
}
