import Configuration
import Engine
import Foundation
import HDF5
import Plotting
import Randomness
import Tasks
import Training

/// Rusch & Mishra (ICLR 2021), Fig. 1 and the adding-problem panel of Fig. 3: test MSE of coRNN,
/// expRNN, FastRNN, the antisymmetric RNN and a tanh RNN on the adding problem over training, for
/// several sequence lengths T, and coRNN's assumption-(8) quantities along the same runs.
public struct CoRNNAdding: Experiment {
    public static let id = "cornn-fig1"
    public static let codeDependencies = [
        "Models", "Training", "Tasks", "LinearAlgebra", "Randomness", "CoRNNBenchmarkModels", "CoRNNBenchmarkTraining", "CoRNNAddingData",
    ]

    // MARK: Configuration

    /// coRNN hyper-parameters used for sequence lengths up to `maxLength`.
    public struct LengthSetting: Codable, Sendable, Equatable {
        public var maxLength: Int
        public var lr: Double
        public var dt: Double
        public var gamma: Double
        public var epsilon: Double

        public init(maxLength: Int, lr: Double, dt: Double, gamma: Double, epsilon: Double) {
            self.maxLength = maxLength
            self.lr = lr
            self.dt = dt
            self.gamma = gamma
            self.epsilon = epsilon
        }

        enum CodingKeys: String, CodingKey { case maxLength = "max_length", lr, dt, gamma, epsilon }
    }

    public struct Config: ExperimentConfig, Equatable {
        /// Sequence lengths T (one panel each).
        public var lengths: [Int]
        public var hidden: Int
        public var batch: Int
        /// Optimiser steps per run.
        public var steps: Int
        /// Steps between test evaluations.
        public var evalEvery: Int
        /// Test sequences per evaluation.
        public var testSize: Int
        /// Sequences per forward pass when testing (memory bound only; does not change the result).
        public var testBatch: Int
        public var testSeed: UInt64
        public var seeds: [UInt64]
        public var models: [CoRNNModelSettings]
        /// coRNN settings by T: the first entry with `max_length ≥ T` replaces the coRNN entry's values.
        public var cornnByLength: [LengthSetting]

        enum CodingKeys: String, CodingKey {
            case lengths, hidden, batch, steps, evalEvery = "eval_every", testSize = "test_size", testBatch = "test_batch"
            case testSeed = "test_seed", seeds, models, cornnByLength = "cornn_by_length"
        }

        public func validate() throws {
            guard !lengths.isEmpty, lengths.allSatisfy({ $0 >= 2 }) else {
                throw ConfigurationError.outOfRange(key: "lengths", value: "\(lengths)", range: "non-empty, every T ≥ 2")
            }
            for (key, value) in [("hidden", hidden), ("batch", batch), ("test_size", testSize), ("test_batch", testBatch), ("eval_every", evalEvery)] {
                guard value > 0 else { throw ConfigurationError.outOfRange(key: key, value: "\(value)", range: "> 0") }
            }
            guard steps >= evalEvery, steps % evalEvery == 0 else {
                throw ConfigurationError.outOfRange(key: "steps", value: "\(steps)", range: "a positive multiple of eval_every = \(evalEvery)")
            }
            guard !seeds.isEmpty, Set(seeds).count == seeds.count else {
                throw ConfigurationError(key: "seeds", message: "needs at least one seed, without repeats")
            }
            guard !models.isEmpty, Set(models.map(\.model)).count == models.count else {
                throw ConfigurationError(key: "models", message: "needs at least one model, each at most once")
            }
            for (i, m) in models.enumerated() { try m.validate(key: "models[\(i)]") }
            for (i, s) in cornnByLength.enumerated() where !(s.lr > 0 && s.dt > 0 && s.gamma > 0 && s.epsilon > 0) {
                throw ConfigurationError.outOfRange(key: "cornn_by_length[\(i)]", value: "lr \(s.lr), dt \(s.dt), gamma \(s.gamma), epsilon \(s.epsilon)",
                                                    range: "all > 0")
            }
        }

        /// The settings a model trains with at length T.
        public func settings(for model: CoRNNModelSettings, length: Int) -> CoRNNModelSettings {
            guard model.model == .coRNN, let s = cornnByLength.first(where: { length <= $0.maxLength }) else { return model }
            var resolved = model
            resolved.lr = s.lr
            resolved.dt = s.dt
            resolved.gamma = s.gamma
            resolved.epsilon = s.epsilon
            return resolved
        }
    }

    /// One training run.
    public struct JobParameters: Codable, Sendable, Equatable {
        public var settings: CoRNNModelSettings
        public var length: Int
        public var hidden: Int
        public var batch: Int
        public var steps: Int
        public var evalEvery: Int
        public var testSize: Int
        public var testBatch: Int
        public var testSeed: UInt64
    }

    // MARK: Jobs

    public static func jobName(model: CoRNNBenchmarkModel, length: Int, seed: UInt64) -> String {
        "model=\(model.rawValue),T=\(length),seed=\(seed)"
    }

    public static func jobs(config: Config) throws -> [Job<JobParameters>] {
        var jobs: [Job<JobParameters>] = []
        for length in config.lengths {
            for model in config.models {
                for seed in config.seeds {
                    let parameters = JobParameters(
                        settings: config.settings(for: model, length: length), length: length, hidden: config.hidden,
                        batch: config.batch, steps: config.steps, evalEvery: config.evalEvery, testSize: config.testSize,
                        testBatch: config.testBatch, testSeed: config.testSeed)
                    jobs.append(Job(name: jobName(model: model.model, length: length, seed: seed), parameters: parameters, seed: seed))
                }
            }
        }
        return jobs
    }

    /// Cost of one forward multiply-add of the recurrence inside a training step (forward, BPTT,
    /// optimiser), in seconds. Measured with the release build, one OpenBLAS thread per job, two jobs on
    /// the shared 2-core machine, T = 500, 64 units, batch 50, 4000 steps: 111–204 s CPU per job for the
    /// five Fig. 1 models (mean 150 s), i.e. 2.9e-10.
    static let secondsPerTrainingMultiplyAdd = 3.0e-10

    public static func estimatedCPUSeconds(_ p: JobParameters) -> Double? {
        let perSample = Double(p.length) * p.settings.model.multiplyAdds(hidden: p.hidden, inputs: 2)
        let training = Double(p.steps * p.batch) * perSample
        // Testing is forward only, about a third of a training step per sample.
        let testing = Double(p.steps / p.evalEvery * p.testSize) * perSample / 3
        return (training + testing) * secondsPerTrainingMultiplyAdd
    }

    // MARK: Compute

    public static func compute(_ p: JobParameters, context: JobContext) throws {
        let problem = AddingProblem(steps: p.length, testCount: p.testSize, testSeed: p.testSeed)
        let intervals = p.steps / p.evalEvery
        let configuration = TrainingConfiguration(epochs: intervals, readout: .last, loss: .meanSquaredError,
                                                  clipping: p.settings.clipping)
        let root = Generator(seed: context.seed).child("\(p.settings.model.rawValue)/T=\(p.length)")
        let testRoot = Generator(seed: p.testSeed).child("adding-test/T=\(p.length)")
        let driver = CoRNNTrainingDriver(
            settings: p.settings, configuration: configuration, generator: root.child("batches"), checkpointEvery: 1,
            context: context, label: "\(p.settings.model.label), T = \(p.length)",
            data: { interval in
                CoRNNAddingData(problem: problem, batchSize: p.batch, batchesPerEpoch: p.evalEvery, testSize: p.testSize,
                                testBatchSize: p.testBatch, testGenerator: testRoot.child("evaluation-\(interval)"))
            })
        var initGenerator = root.child("init")
        let outcome = try p.settings.withModel(inputs: 2, hidden: p.hidden, outputs: 1, generator: &initGenerator, driver)
        let results = context.results
        try outcome.write(to: results, stepsPerEpoch: p.evalEvery,
                          sampleStepsPerEpoch: Double(p.evalEvery * p.batch * p.length),
                          probeNames: p.settings.model == .coRNN ? ["assumption8_y", "assumption8_z"] : [])
        try results.setAttribute("model", p.settings.model.rawValue)
        try results.setAttribute("length", p.length)
        try results.setAttribute("hyperparameters", p.settings.summary)
        if p.settings.model == .coRNN, let dt = p.settings.dt { try results.setAttribute("eta", dt.squareRoot()) }
    }

    // MARK: - Figure

    // The caption describes, it does not compute: below the marker, editing it redraws without recomputing.
    public static let reference = PaperReference(
        paper: "Rusch & Mishra, coRNN, ICLR 2021",
        seedFile: "003_581351b45c0827ff.txt",
        item: "Fig. 1 and Fig. 3 (adding panel)",
        title: "Adding problem: test MSE over training for T = 500, 2000, 5000",
        caption: """
        Test MSE on the adding problem (2 inputs per step: a U[0,1) value and a marker set once in each half of the \
        sequence; target = sum of the two marked values) over training, for coRNN, expRNN, FastRNN, the antisymmetric \
        RNN and a tanh RNN with the same number of hidden units, batch 50, fresh training batches every step, no \
        gradient clipping at paper scale (as the reference code). The reduced `default` scale clips every model's \
        gradient norm at 1 (`clip` in the YAML): in Float32, coRNN at T = 500 with lr 0.02 meets rare single-step \
        gradient explosions (norm up to 1e15, seen with OpenBLAS and with our packed kernel, and in Float64 from the \
        same parameters), after which Adam's second-moment estimate stops learning for the rest of a short run; \
        unclipped, 4 of 4 measured default runs stayed at the baseline, clipped 2 of 2 reached MSE ≈ 0.02. As in the reference code, the test MSE is measured every `eval_every` steps on a freshly \
        drawn test set (1000 sequences at paper scale); the dashed line is the baseline 0.167 of always predicting 1. \
        coRNN hyper-parameters: Table 8 gives only T = 5000 (lr 0.02, Δt 0.016, γ 94.5, ε 9.5), which we use at every \
        T. We did not use the reference code's adding defaults (Δt 0.06, γ 66, ε 15, tuned at T = 100; PROTOCOLS §5 \
        item 16): their linear part damps by ≈0.32 per step, so at T = 500 the read-out gradient vanishes long before \
        the first marker (a first default-scale run with them stayed at the baseline); `cornn_by_length` in \
        experiments/cornn-fig1.yaml can set T-dependent values. The paper gives no hyper-parameters for \
        the baselines; ours (same Adam/batch protocol): tanh RNN and FastRNN Adam lr 1e-3, expRNN RMSprop lr 1e-3 \
        (one learning rate for all parameters, unlike the reference expRNN code's separate orthogonal rate), \
        antisymmetric RNN Adam lr 1e-3 with ϵ = 0.1, γ = 0.01; all in Float with each model's reference \
        initialisation. Runs whose loss or gradient became NaN/∞ are kept and reported as diverged. The reduced \
        `default` scale (T = 500, fewer units and steps) shows the qualitative effect only. A second figure shows, for \
        the coRNN runs, the two sides of assumption (8), Δt(1+‖W‖∞)/(1+Δt) (solid) and Δt‖𝒲‖∞/(1+Δt) (dashed), \
        against η = Δt^½ (dotted line), mean ± s.d. over seeds (paper Fig. 3, adding panel).
        """)

    static let colors: [CoRNNBenchmarkModel: String] = [
        .coRNN: "#d62728", .expRNN: "#1f77b4", .fastRNN: "#2ca02c", .antisymmetricRNN: "#9467bd", .tanhRNN: "#7f7f7f",
        .lstm: "#ff7f0e", .gru: "#8c564b",
    ]

    /// One stored run as the figure stage reads it.
    struct Run {
        var steps: [Double]
        var testLoss: [Double]
        var probeY: [Double]
        var probeZ: [Double]
        var eta: Double?
        var status: String
        var reason: String?
        var hyperparameters: String
    }

    static func run(_ results: ResultSet, _ model: CoRNNBenchmarkModel, _ length: Int, _ seed: UInt64) -> Run? {
        guard let result = results.result(named: jobName(model: model, length: length, seed: seed)),
              let root = try? result.root(),
              let steps = try? root.read("steps", as: Double.self).values,
              let loss = try? root.read("test_loss", as: Double.self).values else { return nil }
        let y = (try? root.read("assumption8_y", as: Double.self).values) ?? []
        let z = (try? root.read("assumption8_z", as: Double.self).values) ?? []
        return Run(steps: steps, testLoss: loss, probeY: y, probeZ: z, eta: try? root.doubleAttribute("eta"),
                   status: (try? root.stringAttribute("status")) ?? "unknown", reason: try? root.stringAttribute("diverged_reason"),
                   hyperparameters: (try? root.stringAttribute("hyperparameters")) ?? "")
    }

    /// Sample standard deviation (0 for a single run).
    static func standardDeviation(_ values: [Double], mean: Double) -> Double {
        guard values.count > 1 else { return 0 }
        var sum = 0.0
        for v in values { sum += (v - mean) * (v - mean) }
        return (sum / Double(values.count - 1)).squareRoot()
    }

    public static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        let models = config.models.map(\.model)
        var panels: [Panel] = []
        var rows: [[String]] = []
        for length in config.lengths {
            var series: [Series] = []
            for model in models {
                for (k, seed) in config.seeds.enumerated() {
                    guard let r = run(results, model, length, seed) else { continue }
                    // Diverged intervals are NaN: drawn as a gap, and the run is listed in the notes.
                    series.append(.line(x: r.steps.map { $0 / 100 }, y: r.testLoss, title: k == 0 ? model.label : nil,
                                        color: colors[model]))
                    let finite = r.testLoss.filter(\.isFinite)
                    let below = zip(r.steps, r.testLoss).first { $0.1 < 0.05 }.map { String(Int($0.0)) } ?? "never"
                    rows.append([model.label, "\(length)", "\(seed)", r.hyperparameters,
                                 finite.last.map { String(format: "%.4f", $0) } ?? "–",
                                 finite.min().map { String(format: "%.4f", $0) } ?? "–", below,
                                 r.status == "diverged" ? "diverged: \(r.reason ?? "")" : r.status])
                    if r.status == "diverged" {
                        canvas.note("\(model.label), T = \(length), seed \(seed) diverged (\(r.reason ?? "no reason stored")); its curve ends there.")
                    }
                }
            }
            panels.append(Panel(title: "T = \(length)", xLabel: "training steps (hundreds)", yLabel: "test MSE", yRange: 0...0.2,
                                key: .outside, series: series,
                                referenceLines: [.horizontal(AddingProblem.baselineMSE, label: "baseline 0.167")]))
        }
        canvas.add(GnuplotFigure(name: "fig1", title: "Adding problem: test MSE (Rusch & Mishra 2021, Fig. 1)",
                                 rows: 1, columns: panels.count, width: 420 * panels.count + 160, height: 420, panels: panels))
        canvas.add(ResultTable(
            name: "adding-summary",
            caption: "Per run: final and lowest test MSE, first step with test MSE < 0.05 (baseline 0.167; paper: coRNN reaches ≈0 at every T, tanh RNN never beats the baseline).",
            header: ["model", "T", "seed", "hyper-parameters", "final test MSE", "lowest test MSE", "first step < 0.05", "status"],
            rows: rows))

        if models.contains(.coRNN) {
            var probePanels: [Panel] = []
            for length in config.lengths {
                let runs = config.seeds.compactMap { run(results, .coRNN, length, $0) }.filter { !$0.probeY.isEmpty }
                guard let first = runs.first else { continue }
                var series: [Series] = []
                for (values, name, dash) in [(runs.map(\.probeY), "Δt(1+‖W‖∞)/(1+Δt)", 1), (runs.map(\.probeZ), "Δt‖𝒲‖∞/(1+Δt)", 2)] {
                    let n = values.map(\.count).min() ?? 0
                    let x = Array(first.steps.prefix(n))
                    let mean = (0..<n).map { i in values.map { $0[i] }.reduce(0, +) / Double(values.count) }
                    let sd = (0..<n).map { i in Self.standardDeviation(values.map { $0[i] }, mean: mean[i]) }
                    if runs.count > 1 {
                        series.append(.band(x: x, low: zip(mean, sd).map { $0 - $1 }, high: zip(mean, sd).map { $0 + $1 }, color: "#d62728"))
                    }
                    series.append(.line(x: x, y: mean, title: name, color: "#d62728", dash: dash))
                }
                let eta = first.eta ?? .nan
                probePanels.append(Panel(title: "adding, T = \(length) (\(runs.count) run\(runs.count == 1 ? "" : "s"))",
                                         xLabel: "training steps", yLabel: "value", key: .outside, series: series,
                                         referenceLines: [.horizontal(eta, label: String(format: "η = Δt^½ = %.3f", eta))]))
            }
            canvas.add(GnuplotFigure(name: "fig3-adding", title: "coRNN assumption (8) during training, adding problem (Fig. 3)",
                                     rows: 1, columns: max(probePanels.count, 1), width: 520 * max(probePanels.count, 1) + 200,
                                     height: 420, panels: probePanels))
        }
        for failed in results.failed {
            canvas.note("Job \(failed.name) has no result: \(failed.failure ?? "unknown reason").")
        }
    }
}

// MARK: - Quantities compared by `repro compare`

extension CoRNNAdding {
    /// Per model and T: the final test MSE (mean over non-diverged seeds; 1e-6 relative against an
    /// archived single-seed run, which is deterministic, else 2 combined standard errors) and the
    /// diverged count. Claims per T, as in Fig. 1: coRNN ends below 0.05, far under the 0.167
    /// baseline; the tanh RNN does not get below 0.1.
    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] {
        var quantities: [Quantity] = []
        for length in config.lengths {
            var means: [CoRNNBenchmarkModel: Double] = [:]
            for model in config.models.map(\.model) {
                let runs = config.seeds.compactMap { run(results, model, length, $0) }
                guard !runs.isEmpty else { continue }
                let key = "T=\(length)/\(model.rawValue)"
                let diverged = runs.filter { $0.status == "diverged" }.count
                quantities.append(.scalar("\(key)/diverged", Double(diverged), meaning: "\(model.label) runs at T = \(length) that diverged",
                                          absolute: 0, relative: 0))
                let values = runs.filter { $0.status != "diverged" }.compactMap { $0.testLoss.last(where: \.isFinite) }
                guard !values.isEmpty else { continue }
                let mean = values.reduce(0, +) / Double(values.count)
                means[model] = mean
                quantities.append(Quantity(
                    name: "\(key)/final-test-mse", meaning: "\(model.label) test MSE at the last evaluation, T = \(length), mean over seeds",
                    value: .scalar(mean), uncertainty: Uncertainty(sd: values.count > 1 ? standardDeviation(values, mean: mean) : nil, n: values.count),
                    rule: values.count > 1 ? .standardErrors(k: 2) : .tolerance(absolute: 1e-9, relative: 1e-6)))
            }
            if let cornn = means[.coRNN] {
                quantities.append(.claim("T=\(length)/coRNN-below-0.05", "coRNN's final test MSE at T = \(length) is below 0.05 (baseline 0.167)",
                                         holds: cornn < 0.05))
            }
            if let tanh = means[.tanhRNN] {
                quantities.append(.claim("T=\(length)/tanh-stuck", "the tanh RNN's final test MSE at T = \(length) stays above 0.1",
                                         holds: tanh > 0.1))
            }
        }
        return quantities + publishedClaims(config: config, results: results)
    }

    /// Whether a run beats the 0.167 baseline: its test MSE stays below it at every evaluation of the
    /// second half of training. A curve that only dips under the baseline now and then (test-set noise,
    /// or the paper's expRNN at T = 5000, which "fails to consistently beat the baseline") does not.
    static func beatsBaseline(_ run: Run) -> Bool {
        let late = run.testLoss.suffix(max(run.testLoss.count / 2, 1))
        return !late.isEmpty && late.allSatisfy { $0.isFinite && $0 < AddingProblem.baselineMSE }
    }

    /// The statements of the paper's Fig. 1 text (SM line numbers in paper-results/cornn-iclr2021.yaml),
    /// each where its T and models were run. At default scale (T = 500 only, 8 % of the paper's steps)
    /// the baselines other than the tanh RNN have not learned yet, so "every model but the tanh RNN beats
    /// the baseline" is held against paper-scale runs only.
    static func publishedClaims(config: Config, results: ResultSet) -> [Quantity] {
        let present = Set(config.models.map(\.model))
        func runs(_ model: CoRNNBenchmarkModel, _ length: Int) -> [Run] {
            present.contains(model) && config.lengths.contains(length) ? config.seeds.compactMap { run(results, model, length, $0) } : []
        }
        func allBeat(_ model: CoRNNBenchmarkModel, _ length: Int) -> Bool? {
            let r = runs(model, length)
            return r.isEmpty ? nil : r.allSatisfy(beatsBaseline)
        }
        func noneBeat(_ model: CoRNNBenchmarkModel, _ length: Int) -> Bool? {
            let r = runs(model, length)
            return r.isEmpty ? nil : !r.contains(where: beatsBaseline)
        }
        func meanFinal(_ model: CoRNNBenchmarkModel, _ length: Int) -> Double? {
            let finals = runs(model, length).map { $0.status == "diverged" ? .infinity : $0.testLoss.last(where: \.isFinite) ?? .infinity }
            return finals.isEmpty ? nil : finals.reduce(0, +) / Double(finals.count)
        }
        /// Step of the first evaluation below 0.05 in the model's slowest run (∞ if one never gets there).
        func slowestToReach(_ model: CoRNNBenchmarkModel, _ length: Int) -> Double? {
            let r = runs(model, length)
            return r.isEmpty ? nil : r.map { run in zip(run.steps, run.testLoss).first { $0.1 < 0.05 }?.0 ?? .infinity }.max()
        }
        let others = CoRNNBenchmarkModel.allCases.filter { $0 != .coRNN && present.contains($0) }
        let id = "cornn-iclr2021/fig1."
        var claims: [Quantity] = []

        let tanh = config.lengths.compactMap { noneBeat(.tanhRNN, $0) }
        if !tanh.isEmpty {
            claims.append(.claim("tanh RNN never beats the baseline",
                                 "at no T (\(config.lengths.map(String.init).joined(separator: ", "))) does a tanh RNN run stay below the 0.167 baseline over the second half of training",
                                 holds: !tanh.contains(false), published: id + "tanh-never-beats-baseline", paperScales: ["default", "paper"]))
        }
        if let cornn = meanFinal(.coRNN, 500), let cornnSteps = slowestToReach(.coRNN, 500) {
            let rivals = others.compactMap { model in meanFinal(model, 500).map { (model, $0, slowestToReach(model, 500) ?? .infinity) } }
            if !rivals.isEmpty {
                // Faster: coRNN's slowest run gets under 0.05 before any other model's runs all do.
                claims.append(.claim("T=500 coRNN fastest and lowest",
                                     "T = 500: coRNN's mean final test MSE is the lowest of all models and its slowest run gets below 0.05 first",
                                     holds: cornn.isFinite && rivals.allSatisfy { cornn < $0.1 && cornnSteps < $0.2 },
                                     published: id + "T500.cornn-fastest-lowest", paperScales: ["default", "paper"]))
            }
        }
        let learners = others.filter { $0 != .tanhRNN }.compactMap { allBeat($0, 500) }
        if let cornn = allBeat(.coRNN, 500), !learners.isEmpty {
            claims.append(.claim("T=500 every model but the tanh RNN beats the baseline",
                                 "T = 500: every run of coRNN, expRNN, FastRNN and the antisymmetric RNN beats the 0.167 baseline",
                                 holds: cornn && !learners.contains(false), published: id + "T500.all-but-tanh-beat-baseline"))
        }
        if let cornn = allBeat(.coRNN, 2000), let exp = allBeat(.expRNN, 2000) {
            let rest = others.filter { $0 != .expRNN }.compactMap { noneBeat($0, 2000) }
            claims.append(.claim("T=2000 only coRNN and expRNN beat the baseline",
                                 "T = 2000: every coRNN and expRNN run beats the 0.167 baseline, no run of the other models does",
                                 holds: cornn && exp && !rest.contains(false), published: id + "T2000.only-cornn-exprnn-beat-baseline"))
        }
        if let exp = meanFinal(.expRNN, 2000) {
            claims.append(.claim("T=2000 expRNN does not reach 0.01", "T = 2000: expRNN's mean final test MSE is not below 0.01",
                                 holds: exp >= 0.01, published: id + "T2000.exprnn-above-0.01"))
        }
        if let cornn = allBeat(.coRNN, 5000), let exp = allBeat(.expRNN, 5000) {
            claims.append(.claim("T=5000 coRNN beats the baseline, expRNN not consistently",
                                 "T = 5000: every coRNN run beats the 0.167 baseline; some expRNN run does not stay below it",
                                 holds: cornn && !exp, published: id + "T5000.cornn-beats-exprnn-not-consistently"))
        }
        return claims
    }
}
