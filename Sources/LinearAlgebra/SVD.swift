import COpenBLAS

/// Thin singular value decomposition A = U·diag(S)·Vᵀ with k = min(m, n): U is m×k, S has k
/// non-negative values in decreasing order, Vᵀ is k×n.
public struct SingularValueDecomposition<Scalar: BLASScalar>: Equatable, Sendable {
    public var u: Matrix<Scalar>
    public var singularValues: [Scalar]
    public var vTransposed: Matrix<Scalar>
}

/// Thin SVD by divide and conquer (dgesdd).
public func svd<S: BLASScalar>(_ a: Matrix<S>) throws -> SingularValueDecomposition<S> {
    let m = a.rows, n = a.columns, k = min(m, n)
    if k == 0 {
        return SingularValueDecomposition(u: Matrix(rows: m, columns: 0), singularValues: [], vTransposed: Matrix(rows: 0, columns: n))
    }
    var work = doubleStorage(a)
    var s = [Double](repeating: 0, count: k)
    var u = [Double](repeating: 0, count: m * k)
    var vt = [Double](repeating: 0, count: k * n)
    let info = LAPACKE_dgesdd(rowMajor, lapackChar("S"), Int32(m), Int32(n), &work, Int32(n), &s, &u, Int32(k), &vt, Int32(n))
    checkArguments(info, "dgesdd")
    if info > 0 { throw LinearAlgebraError.noConvergence(routine: "dgesdd", info: Int(info)) }
    return SingularValueDecomposition(u: matrix(m, k, u), singularValues: s.map { S($0) }, vTransposed: matrix(k, n, vt))
}

/// Singular values only (dgesdd without vectors), decreasing.
public func singularValues<S: BLASScalar>(_ a: Matrix<S>) throws -> [S] {
    let m = a.rows, n = a.columns, k = min(m, n)
    if k == 0 { return [] }
    var work = doubleStorage(a)
    var s = [Double](repeating: 0, count: k)
    // Row-major LAPACKE checks ldvt ≥ n even when Vᵀ is not computed (the arrays are not referenced).
    var dummyU = [Double](repeating: 0, count: 1), dummyVt = [Double](repeating: 0, count: 1)
    let info = LAPACKE_dgesdd(rowMajor, lapackChar("N"), Int32(m), Int32(n), &work, Int32(n), &s, &dummyU, 1, &dummyVt, Int32(n))
    checkArguments(info, "dgesdd")
    if info > 0 { throw LinearAlgebraError.noConvergence(routine: "dgesdd", info: Int(info)) }
    return s.map { S($0) }
}

/// ‖A‖₂, the largest singular value.
public func spectralNorm<S: BLASScalar>(_ a: Matrix<S>) throws -> S {
    try singularValues(a).first ?? 0
}

/// Moore–Penrose pseudo-inverse A⁺ (n×m) from the SVD. Singular values at or below
/// `rcond · max(S)` are treated as zero; the default 1e-15 matches `numpy.linalg.pinv`.
public func pseudoInverse<S: BLASScalar>(_ a: Matrix<S>, rcond: Double = 1e-15) throws -> Matrix<S> {
    let m = a.rows, n = a.columns
    if m == 0 || n == 0 { return Matrix(rows: n, columns: m) }
    let d = try svd(a.converted(to: Double.self))
    let k = d.singularValues.count
    let cutoff = rcond * (d.singularValues.first ?? 0)
    // A⁺ = V·diag(1/s)·Uᵀ; scale the rows of Vᵀ, then one GEMM.
    var scaledVt = d.vTransposed
    for i in 0..<k {
        let s = d.singularValues[i]
        let factor = s > cutoff ? 1 / s : 0
        for j in 0..<n { scaledVt.storage[i * n + j] *= factor }
    }
    let result = matmul(scaledVt, transposeA: true, d.u, transposeB: true)
    return result.converted(to: S.self)
}
