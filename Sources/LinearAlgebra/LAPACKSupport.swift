import COpenBLAS

// LAPACK work is done in Double whatever the matrix scalar is: decompositions are analysis-time
// operations where the extra precision matters more than the copy.

@usableFromInline let rowMajor = Int32(LAPACK_ROW_MAJOR)

@inline(__always) func lapackChar(_ c: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: c)) }

/// The storage as `[Double]` (no conversion when the scalar already is `Double`).
@inline(__always) func doubleStorage<S: BLASScalar>(_ m: Matrix<S>) -> [Double] {
    if S.self == Double.self { return unsafeBitCast(m.storage, to: [Double].self) }
    return m.storage.map { Double($0) }
}

/// A matrix of scalar `S` from row-major `Double` storage.
@inline(__always) func matrix<S: BLASScalar>(_ rows: Int, _ columns: Int, _ storage: [Double], as: S.Type = S.self) -> Matrix<S> {
    if S.self == Double.self { return Matrix(rows: rows, columns: columns, storage: unsafeBitCast(storage, to: [S].self)) }
    return Matrix(rows: rows, columns: columns, storage: storage.map { S($0) })
}

/// Traps on illegal-argument codes (a bug here, not a property of the input).
@inline(__always) func checkArguments(_ info: Int32, _ routine: String) {
    precondition(info >= 0, "\(routine): argument \(-info) had an illegal value (bug in LinearAlgebra)")
}

func requireSquare<S>(_ a: Matrix<S>) throws {
    guard a.rows == a.columns else { throw LinearAlgebraError.notSquare(rows: a.rows, columns: a.columns) }
}
