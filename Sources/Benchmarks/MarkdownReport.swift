import Foundation

/// Renders benchmark results as the BENCHMARKS.md page: provenance (command, date, machine, load),
/// the results table with ratios against the reference figures, FLOP formulas, and an analysis of
/// how far each workload is from the GEMM-throughput limit.
public struct MarkdownReport: Sendable {
    public var results: [BenchmarkResult]
    public var machine: MachineInfo
    /// Load averages read after the run.
    public var loadAfter: [Double]
    /// The command line that produced the page.
    public var command: String
    public var quick: Bool
    /// FLOP formula per workload name.
    public var flopFormulas: [(name: String, formula: String)]
    /// PyTorch measured on this machine (workload name → steps/s, 1 thread), or nil with a reason.
    public var localPyTorch: [String: Double]?
    public var localPyTorchNote: String

    public init(results: [BenchmarkResult], machine: MachineInfo, loadAfter: [Double], command: String, quick: Bool,
                flopFormulas: [(name: String, formula: String)], localPyTorch: [String: Double]?, localPyTorchNote: String) {
        self.results = results
        self.machine = machine
        self.loadAfter = loadAfter
        self.command = command
        self.quick = quick
        self.flopFormulas = flopFormulas
        self.localPyTorch = localPyTorch
        self.localPyTorchNote = localPyTorchNote
    }

    static func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
    static func sig(_ x: Double) -> String {
        x >= 100 ? f(x, 0) : x >= 10 ? f(x, 1) : f(x, 2)
    }
    static func loads(_ l: [Double]) -> String { l.map { f($0, 2) }.joined(separator: ", ") }

    /// Targets from the issue (steps/s, 1 thread).
    static let targets: [String: Double] = ["coRNN adding": 10, "PLRNN addition": 1100]

    public func render() -> String {
        var out = "# Benchmarks\n\n"
        out += "Training-step throughput of the hand-written BPTT kernels (Float32), against the machine's measured GEMM peak "
        out += "and the PyTorch / JAX CPU reference figures from the issue. Regenerate with `make bench`.\n\n"
        out += "## How this was produced\n\n"
        let formatter = ISO8601DateFormatter()
        out += "- Command: `\(command)`\(quick ? " (**quick mode**: few repeats, indicative only)" : "")\n"
        out += "- Date: \(formatter.string(from: machine.date))\n"
        out += "- Machine: \(machine.cpuModel), \(machine.logicalCores) logical cores (SIMD flags: \(machine.flags.isEmpty ? "n/a" : machine.flags))\n"
        out += "- Load average (1, 5, 15 min) before: \(Self.loads(machine.loadAverage)); after: \(Self.loads(loadAfter)). "
        out += "The machine is shared with other build jobs, so all timings are medians and carry roughly ±20 % noise; "
        out += "the min–max column shows the spread.\n"
        out += "- Build: `swift build -c release` (Swift 6, `-Ounchecked` for the numerical modules, baseline x86-64 — no `-target-cpu`, "
        out += "so no AVX/FMA in Swift code; OpenBLAS picks its own kernels at run time). OpenBLAS threads set with "
        out += "`setBLASThreads` (`openblas_set_num_threads`).\n"
        out += "- Step = `Trainer.step`: forward, MSE loss, BPTT, clipping where stated, Adam (PyTorch semantics) — on one fixed random "
        out += "batch of the stated shape, after warm-up.\n\n"

        out += "## Results\n\n"
        out += "| workload | threads | steps/s | median ms (min–max) | GFLOP/s | % of GEMM peak | PyTorch ref (×) | JAX ref (×) | target |\n"
        out += "|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
        for r in results {
            let isPeak = r.peakGFLOPS == nil
            let steps = isPeak ? "—" : Self.sig(r.stepsPerSecond)
            let time = "\(Self.sig(r.medianSeconds * 1e3)) (\(Self.sig(r.minimumSeconds * 1e3))–\(Self.sig(r.maximumSeconds * 1e3)))"
            let peak = r.fractionOfPeak.map { Self.f(100 * $0, 0) + " %" } ?? "100 % (peak)"
            var py = "—", jax = "—", target = "—"
            if let ref = r.reference {
                if let p = ref.pytorchStepsPerSecond { py = "\(Self.sig(p)) (\(Self.f(r.stepsPerSecond / p, 1))×)" }
                if let j = ref.jaxStepsPerSecond { jax = "\(Self.sig(j)) (\(Self.f(r.stepsPerSecond / j, 1))×)" }
            }
            if let goal = Self.targets[r.workload] {
                target = "≥ \(Self.sig(goal)): " + (r.stepsPerSecond >= goal ? "met" : "**not met**")
            }
            out += "| \(r.workload) — \(r.detail) | \(r.threads) | \(steps) | \(time) | \(Self.f(r.gflops, 1)) | \(peak) | \(py) | \(jax) | \(target) |\n"
        }
        out += "\nReference figures (issue; PyTorch 2.13 CPU and JAX 0.10, 1 thread, same machine kind): coRNN adding 3.1 steps/s "
        out += "(15 GFLOP/s) in PyTorch, 6.1 in JAX; PLRNN addition 56 steps/s in PyTorch, 558 in JAX (jit); GEMM 2048² ≈ 75 GFLOP/s on 1 thread. "
        out += "The × columns are our steps/s divided by those (for every thread count; the references are 1-thread).\n\n"

        out += "### PyTorch measured on this machine\n\n"
        if let local = localPyTorch, !local.isEmpty {
            out += "`scripts/bench_pytorch.py` (same workloads, `torch.set_num_threads(1)`, median over repeats after warm-up), run just before this benchmark:\n\n"
            out += "| workload | PyTorch steps/s (1 thread, here) | ours, 1 thread | ratio |\n|---|---:|---:|---:|\n"
            for r in results where r.threads == (results.map(\.threads).min() ?? 1) && r.peakGFLOPS != nil {
                guard let p = local[r.workload] else { continue }
                out += "| \(r.workload) | \(Self.sig(p)) | \(Self.sig(r.stepsPerSecond)) | \(Self.f(r.stepsPerSecond / p, 1))× |\n"
            }
            out += "\n\(localPyTorchNote)\n\n"
        } else {
            out += "\(localPyTorchNote)\n\n"
        }

        out += "## FLOP counts\n\n"
        out += "Only GEMM FLOPs are counted (a multiply-add = 2 FLOPs); element-wise work (tanh, the oscillator update, Adam) is not. "
        out += "B = batch, M = hidden units, K = input size (2), T = sequence length. The read-out (M→1) is negligible and left out.\n\n"
        for (name, formula) in flopFormulas {
            let perStep = results.first { $0.workload == name }?.flopsPerStep ?? 0
            out += "- **\(name)**: \(formula) = \(Self.sig(perStep / 1e9)) GFLOP per step.\n"
        }
        out += "\n" + analysis()
        return out
    }

    func result(_ name: String, threads: Int) -> BenchmarkResult? {
        results.first { $0.workload == name && $0.threads == threads }
    }

    /// How close each workload is to the GEMM limit, and why — numbers filled in from this run.
    func analysis() -> String {
        let threadCounts = Array(Set(results.map(\.threads))).sorted()
        let t1 = threadCounts.first ?? 1
        var out = "## How close to the limit, and why\n\n"
        if let peak = result("GEMM \(GEMMPeak.size)²", threads: t1) {
            out += "- **GEMM peak.** A 2048³ sgemm reaches \(Self.f(peak.gflops, 1)) GFLOP/s on \(t1) thread"
            if let p2 = threadCounts.dropFirst().first.flatMap({ result("GEMM \(GEMMPeak.size)²", threads: $0) }) {
                out += " and \(Self.f(p2.gflops, 1)) GFLOP/s on \(p2.threads)"
            }
            out += ". That is the ceiling every row is compared with; no recurrent workload can approach it, because its "
            out += "GEMMs are small and must run one time step after another.\n"
        }
        if let c = result("coRNN adding", threads: t1) {
            out += "- **coRNN (T=500, 128 units, batch 50)** runs at \(Self.f(c.gflops, 1)) GFLOP/s = \(Self.f(100 * (c.fractionOfPeak ?? 0), 0)) % of the peak. "
            out += "Each time step does two dependent GEMMs of 50×256×128 shape (forward A = [z y]·[𝒲 W]ᵀ, backward d[z y] += dA·[𝒲 W]); "
            out += "at that size OpenBLAS sgemm reaches roughly 60–70 % of its large-matrix throughput (packing and edge overhead on "
            out += "50-row panels), and the weight gradient is one large GEMM over all T·B rows after the loop, which runs near peak. "
            out += "The rest of the step is element-wise: tanh (a branch-free rational approximation, vectorised), the oscillator "
            out += "update and its adjoint, about 10 FLOPs per unit per step forward and 20 backward, all memory-bound on the "
            out += "T·B·M tape. Threads help little: each GEMM is ~1.6 MFLOP, below the size where OpenBLAS's threading pays off.\n"
        }
        if let p = result("PLRNN addition", threads: t1) {
            let perGemm = p.medianSeconds / 200 * 1e6
            out += "- **PLRNN (M=40, T=100, batch 16)** reaches only \(Self.f(p.gflops, 1)) GFLOP/s (\(Self.f(100 * (p.fractionOfPeak ?? 0), 1)) % of peak): "
            out += "it is latency/overhead-bound, not FLOP-bound. A step is 200 sequential 16×40×40 GEMMs (51 kFLOP each, ~1 µs of "
            out += "OpenBLAS call overhead apiece) plus element-wise work; the whole training step takes \(Self.f(p.medianSeconds * 1e6, 0)) µs, "
            out += "i.e. \(Self.f(perGemm, 1)) µs per recurrent GEMM including everything else. The GEMM limit would be "
            out += "\(Self.f(p.flopsPerStep / 1e3, 0)) kFLOP / peak ≈ \(Self.f(p.flopsPerStep / ((result("GEMM \(GEMMPeak.size)²", threads: t1)?.gflops ?? 75) * 1e9) * 1e6, 0)) µs per step, "
            out += "so call overhead, not arithmetic, sets the pace. Threads cannot help (OpenBLAS runs such GEMMs on one thread).\n"
        }
        if let l = result("LSTM addition", threads: t1) {
            out += "- **LSTM (40 units)**: \(Self.f(l.gflops, 1)) GFLOP/s; same regime as the PLRNN — small per-step GEMMs (16×160×40) and "
            out += "four gate non-linearities per unit.\n"
        }
        if let r = result("tanh RNN adding", threads: t1) {
            out += "- **tanh RNN (T=500, 128 units, batch 50)**: \(Self.f(r.gflops, 1)) GFLOP/s (\(Self.f(100 * (r.fractionOfPeak ?? 0), 0)) % of peak); "
            out += "its recurrent GEMMs are 50×128×128 (half the coRNN's), so per-call overhead and the element-wise tanh weigh more.\n"
        }
        return out
    }
}
