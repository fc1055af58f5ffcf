import Configuration
import Engine
import Foundation
import HDF5
import Plotting

/// rPLRNN paper, Fig. S3 A–C: rPLRNN addition-problem error against the number of units M, the
/// regularisation strength τ and the regularised fraction Mreg/M — above all the sharp success
/// threshold between τ = 1 and τ = 2.
public struct RPLRNNFigS3: Experiment {
    public static let id = "rplrnn-figS3"
    public static let codeDependencies = ["RPLRNNBenchmarks", "Models", "Training", "Tasks"]

    // MARK: Configuration

    /// One sweep: a sequence length, the values of the swept setting and, optionally, its own training
    /// protocol (nil: the experiment-wide value). Why per sweep: the τ threshold shows only under a
    /// protocol where some runs fail, while the M and Mreg/M panels show under another.
    public struct Sweep: Codable, Sendable, Equatable {
        public var steps: Int
        public var values: [Double]
        public var seeds: Int?
        public var trainCount: Int?
        public var batchSize: Int?
        public var epochs: Int?
        public var clip: Double?

        enum CodingKeys: String, CodingKey {
            case steps = "T", values, seeds, trainCount = "train_count", batchSize = "batch_size", epochs, clip
        }
    }

    /// The training protocol one sweep runs with: its own settings over the experiment-wide ones.
    public struct SweepProtocol: Sendable, Equatable {
        public var seeds: Int
        public var trainCount: Int
        public var batchSize: Int
        public var epochs: Int
        public var clip: Double

        /// `batch 50, 20 epochs, clip 3, 5000 training sequences, 8 seeds`.
        public var description: String {
            "batch \(batchSize), \(epochs) epochs, clip \(RPLRNNFigS3.format(clip)), \(trainCount) training sequences, \(seeds) seed(s)"
        }
    }

    /// The three panels.
    public struct Sweeps: Codable, Sendable, Equatable {
        public var hidden: Sweep
        public var tau: Sweep
        public var fraction: Sweep
    }

    /// Which setting a job varies.
    public enum SweepName: String, ConfigEnum { case hidden, tau, fraction }

    public struct Config: ExperimentConfig, Equatable {
        public var aggregation: RPLRNNAggregation
        public var hidden: Int
        public var tau: Double
        public var fraction: Double
        public var seeds: Int
        public var seed: UInt64
        public var learningRate: Double
        public var trainCount: Int
        public var testCount: Int
        public var testBatchSize: Int
        public var batchSize: Int
        public var epochs: Int
        public var clip: Double
        public var divergenceBound: Double
        public var sweeps: Sweeps

        enum CodingKeys: String, CodingKey {
            case aggregation, hidden, tau, fraction, seeds, seed, learningRate = "learning_rate", trainCount = "train_count"
            case testCount = "test_count", testBatchSize = "test_batch_size", batchSize = "batch_size", epochs, clip
            case divergenceBound = "divergence_bound", sweeps
        }

        public func validate() throws {
            for (key, value) in [("seeds", seeds), ("hidden", hidden), ("train_count", trainCount), ("test_count", testCount),
                                 ("test_batch_size", testBatchSize), ("batch_size", batchSize), ("epochs", epochs)] where value < 1 {
                throw ConfigurationError.outOfRange(key: key, value: "\(value)", range: "≥ 1")
            }
            guard clip > 0 else { throw ConfigurationError.outOfRange(key: "clip", value: "\(clip)", range: "> 0") }
            for (key, sweep) in [("hidden", sweeps.hidden), ("tau", sweeps.tau), ("fraction", sweeps.fraction)] {
                guard sweep.steps >= 12 else {
                    throw ConfigurationError.outOfRange(key: "sweeps.\(key).T", value: "\(sweep.steps)", range: "≥ 12")
                }
                for (name, value) in [("seeds", sweep.seeds), ("train_count", sweep.trainCount), ("batch_size", sweep.batchSize),
                                      ("epochs", sweep.epochs)] {
                    if let value, value < 1 {
                        throw ConfigurationError.outOfRange(key: "sweeps.\(key).\(name)", value: "\(value)", range: "≥ 1 (or null: the value above)")
                    }
                }
                if let clip = sweep.clip, !(clip > 0) {
                    throw ConfigurationError.outOfRange(key: "sweeps.\(key).clip", value: "\(clip)", range: "> 0 (or null: the value above)")
                }
            }
            guard sweeps.hidden.values.allSatisfy({ $0 >= 1 && $0 == $0.rounded() }) else {
                throw ConfigurationError.outOfRange(key: "sweeps.hidden.values", value: "\(sweeps.hidden.values)", range: "whole numbers ≥ 1")
            }
            guard sweeps.tau.values.allSatisfy({ $0 >= 0 }) else {
                throw ConfigurationError.outOfRange(key: "sweeps.tau.values", value: "\(sweeps.tau.values)", range: "≥ 0")
            }
            guard (sweeps.fraction.values + [fraction]).allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
                throw ConfigurationError.outOfRange(key: "sweeps.fraction.values", value: "\(sweeps.fraction.values)", range: "[0, 1]")
            }
        }

        func sweep(_ name: SweepName) -> Sweep {
            switch name {
            case .hidden: return sweeps.hidden
            case .tau: return sweeps.tau
            case .fraction: return sweeps.fraction
            }
        }

        /// The protocol the `name` sweep trains with.
        public func trainingProtocol(_ name: SweepName) -> SweepProtocol {
            let sweep = sweep(name)
            return SweepProtocol(seeds: sweep.seeds ?? seeds, trainCount: sweep.trainCount ?? trainCount,
                                 batchSize: sweep.batchSize ?? batchSize, epochs: sweep.epochs ?? epochs, clip: sweep.clip ?? clip)
        }
    }

    public typealias JobParameters = RPLRNNRun

    static func valueText(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(v) }

    public static func jobName(_ sweep: SweepName, value: Double, seed: Int) -> String {
        "sweep=\(sweep.rawValue),value=\(valueText(value)),seed=\(seed)"
    }

    public static func jobs(config: Config) throws -> [Job<RPLRNNRun>] {
        var jobs: [Job<RPLRNNRun>] = []
        for name in SweepName.allCases {
            let sweep = config.sweep(name)
            let training = config.trainingProtocol(name)
            for value in sweep.values {
                let run = RPLRNNRun(
                    task: .addition, model: .rPLRNN, steps: sweep.steps,
                    hidden: name == .hidden ? Int(value) : config.hidden,
                    tau: name == .tau ? value : config.tau,
                    regularizedFraction: name == .fraction ? value : config.fraction,
                    trainCount: training.trainCount, testCount: config.testCount, batchSize: training.batchSize,
                    testBatchSize: config.testBatchSize, epochs: training.epochs, learningRate: config.learningRate,
                    clip: training.clip, divergenceBound: config.divergenceBound, mnist: nil)
                for s in 1...training.seeds {
                    jobs.append(Job(name: jobName(name, value: value, seed: s), parameters: run, seed: config.seed + UInt64(s)))
                }
            }
        }
        return jobs
    }

    public static func compute(_ parameters: RPLRNNRun, context: JobContext) throws {
        try RPLRNNTraining.compute(parameters, context: context)
    }

    public static func estimatedCPUSeconds(_ parameters: RPLRNNRun) -> Double? {
        RPLRNNTraining.estimatedSeconds(parameters)
    }

    // MARK: - Figure

    // The caption describes, it does not compute: below the marker, editing it redraws without recomputing.
    public static let reference = PaperReference(
        paper: "Schmidt, Koppe, Monfared, Beutelspacher, Durstewitz (rPLRNN), ICLR 2020 submission / ICLR 2021",
        seedFile: "001_10a8a1ac4f97758c.txt",
        item: "Fig. S3A–C (supplementary)",
        title: "rPLRNN addition error vs M, τ and Mreg/M",
        caption: """
        Best-epoch test MSE of the rPLRNN on the addition problem (mean over seeds, error bars SEM) against (A) the \
        number of latent units M (T = 300 in the paper, τ = 5, Mreg/M = 0.5), (B) the regularisation strength τ \
        (T = 200, M = 40, Mreg/M = 0.5; τ = 0 is drawn at τ = 0.1 on the log axis) and (C) the regularised fraction \
        Mreg/M (T = 200, M = 40, τ = 5). Dashed verticals: the settings chosen for Fig. 2 (M = 40, τ = 5, \
        Mreg/M = 0.5); dashed horizontal: chance (MSE 0.166). Open symbols: the published values recomputed from the \
        authors' result file results_S3_ABC.mat (PROTOCOLS.md ✔check; panel C's reference values are held back by \
        the protocol, so none are drawn). τ_A = τ_W = τ_h = τ with the reference code's means over the regularised \
        entries; first int(M·Mreg/M) units initialised as line-attractor units. (B′) The share of runs that learned \
        (best MSE below a tenth of chance): learning is all-or-none, so a mean over few runs hides it. Protocol: batch \
        16 and 100 epochs as in the paper text, which the S3 result files used, with the gradient-norm clip of 3 \
        hard-coded in the reference code that wrote them (the paper text says 10: `clip: 10`); Adam lr 1e-3. Each \
        sweep may set its own seeds, data size, batch, epochs and clip: at default scale panel B runs the paper's \
        protocol (100 000 sequences, batch 16) for 50 of its 100 epochs with one seed per τ, since no shorter budget \
        we measured showed the threshold (τ = 5 first learned after 30 epochs; measurements in the YAML), while panels \
        A and C use fewer data, epochs and a shorter T. The protocol of each panel is in the notes. Diverged runs are \
        kept and counted (table).
        """)

    /// PROTOCOLS.md §1 P1, "Fig. S3A–C [data]" (results_S3_ABC.mat, batch 16, 100 epochs): mean min test MSE.
    /// S3A at T = 300 by M; S3B at T = 200 by τ. S3C is held back (no markers).
    static let publishedByHidden: [(Double, Double)] = [(10, 0.118), (20, 0.152), (30, 0.153), (40, 0.086), (50, 0.119), (60, 0.102), (100, 0.170)]
    static let publishedByTau: [(Double, Double)] = [(0, 0.166), (0.3, 0.067), (0.5, 0.042), (1, 0.067), (2, 2.0e-5), (5, 1.3e-5),
                                                      (10, 1.3e-5), (20, 1.7e-5), (30, 2.2e-5), (50, 2.6e-5), (100, 1.5e-5)]

    static func format(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "–" }

    /// A run "learned" when its best-epoch test MSE fell below a tenth of chance (0.166): learning on
    /// this task is all-or-none, so the count says more than a mean of bimodal values.
    static let learnedBound = 0.0166

    /// The stored runs of one point (nil where a job has no result).
    static func runs(_ name: SweepName, _ value: Double, config: Config, results: ResultSet) -> [RPLRNNRunResult?] {
        (1...config.trainingProtocol(name).seeds).map { s in
            results.result(named: jobName(name, value: value, seed: s)).flatMap(RPLRNNRunResult.init)
        }
    }

    /// Runs whose best-epoch MSE is below `learnedBound`.
    static func learnedCount(_ runs: [RPLRNNRunResult?]) -> Int {
        runs.compactMap { $0 }.filter { $0.bestLoss < learnedBound }.count
    }

    public static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        let ours = "#d62728", paper = "#1f77b4"
        var panels: [Panel] = []
        var rows: [[String]] = []
        var divergedTotal = 0, runsTotal = 0
        let zeroTau = 0.1  // where τ = 0 sits on the log axis
        var learnedByTau: (x: [Double], y: [Double]) = ([], [])
        for name in SweepName.allCases {
            let sweep = config.sweep(name)
            var x: [Double] = [], y: [Double] = [], e: [Double] = []
            for value in sweep.values.sorted() {
                let runs = runs(name, value, config: config, results: results)
                let a = RPLRNNAggregate(runs, aggregation: config.aggregation)
                let learned = learnedCount(runs)
                divergedTotal += a.diverged
                runsTotal += a.runs
                let ref: Double? = name == .hidden ? publishedByHidden.first { $0.0 == value }?.1
                    : name == .tau ? publishedByTau.first { $0.0 == value }?.1 : nil
                rows.append([name.rawValue, valueText(value), "\(sweep.steps)", "\(a.runs)", "\(a.diverged)", "\(a.used)", "\(learned)",
                             "\(format(a.loss.mean)) ± \(format(a.loss.sem))", "\(format(a.metric.mean)) ± \(format(a.metric.sem))",
                             ref.map(format) ?? "–"])
                let position = name == .tau && value == 0 ? zeroTau : value
                if name == .tau, a.runs > a.missing {
                    learnedByTau.x.append(position)
                    learnedByTau.y.append(Double(learned) / Double(a.runs - a.missing))
                }
                guard a.loss.mean.isFinite else { continue }
                x.append(position)
                y.append(a.loss.mean)
                e.append(a.loss.sem)
            }
            var series: [Series] = [.errorLines(x: x, y: y, error: e, title: "ours (T = \(sweep.steps))", color: ours)]
            let published = name == .hidden ? publishedByHidden : name == .tau ? publishedByTau : []
            if !published.isEmpty {
                series.append(.points(x: published.map { name == .tau && $0.0 == 0 ? zeroTau : $0.0 }, y: published.map(\.1),
                                      title: "published (T = \(name == .hidden ? 300 : 200))", color: paper, pointType: 6, pointSize: 1.3))
            }
            let chosen: Double = name == .hidden ? 40 : name == .tau ? 5 : 0.5
            let (letter, label) = name == .hidden ? ("A", "M (latent units)") : name == .tau ? ("B", "τ (τ = 0 drawn at 0.1)") : ("C", "Mreg/M")
            panels.append(Panel(title: "\(letter): error vs \(name == .hidden ? "M" : name == .tau ? "τ" : "Mreg/M") (ours at T = \(sweep.steps))", xLabel: label,
                                yLabel: "test MSE (best epoch)", logX: name == .tau, logY: true,
                                key: name == .hidden ? .topRight : .none, series: series,
                                referenceLines: [.vertical(chosen), .horizontal(0.166, label: "chance")]))
        }
        panels.append(Panel(title: "B′: runs that learned vs τ (T = \(config.sweeps.tau.steps))", xLabel: "τ (τ = 0 drawn at 0.1)",
                            yLabel: "fraction with best MSE < \(format(learnedBound))", yRange: -0.05...1.05, logX: true, key: .none,
                            series: [.linePoints(x: learnedByTau.x, y: learnedByTau.y, title: "ours (T = \(config.sweeps.tau.steps))",
                                                 color: ours, pointType: 7)],
                            referenceLines: [.vertical(5)]))
        canvas.add(GnuplotFigure(name: "figS3", title: "rPLRNN addition error vs M, τ and Mreg/M (Fig. S3)", rows: 1, columns: 4, panels: panels))
        canvas.add(ResultTable(
            name: "figS3-values",
            caption: "Per point: runs, diverged runs, runs in the mean (aggregation: \(config.aggregation.rawValue)), runs that learned (best-epoch MSE < \(format(learnedBound)), a tenth of chance), mean ± SEM of best-epoch test MSE and P_correct, published mean MSE.",
            header: ["sweep", "value", "T", "runs", "diverged", "in mean", "learned", "MSE (best epoch)", "P_correct (best epoch)", "published MSE"],
            rows: rows))
        for name in SweepName.allCases {
            canvas.note("Panel \(name == .hidden ? "A" : name == .tau ? "B" : "C") (T = \(config.sweep(name).steps)): \(config.trainingProtocol(name).description), \(config.testCount) test sequences, lr \(config.learningRate).")
        }
        canvas.note("M = \(config.hidden), τ = \(valueText(config.tau)), Mreg/M = \(valueText(config.fraction)) unless swept.")
        canvas.note("\(divergedTotal) of \(runsTotal) runs diverged (kept in the table; aggregation '\(config.aggregation.rawValue)').")
        for failed in results.failed { canvas.note("Job \(failed.name) has no result: \(failed.failure ?? "unknown reason").") }
    }
}

// MARK: - Quantities compared by `repro compare`

extension RPLRNNFigS3 {
    /// Per sweep value: the mean best-epoch test MSE and P_correct over seeds with their SEM and the
    /// number of diverged runs (rules in `RPLRNNAggregate.quantities`); S3A/S3B means map to the values
    /// recomputed from results_S3_ABC.mat at paper scale (S3C's are held back). The τ threshold is a claim
    /// checked at default and paper scale.
    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] {
        var quantities: [Quantity] = []
        var byTau: [(tau: Double, a: RPLRNNAggregate, learned: Int)] = []
        for name in SweepName.allCases {
            let sweep = config.sweep(name)
            for value in sweep.values.sorted() {
                let runs = runs(name, value, config: config, results: results)
                let a = RPLRNNAggregate(runs, aggregation: config.aggregation)
                if name == .tau { byTau.append((value, a, learnedCount(runs))) }
                let text = valueText(value)
                let printed: String? = switch name {
                case .hidden: publishedByHidden.contains { $0.0 == value } ? "rplrnn-iclr2021/figS3a.M\(text)" : nil
                case .tau: publishedByTau.contains { $0.0 == value } ? "rplrnn-iclr2021/figS3b.tau\(text)" : nil
                case .fraction: nil
                }
                let symbol = name == .hidden ? "M" : name == .tau ? "τ" : "Mreg/M"
                let fixed = [name == .hidden ? nil : "M = \(config.hidden)", name == .tau ? nil : "τ = \(valueText(config.tau))",
                             name == .fraction ? nil : "Mreg/M = \(valueText(config.fraction))"].compactMap { $0 }.joined(separator: ", ")
                quantities += a.quantities(label: "\(name.rawValue)=\(text)", lossName: "MSE", metricName: "P_correct",
                                           setting: "rPLRNN, addition, T = \(sweep.steps), \(symbol) = \(text) (\(fixed))",
                                           aggregation: config.aggregation,
                                           published: (loss: printed.map { "\($0).mse" }, metric: nil))
                if name == .tau {
                    quantities.append(.scalar("\(name.rawValue)=\(text) learned runs", Double(learnedCount(runs)),
                                              meaning: "rPLRNN, addition, T = \(sweep.steps), τ = \(text): runs of \(a.runs) whose best-epoch test MSE fell below \(format(learnedBound)) (a tenth of chance)",
                                              absolute: 0.5, relative: 0))
                }
            }
        }
        let low = byTau.filter { $0.tau <= 1 && $0.a.loss.mean.isFinite }, high = byTau.filter { $0.tau >= 2 && $0.a.loss.mean.isFinite }
        if !low.isEmpty, !high.isEmpty {
            let worstHigh = high.map(\.a.loss.mean).max()!, bestLow = low.map(\.a.loss.mean).min()!
            quantities.append(.claim(
                "tau threshold",
                "sharp success threshold in τ (T = \(config.sweeps.tau.steps)): the largest mean MSE over τ ≥ 2 (\(high.map { valueText($0.tau) }.joined(separator: ", "))) is below a tenth of the smallest over τ ≤ 1 (\(low.map { valueText($0.tau) }.joined(separator: ", ")))",
                holds: worstHigh < bestLow / 10, published: "rplrnn-iclr2021/figS3b.threshold", paperScales: ["default", "paper"]))
            // Learning is all-or-none, so the threshold also shows (or not) in how many runs learn at all.
            let lowRuns = low.map { $0.a.runs - $0.a.missing }.reduce(0, +), highRuns = high.map { $0.a.runs - $0.a.missing }.reduce(0, +)
            let lowLearned = low.map(\.learned).reduce(0, +), highLearned = high.map(\.learned).reduce(0, +)
            quantities.append(.claim(
                "tau learning threshold",
                "every run with τ ≥ 2 learned (best MSE < \(format(learnedBound))): \(highLearned) of \(highRuns); and a smaller share did with τ ≤ 1: \(lowLearned) of \(lowRuns) (T = \(config.sweeps.tau.steps))",
                holds: highRuns > 0 && highLearned == highRuns && lowRuns > 0 && lowLearned < lowRuns))
        }
        return quantities
    }
}
