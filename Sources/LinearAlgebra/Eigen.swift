import COpenBLAS
import Foundation

/// Eigenvalues (ascending) and orthonormal eigenvectors (the columns of `vectors`) of a symmetric matrix.
public struct SymmetricEigendecomposition<Scalar: BLASScalar>: Equatable, Sendable {
    public var values: [Scalar]
    /// Column j is the eigenvector of `values[j]`, signed so that its largest-magnitude entry is positive.
    public var vectors: Matrix<Scalar>
}

/// Eigenvalues and right eigenvectors of a general real matrix.
///
/// Ordered by decreasing modulus, then decreasing real part, then decreasing imaginary part, so a
/// conjugate pair appears as (a + bi, a − bi). Eigenvectors have unit Euclidean norm with their
/// largest component real (LAPACK's normalisation).
public struct Eigendecomposition<Scalar: BLASScalar>: Equatable, Sendable {
    public var realParts: [Scalar]
    public var imaginaryParts: [Scalar]
    /// Column j is the right eigenvector of eigenvalue j: A·v = λ·v.
    public var vectors: ComplexMatrix<Scalar>

    /// |λ| for every eigenvalue.
    public var moduli: [Scalar] { zip(realParts, imaginaryParts).map { Scalar(hypot(Double($0), Double($1))) } }
}

/// Eigen-decomposition of a symmetric matrix by divide and conquer (dsyevd, upper triangle used).
public func symmetricEigen<S: BLASScalar>(_ a: Matrix<S>) throws -> SymmetricEigendecomposition<S> {
    try requireSquare(a)
    let n = a.rows
    if n == 0 { return SymmetricEigendecomposition(values: [], vectors: Matrix(rows: 0, columns: 0)) }
    var v = doubleStorage(a)
    var w = [Double](repeating: 0, count: n)
    let info = LAPACKE_dsyevd(rowMajor, lapackChar("V"), lapackChar("U"), Int32(n), &v, Int32(n), &w)
    checkArguments(info, "dsyevd")
    if info > 0 { throw LinearAlgebraError.noConvergence(routine: "dsyevd", info: Int(info)) }
    for j in 0..<n {
        var largest = 0
        for i in 0..<n where abs(v[i * n + j]) > abs(v[largest * n + j]) { largest = i }
        if v[largest * n + j] < 0 { for i in 0..<n { v[i * n + j] = -v[i * n + j] } }
    }
    return SymmetricEigendecomposition(values: w.map { S($0) }, vectors: matrix(n, n, v))
}

/// Eigenvalues and right eigenvectors of a general square matrix (dgeev), sorted as described on `Eigendecomposition`.
public func eigen<S: BLASScalar>(_ a: Matrix<S>) throws -> Eigendecomposition<S> {
    let (re, im, vr, vi) = try generalEigen(a, vectors: true)
    let n = a.rows
    return Eigendecomposition(
        realParts: re.map { S($0) }, imaginaryParts: im.map { S($0) },
        vectors: ComplexMatrix(real: matrix(n, n, vr), imaginary: matrix(n, n, vi)))
}

/// Eigenvalues only (dgeev without vectors), sorted like `eigen`, as (real, imaginary) parts.
public func eigenvalues<S: BLASScalar>(_ a: Matrix<S>) throws -> (real: [S], imaginary: [S]) {
    let (re, im, _, _) = try generalEigen(a, vectors: false)
    return (re.map { S($0) }, im.map { S($0) })
}

/// max |λᵢ| over the eigenvalues of a square matrix.
public func spectralRadius<S: BLASScalar>(_ a: Matrix<S>) throws -> S {
    let (re, im, _, _) = try generalEigen(a, vectors: false)
    return S(zip(re, im).map { hypot($0, $1) }.max() ?? 0)
}

/// dgeev in Double; returns sorted eigenvalues and, if asked, the complex eigenvectors as row-major re/im arrays.
func generalEigen<S: BLASScalar>(_ a: Matrix<S>, vectors: Bool) throws
    -> (re: [Double], im: [Double], vr: [Double], vi: [Double])
{
    try requireSquare(a)
    let n = a.rows
    if n == 0 { return ([], [], [], []) }
    var work = doubleStorage(a)
    var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
    var vl = [Double](repeating: 0, count: 1)
    var raw = [Double](repeating: 0, count: vectors ? n * n : 1)
    let info = LAPACKE_dgeev(rowMajor, lapackChar("N"), lapackChar(vectors ? "V" : "N"), Int32(n),
                             &work, Int32(n), &wr, &wi, &vl, 1, &raw, vectors ? Int32(n) : 1)
    checkArguments(info, "dgeev")
    if info > 0 { throw LinearAlgebraError.noConvergence(routine: "dgeev", info: Int(info)) }

    // Unpack LAPACK's real storage of conjugate pairs: columns j, j+1 hold Re v and Im v of λ_j (wi > 0).
    var vr = [Double](), vi = [Double]()
    if vectors {
        vr = [Double](repeating: 0, count: n * n)
        vi = [Double](repeating: 0, count: n * n)
        var j = 0
        while j < n {
            if wi[j] != 0 && j + 1 < n {
                for i in 0..<n {
                    let x = raw[i * n + j], y = raw[i * n + j + 1]
                    vr[i * n + j] = x; vi[i * n + j] = y
                    vr[i * n + j + 1] = x; vi[i * n + j + 1] = -y
                }
                j += 2
            } else {
                for i in 0..<n { vr[i * n + j] = raw[i * n + j] }
                j += 1
            }
        }
    }

    let order = (0..<n).sorted { p, q in
        let mp = hypot(wr[p], wi[p]), mq = hypot(wr[q], wi[q])
        if mp != mq { return mp > mq }
        if wr[p] != wr[q] { return wr[p] > wr[q] }
        if wi[p] != wi[q] { return wi[p] > wi[q] }
        return p < q
    }
    let re = order.map { wr[$0] }, im = order.map { wi[$0] }
    guard vectors else { return (re, im, [], []) }
    var sr = [Double](repeating: 0, count: n * n), si = [Double](repeating: 0, count: n * n)
    for (newColumn, oldColumn) in order.enumerated() {
        for i in 0..<n {
            sr[i * n + newColumn] = vr[i * n + oldColumn]
            si[i * n + newColumn] = vi[i * n + oldColumn]
        }
    }
    return (re, im, sr, si)
}
