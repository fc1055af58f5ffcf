import COpenBLAS
import Foundation

/// Process-wide OpenBLAS settings. Nothing is configured implicitly (no global initialisers):
/// an executable that trains calls `configureForTraining()` once at start-up.
///
/// (Not named `LinearAlgebra`, which would shadow the module name and break qualified names.)
public enum LinearAlgebraRuntime {
    /// One OpenBLAS thread: the training GEMMs are small (40×40×16 … 256×256×120), where extra threads
    /// gain nothing or add noise, and jobs already run in parallel processes. Single-threaded
    /// OpenBLAS also gives bit-identical results from run to run.
    public static func configureForTraining() { setBLASThreads(1) }

    /// What decides the rounding of this process's BLAS calls, e.g.
    /// `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY (Haswell kernels), 1 thread`. OpenBLAS picks its
    /// kernels from the CPU at run time, and a threaded GEMM splits its sums by thread count, so the
    /// same source and toolchain can give other bits on another machine; results record this string
    /// so a comparison can name that cause.
    public static var description: String {
        let config = openblas_get_config().map { String(cString: $0).trimmingCharacters(in: .whitespaces) } ?? "unknown BLAS"
        let core = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        let threads = blasThreads
        return "\(config) (\(core) kernels), \(threads) thread\(threads == 1 ? "" : "s")"
    }
}
