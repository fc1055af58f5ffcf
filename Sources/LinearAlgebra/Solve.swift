import COpenBLAS

/// Solves A·X = B for square A by LU with partial pivoting (dgesv). B may have several columns.
public func solve<S: BLASScalar>(_ a: Matrix<S>, _ b: Matrix<S>) throws -> Matrix<S> {
    try requireSquare(a)
    guard b.rows == a.rows else { throw LinearAlgebraError.shapeMismatch("solve: A is \(a.rows)×\(a.columns), B has \(b.rows) rows") }
    let n = a.rows, nrhs = b.columns
    if n == 0 || nrhs == 0 { return Matrix(rows: n, columns: nrhs) }
    var lu = doubleStorage(a)
    var x = doubleStorage(b)
    var pivots = [Int32](repeating: 0, count: n)
    let info = LAPACKE_dgesv(rowMajor, Int32(n), Int32(nrhs), &lu, Int32(n), &pivots, &x, Int32(nrhs))
    checkArguments(info, "dgesv")
    if info > 0 { throw LinearAlgebraError.singular(routine: "dgesv", pivot: Int(info)) }
    return matrix(n, nrhs, x)
}

/// A⁻¹, computed as the solution of A·X = I (dgesv).
public func inverse<S: BLASScalar>(_ a: Matrix<S>) throws -> Matrix<S> {
    try requireSquare(a)
    return try solve(a, Matrix<S>.identity(a.rows))
}

/// det(A) from the LU factorisation (dgetrf): product of U's diagonal times the pivot sign.
/// A singular matrix gives 0 rather than an error.
public func determinant<S: BLASScalar>(_ a: Matrix<S>) throws -> S {
    try requireSquare(a)
    let n = a.rows
    if n == 0 { return 1 }
    var lu = doubleStorage(a)
    var pivots = [Int32](repeating: 0, count: n)
    let info = LAPACKE_dgetrf(rowMajor, Int32(n), Int32(n), &lu, Int32(n), &pivots)
    checkArguments(info, "dgetrf")
    if info > 0 { return 0 }
    var det = 1.0
    for i in 0..<n {
        det *= lu[i * n + i]
        if pivots[i] != Int32(i + 1) { det = -det }
    }
    return S(det)
}
