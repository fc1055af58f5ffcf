import COpenBLAS

/// Process-wide OpenBLAS settings. Nothing is configured implicitly (no global initialisers):
/// an executable that trains calls `configureForTraining()` once at start-up.
///
/// (Not named `LinearAlgebra`, which would shadow the module name and break qualified names.)
public enum LinearAlgebraRuntime {
    /// One OpenBLAS thread: the training GEMMs are small (40×40×16 … 256×256×120), where extra threads
    /// gain nothing or add noise, and jobs already run in parallel processes. Single-threaded
    /// OpenBLAS also gives bit-identical results from run to run.
    public static func configureForTraining() { setBLASThreads(1) }
}
