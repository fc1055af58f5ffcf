import Foundation

/// The principal matrix logarithm log(A), i.e. the X with e^X = A whose eigenvalues have imaginary
/// parts in (−π, π), as a real matrix.
///
/// Computed through the complex eigendecomposition A = V·Λ·V⁻¹ as V·log(Λ)·V⁻¹ — the construction the
/// rPLRNN paper uses (Suppl. Fig. S5, W̃ = V (1/Δt) log(Λ) V⁻¹). Limitations: A must be
/// diagonalisable, and the result loses accuracy as V becomes ill-conditioned (nearly defective A,
/// e.g. a Jordan block; use an inverse-scaling-and-squaring method there). Throws if an eigenvalue
/// lies on the closed negative real axis (no real principal logarithm) or V is singular.
public func logm<S: BLASScalar>(_ a: Matrix<S>) throws -> Matrix<S> {
    try requireSquare(a)
    let n = a.rows
    if n == 0 { return a }
    let (re, im, vr, vi) = try generalEigen(a, vectors: true)
    for k in 0..<n where im[k] == 0 && re[k] <= 0 {
        throw LinearAlgebraError.eigenvalueOnNegativeRealAxis(real: re[k], imaginary: im[k])
    }
    // V⁻¹ = P + iQ from the real 2n×2n system [Vr −Vi; Vi Vr]·[P; Q] = [I; 0].
    let n2 = 2 * n
    var block = Matrix<Double>(rows: n2, columns: n2)
    var rhs = Matrix<Double>(rows: n2, columns: n)
    for i in 0..<n {
        for j in 0..<n {
            block[i, j] = vr[i * n + j]; block[i, j + n] = -vi[i * n + j]
            block[i + n, j] = vi[i * n + j]; block[i + n, j + n] = vr[i * n + j]
        }
        rhs[i, i] = 1
    }
    let inverseParts = try solve(block, rhs)
    var p = Matrix<Double>(rows: n, columns: n), q = Matrix<Double>(rows: n, columns: n)
    for i in 0..<n {
        for j in 0..<n { p[i, j] = inverseParts[i, j]; q[i, j] = inverseParts[i + n, j] }
    }
    // B = V·log(Λ): column k of V times log λ_k = log|λ_k| + i·arg λ_k.
    var br = Matrix<Double>(rows: n, columns: n), bi = Matrix<Double>(rows: n, columns: n)
    for k in 0..<n {
        let lr = Foundation.log(hypot(re[k], im[k])), li = Foundation.atan2(im[k], re[k])
        for i in 0..<n {
            let x = vr[i * n + k], y = vi[i * n + k]
            br[i, k] = x * lr - y * li
            bi[i, k] = x * li + y * lr
        }
    }
    // Re(B·V⁻¹) = Br·P − Bi·Q; the imaginary part vanishes up to rounding for real A.
    var result = matmul(br, p)
    gemm(bi, q, into: &result, alpha: -1, beta: 1)
    guard result.storage.allSatisfy(\.isFinite) else { throw LinearAlgebraError.nonFinite("logm") }
    return result.converted(to: S.self)
}
