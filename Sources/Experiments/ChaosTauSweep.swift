import Analysis
import Configuration
import Engine
import Foundation
import HDF5
import LinearAlgebra
import Plotting
import Randomness
import Reconstruction
import Training

/// Chaos paper (Mikhaeil, Monfared, Durstewitz, NeurIPS 2022), Fig. 1a and Fig. 2: D_stsp and D_H of models
/// trained by sparsely forced BPTT against the forcing interval τ (U-shaped, minimum near τ_pred = ln 2/λ_max),
/// against classical BPTT with gradient-norm clipping; and true vs freely generated Lorenz trajectories
/// for τ too small, near τ_pred and too large.
public struct ChaosTauSweep: Experiment {
    public static let id = "chaos-tau-sweep"
    public static let codeDependencies = ["Reconstruction", "Analysis", "Models", "Training", "LinearAlgebra", "Randomness"]

    // MARK: Configuration

    /// The latent model family.
    public enum ModelKind: String, ConfigEnum {
        case plrnn, rnn, lstm
    }

    /// How τ is applied during training.
    public enum ForcingMode: String, ConfigEnum {
        /// The paper: a fixed τ.
        case fixed
        /// τ drawn per batch from U{τ−Δ…τ+Δ} (rebuttal "RandomTF").
        case random
        /// τ ramped 1 → τ over training (the released code's hard-coded default).
        case annealed
    }

    /// One data set: a name (chaosrnn/<name>.h5) and its τ_pred in steps.
    public struct DataSet: Codable, Sendable, Equatable {
        public var name: String
        public var tauPred: Double

        enum CodingKeys: String, CodingKey { case name, tauPred = "tau_pred" }
    }

    public struct Config: ExperimentConfig, Equatable {
        public var datasets: [DataSet]
        public var models: [ModelKind]
        public var taus: [Int]
        /// Also run classical BPTT with gradient-norm clipping per (data set, model).
        public var clippedBaseline: Bool
        public var clipNorm: Double
        public var forcing: ForcingMode
        public var randomSpread: Int
        public var seeds: Int
        public var seed: UInt64
        public var latent: Int
        public var window: Int
        public var batchSize: Int
        public var batchesPerEpoch: Int
        public var epochs: Int
        public var learningRate: Double
        public var throughPseudoInverse: Bool
        /// Leading rows of the data file used for training and as the truth in the metrics (0 = all).
        public var dataRows: Int
        public var generatedSteps: Int
        public var spectrumChunks: Int
        public var gmm: Bool

        enum CodingKeys: String, CodingKey {
            case datasets, models, taus, clippedBaseline = "clipped_baseline", clipNorm = "clip_norm", forcing
            case randomSpread = "random_spread", seeds, seed, latent, window, batchSize = "batch_size"
            case batchesPerEpoch = "batches_per_epoch", epochs, learningRate = "learning_rate"
            case throughPseudoInverse = "through_pseudo_inverse", dataRows = "data_rows", generatedSteps = "generated_steps"
            case spectrumChunks = "spectrum_chunks", gmm
        }

        public func validate() throws {
            for (key, value) in [("seeds", seeds), ("latent", latent), ("window", window), ("batch_size", batchSize),
                                 ("batches_per_epoch", batchesPerEpoch), ("epochs", epochs), ("generated_steps", generatedSteps),
                                 ("spectrum_chunks", spectrumChunks)] where value < 1 {
                throw ConfigurationError.outOfRange(key: key, value: "\(value)", range: "≥ 1")
            }
            guard !taus.isEmpty, taus.allSatisfy({ $0 >= 1 }) else {
                throw ConfigurationError.outOfRange(key: "taus", value: "\(taus)", range: "non-empty, each ≥ 1")
            }
            guard !datasets.isEmpty, !models.isEmpty else {
                throw ConfigurationError.outOfRange(key: "datasets/models", value: "empty", range: "at least one each")
            }
            let allowed = ["lorenz63", "roessler", "duffing", "temperature", "eeg"]
            for d in datasets where !allowed.contains(d.name) {
                throw ConfigurationError.outOfRange(key: "datasets.name", value: d.name, range: allowed.joined(separator: ", "))
            }
        }
    }

    /// One training run.
    public struct JobParameters: Codable, Sendable, Equatable {
        public var dataset: String
        public var path: String
        public var model: ModelKind
        /// nil = the clipped classical-BPTT baseline.
        public var tau: Int?
        public var forcing: ForcingMode
        public var randomSpread: Int
        public var clipNorm: Double?
        public var latent: Int
        public var window: Int
        public var batchSize: Int
        public var batchesPerEpoch: Int
        public var epochs: Int
        public var learningRate: Double
        public var throughPseudoInverse: Bool
        public var dataRows: Int
        public var generatedSteps: Int
        public var spectrumChunks: Int
        public var gmm: Bool
    }

    static func dataPath(_ name: String) -> String { "../shared/datasets/chaosrnn/\(name).h5" }

    public static func inputs(config: Config) -> [InputRequirement] {
        config.datasets.map {
            InputRequirement(path: dataPath($0.name), instructions: """
                HDF5 conversion (dataset `data`, time × dimension, float64) of the DurstewitzLab/ChaosRNN data file \
                (see ../shared/datasets/README.md); place it at \(dataPath($0.name)).
                """)
        }
    }

    static func tauText(_ tau: Int?) -> String { tau.map(String.init) ?? "bptt-clip" }

    public static func jobName(dataset: String, model: ModelKind, tau: Int?, seed: Int) -> String {
        "data=\(dataset),model=\(model.rawValue),tau=\(tauText(tau)),seed=\(seed)"
    }

    public static func jobs(config: Config) throws -> [Job<JobParameters>] {
        var jobs: [Job<JobParameters>] = []
        for d in config.datasets {
            for model in config.models {
                let taus: [Int?] = config.taus.map { $0 } + (config.clippedBaseline ? [nil] : [])
                for tau in taus {
                    let p = JobParameters(
                        dataset: d.name, path: dataPath(d.name), model: model, tau: tau, forcing: config.forcing,
                        randomSpread: config.randomSpread, clipNorm: tau == nil ? config.clipNorm : nil, latent: config.latent,
                        window: config.window, batchSize: config.batchSize, batchesPerEpoch: config.batchesPerEpoch,
                        epochs: config.epochs, learningRate: config.learningRate, throughPseudoInverse: config.throughPseudoInverse,
                        dataRows: config.dataRows, generatedSteps: config.generatedSteps, spectrumChunks: config.spectrumChunks,
                        gmm: config.gmm)
                    for s in 1...config.seeds {
                        jobs.append(Job(name: jobName(dataset: d.name, model: model, tau: tau, seed: s), parameters: p,
                                        seed: config.seed &+ UInt64(s)))
                    }
                }
            }
        }
        return jobs
    }

    // MARK: Compute

    static func loadSeries(_ url: URL, rows: Int) throws -> Matrix<Double> {
        let file = try HDF5File.open(url)
        let array: NDArray<Double> = try file.root.read("data")
        try file.close()
        precondition(array.shape.count == 2, "data must be time × dimension")
        let total = array.shape[0], n = array.shape[1]
        let used = rows > 0 ? min(rows, total) : total
        return Matrix(rows: used, columns: n, storage: Array(array.values[0..<(used * n)]))
    }

    static func interval(_ p: JobParameters) -> ForcingInterval {
        guard let tau = p.tau else { return .none }
        switch p.forcing {
        case .fixed: return .fixed(tau)
        case .random: return .random(tau, spread: p.randomSpread)
        case .annealed: return .annealed(tau)
        }
    }

    public static func compute(_ p: JobParameters, context: JobContext) throws {
        let series = try loadSeries(context.url(forInput: p.path), rows: p.dataRows)
        var generator = Generator(seed: context.seed)
        var init_ = generator.child("init")
        let training = generator.child("train")
        var evaluation = generator.child("evaluation")
        let n = series.columns
        let configuration = ReconstructionTrainingConfiguration(
            forcing: interval(p), windowLength: p.window, batchSize: p.batchSize, batchesPerEpoch: p.batchesPerEpoch,
            epochs: p.epochs, learningRate: p.learningRate, clipping: p.clipNorm.map { .norm(maximum: $0) } ?? .none,
            throughPseudoInverse: p.throughPseudoInverse)
        let root = context.results
        switch p.model {
        case .plrnn:
            try run(ForcedPLRNN(latentSize: p.latent, observationSize: n, generator: &init_), p, series, configuration, training, &evaluation, root, context)
        case .rnn:
            try run(ForcedTanhRNN(latentSize: p.latent, observationSize: n, generator: &init_), p, series, configuration, training, &evaluation, root, context)
        case .lstm:
            try run(ForcedLSTM(latentSize: p.latent, observationSize: n, generator: &init_), p, series, configuration, training, &evaluation, root, context)
        }
    }

    static func run<M: LatentDynamics>(_ model: M, _ p: JobParameters, _ series: Matrix<Double>,
                                       _ configuration: ReconstructionTrainingConfiguration, _ training: Generator,
                                       _ evaluation: inout Generator, _ root: HDF5Group, _ context: JobContext) throws {
        var trainer = ReconstructionTrainer(model: model, series: series, configuration: configuration, generator: training)
        // Resume from the job's checkpoint (JSON snapshot, bit-identical continuation), saved every tenth of the run.
        let folder = context.checkpointDirectory, file = folder.appendingPathComponent("trainer.json")
        if let data = try? Data(contentsOf: file) { trainer.restore(try ReconstructionTrainer<M>.decode(data)) }
        let report = max(1, p.epochs / 20), save = max(1, p.epochs / 10)
        while !trainer.finished {
            try trainer.trainEpoch()
            if trainer.epoch % report == 0 {
                let last = trainer.losses.last.map { String(format: ", loss %.4g", $0) } ?? ""
                context.progress(Double(trainer.epoch) / Double(p.epochs) * 0.9, "epoch \(trainer.epoch)\(last)")
            }
            if trainer.epoch % save == 0 && !trainer.finished {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try ReconstructionTrainer<M>.encode(trainer.snapshot).write(to: file, options: .atomic)
            }
        }
        try root.write(trainer.losses, to: "loss")
        try root.write(trainer.gradientNorms, to: "gradient_norm")
        try root.setAttribute("diverged", trainer.diverged ? 1 : 0)
        try root.setAttribute("epochs_completed", trainer.epoch)
        let parameters = try root.createGroup("parameters")
        for param in trainer.model.parameters where param.value.count > 0 {
            _ = try parameters.write(NDArray(shape: [param.value.rows, param.value.columns], values: param.value.storage), to: param.name)
        }
        // The long free run, from the state inferred from data row 0 (ChaosRNN generate()).
        context.progress(0.9, "free run")
        let generated = trainer.diverged ? Matrix<Double>(rows: 1, columns: series.columns, repeating: .nan)
            : try trainer.model.freeRun(from: series.row(0), steps: max(p.generatedSteps, series.rows))
        _ = try root.write(NDArray(shape: [generated.rows, generated.columns], values: generated.storage), to: "generated")
        let excerpt = min(series.rows, plottedSteps)
        _ = try root.write(NDArray(shape: [excerpt, series.columns], values: Array(series.storage[0..<(excerpt * series.columns)])),
                           to: "truth_excerpt")
        let metrics = ReconstructionMetrics.evaluate(
            truth: series, generated: generated, spectrum: PowerSpectrumHellinger(chunks: p.spectrumChunks),
            gmm: p.gmm ? StateSpaceGMM() : nil, generator: &evaluation)
        try root.setAttribute("dstsp", metrics.stateSpaceBinned)
        try root.setAttribute("dstsp_counted_generated_fraction", metrics.countedGeneratedFraction)
        try root.setAttribute("dh", metrics.hellinger)
        try root.setAttribute("dstsp_gmm", metrics.stateSpaceGMM ?? .nan)
        try root.setAttribute("finite", metrics.finite ? 1 : 0)
        context.progress(1, "done")
    }

    /// Rows of the data and of the free run drawn in the trajectory figure.
    static let plottedSteps = 5000

    /// Training sample-steps × a per-sample-step cost. PLRNN (M = 30): 2.5 µs measured in a release build
    /// (100 epochs, window 200, user + sys time on a loaded 2-core machine; about half is allocation/page-fault
    /// time). tanh RNN and LSTM are guesses scaled from their step cost (not measured). Plus ~2 s for the free
    /// run and the metrics.
    public static func estimatedCPUSeconds(_ p: JobParameters) -> Double? {
        let sampleSteps = Double(p.epochs * p.batchesPerEpoch * p.batchSize * p.window)
        // Measured at M = 30 (release, one OpenBLAS thread, busy 2-core host): PLRNN 0.55 µs and LSTM 3.9 µs per
        // sample-step including the free run; the tanh RNN is not measured (assumed between them).
        let perStep: Double = switch p.model { case .plrnn: 0.55e-6; case .rnn: 1e-6; case .lstm: 3.9e-6 }
        return sampleSteps * perStep * Double(p.latent * p.latent) / 900 + 5
    }
}

// MARK: - Figure

extension ChaosTauSweep {
    // The caption describes, it does not compute: below the marker, editing it redraws without recomputing.
    public static let reference = PaperReference(
        paper: "Mikhaeil, Monfared, Durstewitz, On the difficulty of learning chaotic dynamics with RNNs, NeurIPS 2022",
        seedFile: "002_cc46935b63910564.txt",
        item: "Fig. 1a (D_stsp, D_H vs τ) and Fig. 2 (true vs generated Lorenz trajectories)",
        title: "Sparsely forced BPTT: attractor reconstruction quality vs forcing interval τ",
        caption: """
        Top: D_stsp (state-space KL divergence, binned) and D_H (power-spectrum Hellinger distance) of freely \
        generated trajectories against the data, vs the forcing interval τ (log axis), mean ± SEM over seeds; one \
        colour per model, solid = sparsely forced BPTT, dashed horizontal = classical BPTT with gradient-norm \
        clipping (norm 1 before every update, no forcing). Vertical line: τ_pred = ln 2 / λ_max with the paper's λ \
        per step (Lorenz 0.015 ⇒ 46.2; Rössler 0.009 ⇒ 77.0; Duffing 39.3) — for the shipped Lorenz file (ρ ≈ 38) our \
        own λ_max estimate would give τ_pred ≈ 62 (PROTOCOLS §5 item 12); the paper's line is drawn. Open circles: the published LSTM D_stsp by τ on \
        Lorenz (ChaosRNN CreateFigures.ipynb output; full protocol). Bottom figure: x–z projection of the data and \
        of the free run of the first seed of the first model at the smallest τ, the τ nearest τ_pred and the \
        largest τ. Protocol (paper §4 + ChaosRNN repo): latent models x̂ = B z (PLRNN z' = A z + W relu(z) + h; \
        tanh RNN; LSTM with forced state h, cell state reset to 0 at forcing times), no inputs; forcing z = B⁺x_t \
        (Moore–Penrose pseudo-inverse, as the code; the paper's (BᵀB)⁻¹Bᵀ is singular for M > N) at window steps \
        t with t mod τ = 0, t ≠ 0, and z = B⁺x at every window start; MSE on every step; gradients do not flow \
        back across a forcing time but do flow into B through B⁺ (the reference does not detach B). Fixed τ: the \
        released code's hard-coded τ annealing is switched off (PROTOCOLS §5 item 9). Windows of `window` steps \
        drawn without replacement, 32 per batch, 10 batches per epoch, Adam lr 1e-3, PyTorch-default-like \
        uniform inits. Evaluation: one free run of `generated_steps` steps from z0 = B⁺x_0 (data row 0); \
        D_stsp with the reference evaluator's conventions (10 bins per dimension, box ±2σ around 0, first bin \
        dropped, Laplace α = 1e-5, KL(true‖gen); PROTOCOLS §5 items 11–12b — only ~32 % of the pooled-standardised \
        Lorenz points fall in counted bins); D_H with 50 chunks, σ = 2 smoothing, first 500 bins. Runs whose \
        loss or free run became non-finite are kept and counted in the table (their metrics are NaN and are left \
        out of the means). The scale's reductions (window length, epochs, seeds, τ set) are in the notes.
        """)

    /// PROTOCOLS.md §1 P2 Fig. 1a ✔check: LSTM D_stsp mean (SEM) by τ on Lorenz (CreateFigures.ipynb).
    static let publishedLSTM: [(tau: Int, mean: Double, sem: Double)] = [
        (5, 4.36, 2.08), (30, 0.0618, 0.0065), (50, 0.191, 0.044), (60, 0.415, 0.034), (70, 1.34, 0.19),
        (100, 9.34, 1.47), (200, 12.06, 1.41), (500, 9.03, 1.75), (1000, 7.76, 0.41)]

    /// Per-run outcome read back from a job file.
    struct RunResult {
        var dstsp: Double
        var dh: Double
        var diverged: Bool
        var finite: Bool
    }

    static func runResult(_ results: ResultSet, _ name: String) -> RunResult? {
        guard let r = results.result(named: name), let root = try? r.root() else { return nil }
        guard let dstsp = try? root.doubleAttribute("dstsp"), let dh = try? root.doubleAttribute("dh") else { return nil }
        let diverged = ((try? root.doubleAttribute("diverged")) ?? 0) != 0
        let finite = ((try? root.doubleAttribute("finite")) ?? 1) != 0
        return RunResult(dstsp: dstsp, dh: dh, diverged: diverged, finite: finite)
    }

    /// Mean, SEM, number of runs with finite values, runs found, and runs that diverged or left the
    /// counted box (NaN D_stsp).
    struct Aggregate {
        var dstsp: (mean: Double, sem: Double)
        var dh: (mean: Double, sem: Double)
        var used: Int
        var runs: Int
        var failed: Int
        var values: [Double]
    }

    static func meanSEM(_ v: [Double]) -> (mean: Double, sem: Double) {
        guard !v.isEmpty else { return (.nan, .nan) }
        let m = v.reduce(0, +) / Double(v.count)
        guard v.count > 1 else { return (m, 0) }
        let s = (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count - 1)).squareRoot()
        return (m, s / Double(v.count).squareRoot())
    }

    static func aggregate(_ config: Config, _ results: ResultSet, dataset: String, model: ModelKind, tau: Int?) -> Aggregate {
        let runs = (1...config.seeds).compactMap { runResult(results, jobName(dataset: dataset, model: model, tau: tau, seed: $0)) }
        let ok = runs.filter { $0.dstsp.isFinite && $0.dh.isFinite }
        return Aggregate(dstsp: meanSEM(ok.map(\.dstsp)), dh: meanSEM(ok.map(\.dh)), used: ok.count, runs: runs.count,
                         failed: runs.count - ok.count, values: ok.map(\.dstsp))
    }

    static func format(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "–" }

    static let colors: [ModelKind: String] = [.plrnn: "#d62728", .rnn: "#2ca02c", .lstm: "#1f77b4"]

    public static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        var panels: [Panel] = []
        var rows: [[String]] = []
        let taus = config.taus.sorted()
        for d in config.datasets {
            for (metric, label) in [("dstsp", "D_stsp"), ("dh", "D_H")] {
                var series: [Series] = []
                for model in config.models {
                    let color = colors[model]
                    var x: [Double] = [], y: [Double] = [], e: [Double] = []
                    for tau in taus {
                        let a = aggregate(config, results, dataset: d.name, model: model, tau: tau)
                        let v = metric == "dstsp" ? a.dstsp : a.dh
                        guard v.mean.isFinite else { continue }
                        x.append(Double(tau)); y.append(v.mean); e.append(v.sem)
                    }
                    series.append(.errorLines(x: x, y: y, error: e, title: "\(model.rawValue) sparse forcing", color: color))
                    if config.clippedBaseline {
                        let a = aggregate(config, results, dataset: d.name, model: model, tau: nil)
                        let v = metric == "dstsp" ? a.dstsp : a.dh
                        if v.mean.isFinite, let lo = taus.first, let hi = taus.last {
                            series.append(.line(x: [Double(lo), Double(hi)], y: [v.mean, v.mean],
                                                title: "\(model.rawValue) BPTT + clip \(format(config.clipNorm))", color: color, dash: 2))
                        }
                    }
                }
                if metric == "dstsp" && d.name == "lorenz63" {
                    series.append(.points(x: publishedLSTM.map { Double($0.tau) }, y: publishedLSTM.map(\.mean),
                                          title: "published LSTM (full protocol)", color: colors[.lstm], pointType: 6, pointSize: 1.3))
                }
                panels.append(Panel(title: "\(d.name): \(label) vs τ", xLabel: "forcing interval τ (steps)", yLabel: label,
                                    logX: true, logY: metric == "dstsp", key: metric == "dstsp" ? .topLeft : .none, series: series,
                                    referenceLines: [.vertical(d.tauPred, label: "τ_pred")]))
            }
            for model in config.models {
                for tau in taus.map({ Optional($0) }) + (config.clippedBaseline ? [nil] : []) {
                    let a = aggregate(config, results, dataset: d.name, model: model, tau: tau)
                    rows.append([d.name, model.rawValue, tauText(tau), "\(a.runs)", "\(a.failed)",
                                 "\(format(a.dstsp.mean)) ± \(format(a.dstsp.sem))", "\(format(a.dh.mean)) ± \(format(a.dh.sem))",
                                 d.name == "lorenz63" && model == .lstm ? (publishedLSTM.first { $0.tau == tau }.map { format($0.mean) } ?? "–") : "–"])
                }
            }
        }
        canvas.add(GnuplotFigure(name: "fig1a", title: "Reconstruction quality vs forcing interval τ (chaos paper Fig. 1a)",
                                 rows: config.datasets.count, columns: 2, panels: panels))
        canvas.add(ResultTable(name: "fig1a-values",
                               caption: "Per point: runs found, runs with non-finite loss or metrics (left out of the means), D_stsp and D_H mean ± SEM, published LSTM D_stsp (Lorenz).",
                               header: ["data", "model", "τ", "runs", "failed", "D_stsp", "D_H", "published D_stsp (LSTM)"], rows: rows))
        try trajectoryFigure(config: config, results: results, canvas: canvas)
        canvas.note("This scale: window \(config.window) steps, \(config.epochs) epochs × \(config.batchesPerEpoch) batches × \(config.batchSize) windows, M = \(config.latent), \(config.seeds) seed(s), τ ∈ {\(taus.map(String.init).joined(separator: ", "))}, forcing \(config.forcing.rawValue), free run \(config.generatedSteps) steps, data rows \(config.dataRows == 0 ? "all" : String(config.dataRows)). Paper protocol: window 1000, 3000 epochs, M = 30.")
        for failed in results.failed { canvas.note("Job \(failed.name) has no result: \(failed.failure ?? "unknown reason").") }
    }

    /// True vs generated x–z projections at the smallest τ, the τ nearest τ_pred and the largest τ.
    static func trajectoryFigure(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        guard let d = config.datasets.first, let model = config.models.first else { return }
        let taus = config.taus.sorted()
        guard let lo = taus.first, let hi = taus.last else { return }
        let mid = taus.min { abs(Double($0) - d.tauPred) < abs(Double($1) - d.tauPred) }!
        var panels: [Panel] = []
        var picks: [(Int, String)] = []
        for (tau, what) in [(lo, "too small"), (mid, "≈ τ_pred"), (hi, "too large")] where !picks.contains(where: { $0.0 == tau }) {
            picks.append((tau, what))
        }
        for (tau, what) in picks {
            let name = jobName(dataset: d.name, model: model, tau: tau, seed: 1)
            guard let root = try? results.result(named: name)?.root(),
                  let gen: NDArray<Double> = try? root.read("generated"),
                  let truth: NDArray<Double> = try? root.read("truth_excerpt") else {
                canvas.note("No trajectory for \(name).")
                continue
            }
            let n = truth.shape[1], xi = 0, zi = min(2, n - 1)
            let rowsT = truth.shape[0], rowsG = min(gen.shape[0], plottedSteps)
            var series: [Series] = [.line(x: (0..<rowsT).map { truth.values[$0 * n + xi] }, y: (0..<rowsT).map { truth.values[$0 * n + zi] },
                                          title: "data", color: "#999999")]
            if gen.values.allSatisfy(\.isFinite) {
                series.append(.line(x: (0..<rowsG).map { gen.values[$0 * n + xi] }, y: (0..<rowsG).map { gen.values[$0 * n + zi] },
                                    title: "generated", color: colors[model]))
            }
            let a = runResult(results, name)
            panels.append(Panel(title: "τ = \(tau) (\(what)), D_stsp = \(format(a?.dstsp ?? .nan))", xLabel: "x", yLabel: "z",
                                key: panels.isEmpty ? .topLeft : .none, series: series))
        }
        canvas.add(GnuplotFigure(name: "fig2", title: "\(d.name): data vs free run of the \(model.rawValue), seed 1 (chaos paper Fig. 2)",
                                 rows: 1, columns: max(1, panels.count), panels: panels))
    }
}

// MARK: - Quantities compared by `repro compare`

extension ChaosTauSweep {
    /// Per (data set, model, τ): mean D_stsp and D_H with SEM; for the LSTM on Lorenz the D_stsp maps to
    /// the published value at that τ (paper scale). The U-shape claim is checked at default and paper scale.
    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] {
        var quantities: [Quantity] = []
        for d in config.datasets {
            for model in config.models {
                let taus: [Int?] = config.taus.sorted().map { $0 } + (config.clippedBaseline ? [nil] : [])
                var byTau: [(tau: Int?, a: Aggregate)] = []
                for tau in taus {
                    let a = aggregate(config, results, dataset: d.name, model: model, tau: tau)
                    byTau.append((tau, a))
                    guard a.used > 0 else { continue }
                    let label = "data=\(d.name),model=\(model.rawValue),tau=\(tauText(tau))"
                    let published = d.name == "lorenz63" && model == .lstm && publishedLSTM.contains { $0.tau == tau }
                        ? "chaosrnn-neurips2022/fig1a.lstm.tau\(tau!).dstsp" : nil
                    quantities.append(Quantity(
                        name: "\(label)/dstsp", meaning: "mean D_stsp (binned, KL(true‖gen)) over \(a.used) seed(s), \(model.rawValue) on \(d.name), τ = \(tauText(tau))",
                        value: .scalar(a.dstsp.mean), uncertainty: a.used > 1 ? Uncertainty(sem: a.dstsp.sem, n: a.used) : nil,
                        rule: a.used > 1 ? .welch(alpha: 0.01) : .tolerance(absolute: 1e-9, relative: 1e-6),
                        paperRule: .standardErrors(k: 3), published: published))
                    quantities.append(Quantity(
                        name: "\(label)/dh", meaning: "mean D_H over \(a.used) seed(s), \(model.rawValue) on \(d.name), τ = \(tauText(tau))",
                        value: .scalar(a.dh.mean), uncertainty: a.used > 1 ? Uncertainty(sem: a.dh.sem, n: a.used) : nil,
                        rule: a.used > 1 ? .welch(alpha: 0.01) : .tolerance(absolute: 1e-9, relative: 1e-6)))
                }
                let forced = byTau.filter { $0.tau != nil && $0.a.dstsp.mean.isFinite }
                guard let smallest = forced.first,
                      let near = forced.min(by: { abs(Double($0.tau!) - d.tauPred) < abs(Double($1.tau!) - d.tauPred) }) else { continue }
                let clipped = byTau.first { $0.tau == nil }?.a.dstsp.mean ?? .nan
                let holds = near.a.dstsp.mean < smallest.a.dstsp.mean && (!clipped.isFinite || near.a.dstsp.mean < clipped)
                    && near.tau != smallest.tau
                quantities.append(.claim(
                    "data=\(d.name),model=\(model.rawValue)/u-shape",
                    "\(model.rawValue) on \(d.name): mean D_stsp at the τ nearest τ_pred (τ = \(near.tau!)) is below that at the smallest τ (\(smallest.tau!)) and below clipped BPTT",
                    holds: holds, published: "chaosrnn-neurips2022/fig1a.u-shape", paperScales: ["default", "paper"]))
            }
        }
        return quantities
    }
}
