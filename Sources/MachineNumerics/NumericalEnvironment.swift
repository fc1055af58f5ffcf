import CKernels
import COpenBLAS
import Foundation

/// What, besides source and compiler, decides the bits of a trained result in this process: the BLAS
/// build, the kernels OpenBLAS picked for this CPU and its thread count (a threaded GEMM splits its
/// sums by thread count), and which GEMM path the recurrent Float32 steps take. Job results record
/// it as `numerics`, so a comparison can say when two runs differ because they ran on different
/// machines.
///
/// A module of its own, outside every experiment's code dependencies, so that what is only recorded
/// never makes results stale. The packed-kernel rule restates `PackedGEMM.isAvailable` (Models):
/// change both together.
public enum NumericalEnvironment {
    /// e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64 (Zen kernels), 1 thread;
    /// recurrent Float32 GEMMs: packed AVX2/FMA kernel`.
    public static var description: String {
        "\(blas); \(recurrentGEMM)"
    }

    static var blas: String {
        let config = openblas_get_config().map { String(cString: $0).trimmingCharacters(in: .whitespaces) } ?? "unknown BLAS"
        let core = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        let threads = Int(openblas_get_num_threads())
        return "\(config) (\(core) kernels), \(threads) thread\(threads == 1 ? "" : "s")"
    }

    static var recurrentGEMM: String {
        if pr_packed_sgemm_available() == 0 { return "recurrent Float32 GEMMs: OpenBLAS (CPU lacks AVX2/FMA)" }
        if ProcessInfo.processInfo.environment["REPRO_PACKED_GEMM"] == "0" { return "recurrent Float32 GEMMs: OpenBLAS (REPRO_PACKED_GEMM=0)" }
        return "recurrent Float32 GEMMs: packed AVX2/FMA kernel"
    }
}
