import COpenBLAS

/// Thin QR factorisation A = Q·R with k = min(m, n): Q is m×k with orthonormal columns, R is k×n upper
/// triangular with a non-negative diagonal (so the factorisation is unique for full-rank A).
public struct QRDecomposition<Scalar: BLASScalar>: Equatable, Sendable {
    public var q: Matrix<Scalar>
    public var r: Matrix<Scalar>
}

/// Householder QR (dgeqrf, then dorgqr to form Q), with signs fixed so that diag(R) ≥ 0.
public func qr<S: BLASScalar>(_ a: Matrix<S>) -> QRDecomposition<S> {
    let m = a.rows, n = a.columns, k = min(m, n)
    if k == 0 { return QRDecomposition(q: Matrix(rows: m, columns: 0), r: Matrix(rows: 0, columns: n)) }
    var work = doubleStorage(a)
    var tau = [Double](repeating: 0, count: k)
    var info = LAPACKE_dgeqrf(rowMajor, Int32(m), Int32(n), &work, Int32(n), &tau)
    checkArguments(info, "dgeqrf")

    var r = [Double](repeating: 0, count: k * n)
    for i in 0..<k { for j in i..<n { r[i * n + j] = work[i * n + j] } }
    // dorgqr wants the reflectors in an m×k array (the first k columns).
    var q = [Double](repeating: 0, count: m * k)
    for i in 0..<m { for j in 0..<k { q[i * k + j] = work[i * n + j] } }
    info = LAPACKE_dorgqr(rowMajor, Int32(m), Int32(k), Int32(k), &q, Int32(k), &tau)
    checkArguments(info, "dorgqr")

    for i in 0..<k where r[i * n + i] < 0 {
        for j in i..<n { r[i * n + j] = -r[i * n + j] }
        for row in 0..<m { q[row * k + i] = -q[row * k + i] }
    }
    return QRDecomposition(q: matrix(m, k, q), r: matrix(k, n, r))
}
