import Foundation
import Testing
import LinearAlgebra

@Suite struct EigenTests {
    @Test func symmetricTridiagonal() throws {
        let a = Matrix<Double>([[2, -1, 0], [-1, 2, -1], [0, -1, 2]])
        let e = try symmetricEigen(a)
        let expected = [2 - 2.0.squareRoot(), 2, 2 + 2.0.squareRoot()]
        for (v, x) in zip(e.values, expected) { #expect(abs(v - x) < 1e-14) }
        #expect(orthogonalityError(e.vectors) < 1e-14)
        // A·V = V·Λ
        #expect(maxDifference(matmul(a, e.vectors), matmul(e.vectors, .diagonal(e.values))) < 1e-14)
        // Sign convention: the largest-magnitude entry of each eigenvector is positive.
        for j in 0..<3 {
            let column = e.vectors.column(j)
            #expect(column.max(by: { abs($0) < abs($1) })! > 0)
        }
    }

    @Test func rotationHasEigenvaluesPlusMinusI() throws {
        let rotation = Matrix<Double>([[0, -1], [1, 0]])
        let e = try eigen(rotation)
        #expect(e.realParts.allSatisfy { abs($0) < 1e-15 })
        #expect(e.imaginaryParts == [1, -1]) // sorted: positive imaginary part first
        #expect(try spectralRadius(rotation) == 1)
        checkEigenpairs(rotation, e)
    }

    @Test func sortedByModulusThenRealPart() throws {
        let e = try eigen(Matrix<Double>.diagonal([0.5, -3, 3, 1]))
        #expect(e.realParts == [3, -3, 1, 0.5])
        #expect(e.moduli == [3, 3, 1, 0.5])
    }

    @Test func randomMatrixEigenpairsInFloatAndDouble() throws {
        let a: Matrix<Double> = randomMatrix(9, 9, seed: 21)
        let e = try eigen(a)
        checkEigenpairs(a, e)
        let ef = try eigen(a.converted(to: Float.self))
        for (x, y) in zip(ef.realParts, e.realParts) { #expect(abs(Double(x) - y) < 1e-4) }
        // Spectral radius is the first modulus; eigenvalues-only agrees with the full decomposition.
        #expect(try spectralRadius(a) == e.moduli[0])
        let values = try eigenvalues(a)
        #expect(values.real == e.realParts && values.imaginary == e.imaginaryParts)
    }

    /// ‖A·v − λ·v‖ small for every pair, computed in complex arithmetic on the real/imaginary parts.
    func checkEigenpairs(_ a: Matrix<Double>, _ e: Eigendecomposition<Double>) {
        let n = a.rows
        let avr = matmul(a, e.vectors.real), avi = matmul(a, e.vectors.imaginary)
        for k in 0..<n {
            let lr = e.realParts[k], li = e.imaginaryParts[k]
            for i in 0..<n {
                let vr = e.vectors.real[i, k], vi = e.vectors.imaginary[i, k]
                #expect(abs(avr[i, k] - (lr * vr - li * vi)) < 1e-12)
                #expect(abs(avi[i, k] - (lr * vi + li * vr)) < 1e-12)
            }
        }
    }
}
