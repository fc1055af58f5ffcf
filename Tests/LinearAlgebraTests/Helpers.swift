import LinearAlgebra
import Randomness

/// max |aᵢⱼ − bᵢⱼ| for equal shapes (∞ if the shapes differ).
func maxDifference<S: BLASScalar>(_ a: Matrix<S>, _ b: Matrix<S>) -> Double {
    guard a.rows == b.rows && a.columns == b.columns else { return .infinity }
    return zip(a.storage, b.storage).map { abs(Double($0) - Double($1)) }.max() ?? 0
}

/// The textbook triple loop, as the reference for GEMM.
func naiveProduct<S: BLASScalar>(_ a: Matrix<S>, transposeA: Bool, _ b: Matrix<S>, transposeB: Bool) -> Matrix<S> {
    let opA = transposeA ? a.transposed : a, opB = transposeB ? b.transposed : b
    var c = Matrix<S>(rows: opA.rows, columns: opB.columns)
    for i in 0..<opA.rows {
        for j in 0..<opB.columns {
            var s = 0.0
            for k in 0..<opA.columns { s += Double(opA[i, k]) * Double(opB[k, j]) }
            c[i, j] = S(s)
        }
    }
    return c
}

func randomMatrix<S: BLASScalar>(_ rows: Int, _ columns: Int, seed: UInt64, as: S.Type = S.self) -> Matrix<S> {
    var g = Generator(seed: seed)
    return g.normalMatrix(rows: rows, columns: columns)
}

/// ‖QᵀQ − I‖ (columns orthonormal).
func orthogonalityError<S: BLASScalar>(_ q: Matrix<S>) -> Double {
    maxDifference(matmul(q, transposeA: true, q), Matrix<S>.identity(q.columns))
}
