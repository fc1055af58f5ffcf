import COpenBLAS

/// The scalar types OpenBLAS computes with: `Float` and `Double`.
public protocol BLASScalar: BinaryFloatingPoint, Sendable, Codable where Self.RawSignificand: FixedWidthInteger {
    /// C ← α·op(A)·op(B) + β·C on raw row-major buffers (cblas_?gemm).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
}

extension Float: BLASScalar {
    @inlinable
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

extension Double: BLASScalar {
    @inlinable
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

/// C ← α·op(A)·op(B) + β·C for whole matrices; shapes are checked.
///
/// Always OpenBLAS: a hand-written SIMD8 Float kernel (plain `acc += a*b`, baseline x86-64, `-Ounchecked`)
/// did not beat it for the PLRNN shapes (16×40·40×40 NN/NT, 40×16ᵀ·16×40 TN), so no size is routed
/// elsewhere. Single-threaded OpenBLAS is bit-identical from run to run.
public func gemm<S: BLASScalar>(
    _ a: Matrix<S>, transposeA: Bool = false, _ b: Matrix<S>, transposeB: Bool = false,
    into c: inout Matrix<S>, alpha: S = 1, beta: S = 0
) {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kb = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    precondition(k == kb, "gemm: inner dimensions \(k) and \(kb) differ")
    precondition(c.rows == m && c.columns == n, "gemm: result is \(c.rows)×\(c.columns), expected \(m)×\(n)")
    if m == 0 || n == 0 { return }
    if k == 0 {
        for i in c.storage.indices { c.storage[i] *= beta }
        return
    }
    a.storage.withUnsafeBufferPointer { pa in
        b.storage.withUnsafeBufferPointer { pb in
            c.storage.withUnsafeMutableBufferPointer { pc in
                S.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                       alpha: alpha, a: pa.baseAddress!, lda: a.columns, b: pb.baseAddress!, ldb: b.columns,
                       beta: beta, c: pc.baseAddress!, ldc: c.columns)
            }
        }
    }
}

/// The product op(A)·op(B) as a new matrix.
public func matmul<S: BLASScalar>(_ a: Matrix<S>, transposeA: Bool = false, _ b: Matrix<S>, transposeB: Bool = false) -> Matrix<S> {
    var c = Matrix<S>(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
    gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
    return c
}

/// Sets how many threads OpenBLAS uses in this process. Training processes use 1 thread by calling
/// `LinearAlgebraRuntime.configureForTraining()` at start-up (small GEMMs gain nothing from threads,
/// and jobs already run in parallel processes); OpenBLAS's own default is one thread per core.
public func setBLASThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }
public var blasThreads: Int { Int(openblas_get_num_threads()) }
