import Testing
import LinearAlgebra

@Suite struct SolveTests {
    @Test func solvesKnownSystem() throws {
        let a = Matrix<Double>([[2, 1, 1], [1, 3, 2], [1, 0, 0]])
        let x = try solve(a, Matrix([[4], [5], [6]]))
        #expect(maxDifference(x, Matrix([[6], [15], [-23]])) < 1e-12)
    }

    @Test func solveWithSeveralRightHandSidesInFloat() throws {
        let a: Matrix<Float> = randomMatrix(6, 6, seed: 1)
        let b: Matrix<Float> = randomMatrix(6, 3, seed: 2)
        let x = try solve(a, b)
        #expect(maxDifference(matmul(a, x), b) < 1e-4)
    }

    @Test func inverseTimesMatrixIsIdentity() throws {
        let a: Matrix<Double> = randomMatrix(8, 8, seed: 3)
        let inv = try inverse(a)
        #expect(maxDifference(matmul(inv, a), .identity(8)) < 1e-12)
        #expect(maxDifference(matmul(a, inv), .identity(8)) < 1e-12)
    }

    @Test func determinants() throws {
        #expect(try determinant(Matrix<Double>([[1, 2], [3, 4]])) == -2)
        #expect(abs(try determinant(Matrix<Double>([[0, 1, 0], [0, 0, 1], [1, 0, 0]])) - 1) < 1e-15) // even permutation
        #expect(abs(try determinant(Matrix<Double>([[0, 1], [1, 0]])) + 1) < 1e-15)
        #expect(abs(try determinant(Matrix<Double>.diagonal([2, 3, 4])) - 24) < 1e-12)
        #expect(try determinant(Matrix<Double>([[1, 2], [2, 4]])) == 0)
        // det(AB) = det(A)·det(B)
        let a: Matrix<Double> = randomMatrix(5, 5, seed: 4), b: Matrix<Double> = randomMatrix(5, 5, seed: 5)
        let lhs = try determinant(matmul(a, b)), rhs = try determinant(a) * determinant(b)
        #expect(abs(lhs - rhs) < 1e-10 * max(1, abs(rhs)))
    }

    @Test func singularMatrixThrows() {
        #expect(throws: LinearAlgebraError.singular(routine: "dgesv", pivot: 2)) {
            try solve(Matrix<Double>([[1, 2], [2, 4]]), Matrix([[1], [1]]))
        }
        #expect(throws: LinearAlgebraError.notSquare(rows: 2, columns: 3)) { try inverse(Matrix<Double>(rows: 2, columns: 3)) }
    }
}
