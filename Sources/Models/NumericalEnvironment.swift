import LinearAlgebra

/// What, besides source and compiler, decides the bits of a trained result in this process: the BLAS
/// build, kernels and thread count, and which GEMM path the recurrent steps take. Job results record
/// it, so a comparison can say when two runs differ because they ran on different machines.
public enum NumericalEnvironment {
    /// e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY (Haswell kernels), 1 thread; recurrent Float32
    /// GEMMs: packed AVX2/FMA kernel`.
    public static var description: String {
        "\(LinearAlgebraRuntime.description); \(PackedGEMM.description)"
    }
}
