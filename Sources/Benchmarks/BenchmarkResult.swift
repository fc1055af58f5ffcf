/// One measured workload at one thread count: the median time of a training step (or GEMM call)
/// and the throughput figures derived from it.
public struct BenchmarkResult: Sendable, Equatable {
    /// Short workload name, e.g. "coRNN adding".
    public var workload: String
    /// Shape and optimiser, e.g. "T=500, 128 units, batch 50, Adam".
    public var detail: String
    public var threads: Int
    /// How many timed repeats the median is taken over (after warm-up).
    public var repeats: Int
    /// Median wall time of one step, seconds.
    public var medianSeconds: Double
    /// Fastest and slowest repeat, seconds (shows how noisy the machine was).
    public var minimumSeconds: Double
    public var maximumSeconds: Double
    /// Median process CPU time of one step, seconds (all threads; OpenBLAS threads may spin).
    public var cpuSeconds: Double
    /// GEMM floating-point operations in one step (see `Workload.flopFormula`).
    public var flopsPerStep: Double
    /// The measured GEMM peak at the same thread count, GFLOP/s (nil for the GEMM row itself).
    public var peakGFLOPS: Double?
    /// Published or measured comparison figures for this workload (1 thread).
    public var reference: ReferenceFigures?

    /// The GEMM peak's FLOPs per CPU-second at the same thread count (nil for the GEMM row itself).
    public var peakGFLOPSPerCPUSecond: Double?

    public var stepsPerSecond: Double { 1 / medianSeconds }
    /// Steps per second of CPU time: what the step rate would be on an idle core (1 thread).
    public var stepsPerCPUSecond: Double { 1 / cpuSeconds }
    public var gflops: Double { flopsPerStep / medianSeconds / 1e9 }
    public var gflopsPerCPUSecond: Double { flopsPerStep / cpuSeconds / 1e9 }
    /// Achieved GEMM throughput as a fraction of the measured 2048² GEMM peak, both per CPU-second,
    /// so that time spent waiting for a core on the shared machine cancels out.
    public var fractionOfPeak: Double? { peakGFLOPSPerCPUSecond.map { gflopsPerCPUSecond / $0 } }
}

/// Comparison throughput for a workload: the PyTorch / JAX CPU figures (1 thread, same
/// machine kind), optionally with PyTorch measured on this machine by `scripts/bench_pytorch.py`.
public struct ReferenceFigures: Sendable, Equatable {
    public var pytorchStepsPerSecond: Double?
    public var jaxStepsPerSecond: Double?
    /// PyTorch measured here (same CPU, same moment), if available.
    public var localPytorchStepsPerSecond: Double?

    public init(pytorchStepsPerSecond: Double? = nil, jaxStepsPerSecond: Double? = nil, localPytorchStepsPerSecond: Double? = nil) {
        self.pytorchStepsPerSecond = pytorchStepsPerSecond
        self.jaxStepsPerSecond = jaxStepsPerSecond
        self.localPytorchStepsPerSecond = localPytorchStepsPerSecond
    }
}
