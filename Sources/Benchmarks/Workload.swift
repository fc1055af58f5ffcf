/// A benchmark workload: how to build one step and how many GEMM FLOPs a step does.
///
/// `prepare` builds the model, optimiser and data once (outside the timing) and returns the step
/// to be timed; every call of the step is one full training step (or one GEMM call for the peak row).
struct Workload {
    var name: String
    var detail: String
    /// The GEMM FLOP count of one step, written out (shown in BENCHMARKS.md).
    var flopFormula: String
    var flopsPerStep: Double
    var reference: ReferenceFigures?
    /// Warm-up and timed repeats for the full and the quick run.
    var full: Stopwatch
    var quick: Stopwatch
    var prepare: () -> () -> Void
}
