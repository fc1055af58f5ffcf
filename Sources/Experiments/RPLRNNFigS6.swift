import Configuration
import Engine
import Foundation
import HDF5
import Plotting

/// rPLRNN paper, Fig. S6: Fig. 2 repeated with more units — rPLRNN with M = 40 and M = 100 against the
/// iRNN (M = 100) and the LSTM (M = 25) on the addition and multiplication problems; the point is that
/// the rPLRNN does not improve with M = 100.
public struct RPLRNNFigS6: Experiment {
    public static let id = "rplrnn-figS6"
    public static let codeDependencies = ["RPLRNNBenchmarks", "Models", "Training", "Tasks"]

    // MARK: Configuration

    /// One curve of the figure: a model at a number of units.
    public struct ModelEntry: Codable, Sendable, Equatable, Hashable {
        public var model: RPLRNNModelName
        public var hidden: Int
        /// Lengths for this curve instead of the task's.
        public var lengths: [Int]?

        public var label: String { "\(model.rawValue) (\(hidden))" }
    }

    /// rPLRNN regularisation.
    public struct Regularization: Codable, Sendable, Equatable {
        public var tau: Double
        public var fraction: Double
    }

    public struct Config: ExperimentConfig, Equatable {
        public var trainingProtocol: RPLRNNProtocol
        public var aggregation: RPLRNNAggregation
        public var tasks: [RPLRNNTask]
        public var models: [ModelEntry]
        /// Per task (`addition`, `multiplication`): the sequence lengths of every curve.
        public var lengths: [String: [Int]]
        public var seeds: Int
        public var seed: UInt64
        public var learningRate: Double
        public var trainCount: Int
        public var testCount: Int
        public var testBatchSize: Int
        public var batchSize: Int?
        public var epochs: Int?
        public var clip: Double?
        public var rplrnn: Regularization
        public var divergenceBound: Double

        enum CodingKeys: String, CodingKey {
            case trainingProtocol = "protocol", aggregation, tasks, models, lengths, seeds, seed, learningRate = "learning_rate"
            case trainCount = "train_count", testCount = "test_count", testBatchSize = "test_batch_size", batchSize = "batch_size"
            case epochs, clip, rplrnn, divergenceBound = "divergence_bound"
        }

        public func validate() throws {
            for (key, value) in [("seeds", seeds), ("train_count", trainCount), ("test_count", testCount), ("test_batch_size", testBatchSize),
                                 ("batch_size", batchSize ?? 1), ("epochs", epochs ?? 1)] where value < 1 {
                throw ConfigurationError.outOfRange(key: key, value: "\(value)", range: "≥ 1")
            }
            guard tasks.allSatisfy({ $0 != .mnist }) else {
                throw ConfigurationError.invalidValue(key: "tasks", value: "mnist", allowed: ["addition", "multiplication"])
            }
            guard Set(models).count == models.count, models.allSatisfy({ $0.hidden >= 1 }) else {
                throw ConfigurationError.outOfRange(key: "models", value: "\(models.map(\.label))", range: "distinct entries with hidden ≥ 1")
            }
            guard Set(models.map(\.label)).count == models.count else {
                throw ConfigurationError.outOfRange(key: "models", value: "\(models.map(\.label))", range: "one entry per (model, hidden)")
            }
            for (task, values) in lengths {
                guard let t = RPLRNNTask(rawValue: task), t != .mnist else {
                    throw ConfigurationError.invalidValue(key: "lengths.\(task)", value: "'\(task)'", allowed: ["addition", "multiplication"])
                }
                guard values.allSatisfy({ $0 >= 12 }) else {
                    throw ConfigurationError.outOfRange(key: "lengths.\(task)", value: "\(values)", range: "T ≥ 12 (markers at t1 < 10, t2 < T/2)")
                }
            }
            for entry in models where !(entry.lengths ?? [12]).allSatisfy({ $0 >= 12 }) {
                throw ConfigurationError.outOfRange(key: "models.\(entry.label).lengths", value: "\(entry.lengths ?? [])", range: "T ≥ 12")
            }
            guard learningRate > 0 else { throw ConfigurationError.outOfRange(key: "learning_rate", value: "\(learningRate)", range: "> 0") }
            guard rplrnn.fraction >= 0, rplrnn.fraction <= 1 else {
                throw ConfigurationError.outOfRange(key: "rplrnn.fraction", value: "\(rplrnn.fraction)", range: "[0, 1]")
            }
        }

        public func lengths(_ task: RPLRNNTask, _ entry: ModelEntry) -> [Int] { (entry.lengths ?? lengths[task.rawValue] ?? []).sorted() }

        var effectiveBatchSize: Int { batchSize ?? trainingProtocol.batchSize }
        var effectiveEpochs: Int { epochs ?? trainingProtocol.epochs }
        var effectiveClip: Double { clip ?? trainingProtocol.clip }
    }

    public typealias JobParameters = RPLRNNRun

    public static func jobName(_ task: RPLRNNTask, _ entry: ModelEntry, steps: Int, seed: Int) -> String {
        "task=\(task.rawValue),model=\(entry.model.rawValue),M=\(entry.hidden),T=\(steps),seed=\(seed)"
    }

    public static func jobs(config: Config) throws -> [Job<RPLRNNRun>] {
        var jobs: [Job<RPLRNNRun>] = []
        for task in config.tasks {
            for entry in config.models {
                let regularized = entry.model == .rPLRNN
                for steps in config.lengths(task, entry) {
                    let run = RPLRNNRun(
                        task: task, model: entry.model, steps: steps, hidden: entry.hidden,
                        tau: regularized ? config.rplrnn.tau : nil, regularizedFraction: regularized ? config.rplrnn.fraction : nil,
                        trainCount: config.trainCount, testCount: config.testCount, batchSize: config.effectiveBatchSize,
                        testBatchSize: config.testBatchSize, epochs: config.effectiveEpochs, learningRate: config.learningRate,
                        clip: config.effectiveClip, divergenceBound: config.divergenceBound, mnist: nil)
                    for s in 1...config.seeds {
                        jobs.append(Job(name: jobName(task, entry, steps: steps, seed: s), parameters: run, seed: config.seed + UInt64(s)))
                    }
                }
            }
        }
        return jobs
    }

    public static func compute(_ parameters: RPLRNNRun, context: JobContext) throws {
        try RPLRNNTraining.compute(parameters, context: context)
    }

    /// The shared benchmark cost model scales the step cost with M², which overstates large M at small batches:
    /// measured here (release, batch 16, T = 50, two jobs in parallel) an M = 100 rPLRNN run took 1.23× an
    /// M = 40 run (24.1 s vs 19.6 s), not 6×. So recurrent models above 40 units are costed as 40 units × (M/40)^¼.
    public static func estimatedCPUSeconds(_ parameters: RPLRNNRun) -> Double? {
        guard parameters.model != .LSTM, parameters.hidden > 40 else { return RPLRNNTraining.estimatedSeconds(parameters) }
        var at40 = parameters
        at40.hidden = 40
        return RPLRNNTraining.estimatedSeconds(at40) * Foundation.pow(Double(parameters.hidden) / 40, 0.25)
    }

    // MARK: - Figure

    // The caption describes, it does not compute: below the marker, editing it redraws without recomputing.
    public static let reference = PaperReference(
        paper: "Schmidt, Koppe, Monfared, Beutelspacher, Durstewitz (rPLRNN), ICLR 2020 submission / ICLR 2021",
        seedFile: "001_10a8a1ac4f97758c.txt",
        item: "Fig. S6 A–B (supplementary)",
        title: "rPLRNN with M = 40 vs M = 100 (with iRNN and LSTM): loss and P_correct vs T",
        caption: """
        Best-epoch test MSE (top, log scale) and P_correct (|error| < 0.04, bottom) against sequence length T for \
        the addition (A) and multiplication (B) problems (same data as Fig. 2: two input channels, values ~ U[0,1), \
        markers at t1 < 10 and t2 < T/2, target at the last step), for the rPLRNN (τ = 5, Mreg/M = 0.5, reference-code \
        regulariser with means) with M = 40 and M = 100 units, the iRNN with M = 100 and the LSTM with M = 100/4 = 25 \
        (parameter-matched, as the paper's caption says). Each point: mean over seeds of each run's best epoch on the \
        test set; error bars SEM. Open circles: the published M = 40 rPLRNN runs behind Fig. 2 (PROTOCOLS.md ✔check; \
        batch 500, 200 epochs); open triangles (addition, T = 300): the published Fig. S3A rPLRNN means for M = 40 \
        and M = 100 (batch 16, 100 epochs) — the only published M = 100 numbers we have. The paper's S6 curves \
        themselves are not available (no numbers, no protocol, sMNIST panel C not reproduced here), so the lengths \
        at paper scale follow the figure's T axis (20–400, exact values UNVERIFIED). Protocol (Adam, lr 1e-3, BPTT over \
        the whole sequence): by default the 2020 paper text's (`protocol: paper_text`: batch 16, 100 epochs, \
        gradient-norm clip 10), since S6's LSTM with M/4 units is that text's choice, whereas the result files \
        behind the published Fig. 2 used batch 500, 200 epochs, clip 3 and LSTM with M units (`protocol: \
        published`); which one S6 used is UNVERIFIED. Dashed lines: chance (addition MSE 0.166 / P 0.0783, \
        multiplication 0.049 / 0.11). Diverged runs (NaN, or test MSE > 100) are kept: counted in the legend and \
        table and, by default, entering the means with their best epoch before divergence (`aggregation: paper` \
        drops them as the authors' plotting code did). Reduced scales shrink data, epochs and lengths (notes); with \
        short training the larger network may simply learn faster (a one-seed check at the default settings, T = 50: \
        M = 100 reached MSE 1.6e-4, M = 40 1.0e-3), whereas the paper's statement is about its full training.
        """)

    /// The M = 40 rPLRNN rows of PROTOCOLS.md §1 P1 "Addition" / "Multiplication" (the runs behind Fig. 2, batch 500):
    /// (T, mean min test MSE, mean max P_correct, runs).
    static let publishedRPLRNN40: [RPLRNNTask: [(t: Int, mse: Double, p: Double, n: Int)]] = [
        .addition: [(100, 3.6e-5, 1.000, 10), (300, 3.4e-5, 0.999, 10), (400, 0.00014, 0.992, 9), (500, 0.00061, 0.941, 10),
                    (600, 0.12, 0.275, 10), (700, 0.17, 0.079, 6)],
        .multiplication: [(100, 1.9e-5, 1.000, 10), (200, 2.8e-5, 1.000, 10), (300, 2.6e-5, 1.000, 10), (400, 2.9e-5, 1.000, 10),
                          (600, 0.029, 0.505, 7), (700, 0.029, 0.463, 10), (900, 0.049, 0.156, 8)],
    ]

    /// PROTOCOLS.md §1 P1 "Fig. S3A": rPLRNN addition at T = 300 (batch 16, 100 epochs), mean min test MSE by M.
    static let publishedS3A: [(hidden: Int, mse: Double)] = [(40, 0.086), (100, 0.170)]

    static func chance(_ task: RPLRNNTask) -> (loss: Double, p: Double) {
        task == .multiplication ? (0.049, 0.11) : (0.166, 0.0783)
    }

    static func color(_ entry: ModelEntry) -> String? {
        switch (entry.model, entry.hidden) {
        case (.rPLRNN, 40): return "#d62728"
        case (.rPLRNN, _): return "#9467bd"
        case (.iRNN, _): return "#17becf"
        case (.LSTM, _): return "#2ca02c"
        default: return nil
        }
    }

    static func format(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "–" }

    static func aggregate(_ task: RPLRNNTask, _ entry: ModelEntry, _ steps: Int, config: Config, results: ResultSet) -> RPLRNNAggregate {
        RPLRNNAggregate((1...config.seeds).map { s in
            results.result(named: jobName(task, entry, steps: steps, seed: s)).flatMap(RPLRNNRunResult.init)
        }, aggregation: config.aggregation)
    }

    public static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        var lossPanels: [Panel] = [], metricPanels: [Panel] = []
        var rows: [[String]] = []
        var divergedTotal = 0, runsTotal = 0, missingTotal = 0
        for (k, task) in config.tasks.enumerated() {
            var loss: [Series] = [], metric: [Series] = []
            for entry in config.models {
                var x: [Double] = [], y: [Double] = [], ye: [Double] = [], p: [Double] = [], pe: [Double] = []
                var diverged = 0, runs = 0
                for steps in config.lengths(task, entry) {
                    let a = aggregate(task, entry, steps, config: config, results: results)
                    diverged += a.diverged
                    runs += a.runs
                    missingTotal += a.missing
                    rows.append([task.rawValue, entry.label, "\(steps)", "\(a.runs)", "\(a.diverged)", "\(a.missing)", "\(a.used)",
                                 "\(format(a.loss.mean)) ± \(format(a.loss.sem))", "\(format(a.metric.mean)) ± \(format(a.metric.sem))"])
                    guard a.loss.mean.isFinite else { continue }
                    x.append(Double(steps))
                    y.append(a.loss.mean)
                    ye.append(a.loss.sem)
                    p.append(a.metric.mean)
                    pe.append(a.metric.sem.isFinite ? a.metric.sem : 0)
                }
                divergedTotal += diverged
                runsTotal += runs
                let title = diverged > 0 ? "\(entry.label) (\(diverged)/\(runs) diverged)" : entry.label
                loss.append(.errorLines(x: x, y: y, error: ye, title: title, color: color(entry)))
                metric.append(.errorLines(x: x, y: p, error: pe, title: title, color: color(entry)))
            }
            if let ref = publishedRPLRNN40[task] {
                loss.append(.points(x: ref.map { Double($0.t) }, y: ref.map(\.mse), title: "published rPLRNN (40), Fig. 2",
                                    color: "#d62728", pointType: 6, pointSize: 1.3))
                metric.append(.points(x: ref.map { Double($0.t) }, y: ref.map(\.p), color: "#d62728", pointType: 6, pointSize: 1.3))
            }
            if task == .addition {
                for (hidden, mse) in publishedS3A {
                    loss.append(.points(x: [300], y: [mse], title: "published Fig. S3A, rPLRNN (\(hidden)), batch 16",
                                        color: hidden == 40 ? "#d62728" : "#9467bd", pointType: 8, pointSize: 1.5))
                }
            }
            let letter = k == 0 ? "A" : "B"
            let c = chance(task)
            lossPanels.append(Panel(title: "\(letter): \(task.rawValue)", xLabel: "T", yLabel: "test MSE (best epoch)", logX: true, logY: true,
                                    key: .outside, series: loss, referenceLines: [.horizontal(c.loss, label: "chance \(c.loss)")]))
            metricPanels.append(Panel(title: "\(letter): \(task.rawValue)", xLabel: "T", yLabel: "P_correct (best epoch)", yRange: -0.02...1.02,
                                      logX: true, key: .none, series: metric, referenceLines: [.horizontal(c.p, label: "chance \(c.p)")]))
        }
        if !lossPanels.isEmpty {
            canvas.add(GnuplotFigure(name: "figS6", title: "rPLRNN M = 40 vs M = 100, iRNN (100), LSTM (25) (Fig. S6A/B)",
                                     rows: 2, columns: lossPanels.count, panels: lossPanels + metricPanels))
        }
        canvas.add(ResultTable(
            name: "figS6-values",
            caption: "Per point: runs, diverged runs (NaN or test MSE > \(format(config.divergenceBound))), runs without a result, runs in the mean (aggregation: \(config.aggregation.rawValue)), mean ± SEM of best-epoch test MSE and P_correct.",
            header: ["task", "model (M)", "T", "runs", "diverged", "no result", "in mean", "MSE (best epoch)", "P_correct (best epoch)"],
            rows: rows))
        canvas.note("Protocol: \(config.trainingProtocol.rawValue) — \(config.trainingProtocol.summary). This run: batch \(config.effectiveBatchSize), \(config.effectiveEpochs) epochs, clip \(format(config.effectiveClip)), lr \(config.learningRate), \(config.trainCount) training / \(config.testCount) test sequences, \(config.seeds) seed(s); rPLRNN τ = \(config.rplrnn.tau), Mreg/M = \(config.rplrnn.fraction); curves: \(config.models.map(\.label).joined(separator: ", ")).")
        canvas.note("\(divergedTotal) of \(runsTotal) runs diverged; aggregation '\(config.aggregation.rawValue)'.")
        if missingTotal > 0 { canvas.note("\(missingTotal) runs have no stored result (job failed); counted in the table.") }
        for failed in results.failed { canvas.note("Job \(failed.name) has no result: \(failed.failure ?? "unknown reason").") }
    }
}

// MARK: - Quantities compared by `repro compare`

extension RPLRNNFigS6 {
    /// Per task and curve: mean best-epoch test MSE against T; and the paper's claim that the rPLRNN does
    /// not improve with M = 100 over M = 40 (at no common T is the M = 100 mean lower by more than 2 SE).
    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] {
        var quantities: [Quantity] = []
        for task in config.tasks {
            for entry in config.models {
                let points = config.lengths(task, entry).compactMap { t -> (Double, Double)? in
                    let m = aggregate(task, entry, t, config: config, results: results).loss.mean
                    return m.isFinite ? (Double(t), m) : nil
                }
                guard !points.isEmpty else { continue }
                quantities.append(.curve("\(task.rawValue) \(entry.label) MSE vs T", x: points.map(\.0), y: points.map(\.1),
                                         meaning: "\(task.rawValue): mean over seeds of the best-epoch test MSE of \(entry.label) against T",
                                         absolute: 1e-7, relative: 1e-4))
            }
            let small = config.models.first { $0.model == .rPLRNN && $0.hidden == 40 }
            let large = config.models.first { $0.model == .rPLRNN && $0.hidden == 100 }
            guard let small, let large else { continue }
            var compared: [String] = [], better: [String] = []
            for t in Set(config.lengths(task, small)).intersection(config.lengths(task, large)).sorted() {
                let a = aggregate(task, small, t, config: config, results: results).loss
                let b = aggregate(task, large, t, config: config, results: results).loss
                guard a.mean.isFinite, b.mean.isFinite else { continue }
                compared.append("T = \(t): \(format(a.mean)) vs \(format(b.mean))")
                let se = (a.sem * a.sem + b.sem * b.sem).squareRoot()
                if b.mean < a.mean - 2 * (se.isFinite ? se : 0) { better.append("T = \(t)") }
            }
            guard !compared.isEmpty else { continue }
            quantities.append(.claim(
                "\(task.rawValue) rPLRNN M=100 no better than M=40",
                "\(task.rawValue): the rPLRNN with M = 100 is at no T better than with M = 40 by more than 2 SE of the mean best-epoch test MSE (M = 40 vs 100: \(compared.joined(separator: "; ")))",
                holds: better.isEmpty, published: "rplrnn-iclr2021/figS6.no-improvement-M100", paperScales: ["default", "paper"]))
        }
        return quantities
    }
}
