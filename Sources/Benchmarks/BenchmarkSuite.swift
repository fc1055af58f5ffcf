import LinearAlgebra

/// The benchmark anyone can rerun (`repro bench`): the GEMM peak plus the training-step workloads
/// (coRNN adding, PLRNN addition, LSTM, tanh RNN) and their per-step GEMM shapes alone, each timed as the median over repeats after warm-up.
public struct BenchmarkSuite: Sendable {
    /// Seed for models and data; the same seed gives the same computation (not the same timings).
    public var seed: UInt64

    public init(seed: UInt64 = 2021) {
        self.seed = seed
    }

    /// Workload names in report order, GEMM peak first.
    public var workloadNames: [String] { workloads().map(\.name) }

    func workloads() -> [Workload] {
        [GEMMPeak.workload(seed: seed), StepGEMM.coRNN(seed: seed), StepGEMM.plrnn(seed: seed),
         TrainingWorkloads.coRNN(seed: seed), TrainingWorkloads.plrnn(seed: seed),
         TrainingWorkloads.lstm(seed: seed), TrainingWorkloads.tanhRNN(seed: seed)]
    }

    /// Runs every workload with `threads` OpenBLAS threads (restored afterwards). `quick` takes
    /// fewer repeats (a smoke run, not for publishing). `include` selects workloads by name; the GEMM
    /// peak always runs, since every other row is reported against it. `progress` gets one line per
    /// finished workload.
    public func run(threads: Int, quick: Bool, include: (String) -> Bool = { _ in true },
                    progress: (BenchmarkResult) -> Void = { _ in }) -> [BenchmarkResult] {
        let previous = blasThreads
        setBLASThreads(threads)
        defer { setBLASThreads(previous) }
        var results: [BenchmarkResult] = []
        var peak: Double?, peakPerCPU: Double?
        for (index, workload) in workloads().enumerated() where index == 0 || include(workload.name) {
            let step = workload.prepare()
            let timing = (quick ? workload.quick : workload.full).measure(step)
            var result = BenchmarkResult(
                workload: workload.name, detail: workload.detail, threads: threads,
                repeats: (quick ? workload.quick : workload.full).repeats,
                medianSeconds: timing.median, minimumSeconds: timing.minimum, maximumSeconds: timing.maximum, cpuSeconds: timing.cpu,
                flopsPerStep: workload.flopsPerStep, peakGFLOPS: peak, reference: workload.reference,
                peakGFLOPSPerCPUSecond: peakPerCPU)
            if peak == nil {
                peak = result.gflops
                peakPerCPU = result.gflopsPerCPUSecond
                result.peakGFLOPS = nil
            }
            results.append(result)
            progress(result)
        }
        return results
    }

    /// The FLOP formula of every workload, by name (for the report).
    public var flopFormulas: [(name: String, formula: String)] { workloads().map { ($0.name, $0.flopFormula) } }
}

