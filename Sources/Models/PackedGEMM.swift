import Foundation
import CKernels
import LinearAlgebra

/// A Float GEMM right-hand operand packed once and multiplied by many left-hand operands.
///
/// Why: backpropagation through time multiplies the same weights by T different state batches.
/// OpenBLAS repacks the weights on every call and runs small batches (50 rows) through its edge
/// kernels; packing once per pass for the AVX2/FMA micro-kernel in `CKernels` is faster for the
/// recurrent step shapes (measured in BENCHMARKS.md). `isAvailable` is false on CPUs without AVX2/FMA,
/// where callers keep using OpenBLAS, and when the environment sets `REPRO_PACKED_GEMM=0` (to compare
/// the two paths on a whole training run). `NumericalEnvironment` (MachineNumerics) restates this rule
/// to record the path taken with each result: change both together.
struct PackedGEMM {
    static let isAvailable = pr_packed_sgemm_available() != 0
        && ProcessInfo.processInfo.environment["REPRO_PACKED_GEMM"] != "0"

    /// Rows of B (the inner dimension) and its columns.
    let k: Int
    let n: Int
    private let panels: UnsafeMutablePointer<Float>

    /// Runs `body` with the k×n operand B packed: element (p, c) is `b[p·ldb + c]`, or `b[c·ldb + p]`
    /// when `transposed` (so a row-major m×k weight used as Wᵀ is passed as is).
    static func withPacked<R>(k: Int, n: Int, _ b: UnsafePointer<Float>, ldb: Int, transposed: Bool,
                              _ body: (PackedGEMM) throws -> R) rethrows -> R {
        let count = Int(pr_sgemm_packed_size(Int32(k), Int32(n)))
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        defer { raw.deallocate() }
        let panels = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        pr_sgemm_pack_b(Int32(k), Int32(n), b, Int32(ldb), transposed ? 1 : 0, panels)
        return try body(PackedGEMM(k: k, n: n, panels: panels))
    }

    /// c (m×n, row stride ldc) = (accumulate ? c : 0) + a (m×k, row stride lda) · B.
    @inline(__always)
    func multiply(m: Int, _ a: UnsafePointer<Float>, lda: Int, into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        pr_sgemm_packed(Int32(m), Int32(n), Int32(k), a, Int32(lda), panels, c, Int32(ldc), accumulate ? 1 : 0)
    }
}

/// Products a_t · B for one fixed B and many a_t (the recurrent weights over T steps): the packed
/// micro-kernel for Float where the CPU has it, OpenBLAS otherwise (always for Double, so the
/// gradient checks exercise the BLAS path and the Float tests compare the two).
struct RepeatedProduct<S: BLASScalar> {
    private let k: Int, n: Int
    private let b: UnsafePointer<S>, ldb: Int, transposed: Bool
    private let packed: PackedGEMM?

    /// Runs `body` with B (k×n; element (p, c) at `b[p·ldb + c]`, or `b[c·ldb + p]` when `transposed`)
    /// ready for repeated products. `usePacked: false` forces OpenBLAS (tests compare both).
    static func with<R>(k: Int, n: Int, _ b: UnsafePointer<S>, ldb: Int, transposed: Bool, usePacked: Bool = true,
                        _ body: (RepeatedProduct) throws -> R) rethrows -> R {
        if usePacked && S.self == Float.self && PackedGEMM.isAvailable {
            let bf = UnsafeRawPointer(b).assumingMemoryBound(to: Float.self)
            return try PackedGEMM.withPacked(k: k, n: n, bf, ldb: ldb, transposed: transposed) { packed in
                try body(RepeatedProduct(k: k, n: n, b: b, ldb: ldb, transposed: transposed, packed: packed))
            }
        }
        return try body(RepeatedProduct(k: k, n: n, b: b, ldb: ldb, transposed: transposed, packed: nil))
    }

    /// c (m×n, row stride ldc) = (accumulate ? c : 0) + a (m×k, row stride lda) · B.
    @inline(__always)
    func multiply(m: Int, _ a: UnsafePointer<S>, lda: Int, into c: UnsafeMutablePointer<S>, ldc: Int, accumulate: Bool) {
        if let packed {
            packed.multiply(m: m, UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda: lda,
                            into: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc: ldc, accumulate: accumulate)
        } else {
            CellMath.gemm(false, transposed, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, beta: accumulate ? 1 : 0, c, ldc: ldc)
        }
    }
}
