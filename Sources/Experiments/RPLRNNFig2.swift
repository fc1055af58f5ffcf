import Configuration
import Engine
import Foundation
import HDF5
import Plotting
import Tasks

/// rPLRNN paper, Fig. 2: test loss and fraction correct against sequence length T for the addition and
/// multiplication problems (A, B) and sequential MNIST (C), for the eight models of Table 1, with the
/// numbers recomputed from the authors' result files beside ours.
public struct RPLRNNFig2: Experiment {
    public static let id = "rplrnn-fig2"
    public static let codeDependencies = ["RPLRNNBenchmarks", "Models", "Training", "Tasks"]

    // MARK: Configuration

    /// Sequential-MNIST panel C.
    public struct MNISTPanel: Codable, Sendable, Equatable {
        public var models: [RPLRNNModelName]?
        public var trainCount: Int
        public var testCount: Int
        public var pooled: Bool
        public var splitTrainCount: Int
        public var epochs: Int?
        public var batchSize: Int?

        enum CodingKeys: String, CodingKey {
            case models, trainCount = "train_count", testCount = "test_count", pooled, splitTrainCount = "split_train_count"
            case epochs, batchSize = "batch_size"
        }
    }

    /// rPLRNN regularisation.
    public struct Regularization: Codable, Sendable, Equatable {
        public var tau: Double
        public var fraction: Double
    }

    public struct Config: ExperimentConfig, Equatable {
        public var trainingProtocol: RPLRNNProtocol
        public var aggregation: RPLRNNAggregation
        /// `mnist` in this list enables panel C (and makes the MNIST files an input).
        public var tasks: [RPLRNNTask]
        public var models: [RPLRNNModelName]
        /// Per task: lengths for `all` models, optionally replaced per model name.
        public var lengths: [String: [String: [Int]]]
        /// Seeds 1 … seeds (offset by `seed`); raising it adds jobs, never changes existing ones.
        public var seeds: Int
        public var seed: UInt64
        public var hidden: Int
        public var lstmHidden: Int?
        public var learningRate: Double
        public var trainCount: Int
        public var testCount: Int
        public var testBatchSize: Int
        public var batchSize: Int?
        public var epochs: Int?
        public var clip: Double?
        public var rplrnn: Regularization
        public var divergenceBound: Double
        public var mnist: MNISTPanel

        enum CodingKeys: String, CodingKey {
            case trainingProtocol = "protocol", aggregation, tasks, models, lengths, seeds, seed, hidden, lstmHidden = "lstm_hidden"
            case learningRate = "learning_rate", trainCount = "train_count", testCount = "test_count", testBatchSize = "test_batch_size"
            case batchSize = "batch_size", epochs, clip, rplrnn, divergenceBound = "divergence_bound", mnist
        }

        public func validate() throws {
            func positive(_ key: String, _ value: Int?) throws {
                if let value, value < 1 { throw ConfigurationError.outOfRange(key: key, value: "\(value)", range: "≥ 1") }
            }
            try positive("seeds", seeds)
            try positive("hidden", hidden)
            try positive("lstm_hidden", lstmHidden)
            try positive("train_count", trainCount)
            try positive("test_count", testCount)
            try positive("test_batch_size", testBatchSize)
            try positive("batch_size", batchSize)
            try positive("epochs", epochs)
            guard learningRate > 0 else { throw ConfigurationError.outOfRange(key: "learning_rate", value: "\(learningRate)", range: "> 0") }
            guard rplrnn.fraction >= 0, rplrnn.fraction <= 1 else {
                throw ConfigurationError.outOfRange(key: "rplrnn.fraction", value: "\(rplrnn.fraction)", range: "[0, 1]")
            }
            for (task, table) in lengths {
                guard let t = RPLRNNTask(rawValue: task), t != .mnist else {
                    throw ConfigurationError.invalidValue(key: "lengths.\(task)", value: "'\(task)'", allowed: ["addition", "multiplication"])
                }
                for (name, values) in table {
                    guard name == "all" || RPLRNNModelName(rawValue: name) != nil else {
                        throw ConfigurationError.invalidValue(key: "lengths.\(task).\(name)", value: "'\(name)'",
                                                              allowed: ["all"] + RPLRNNModelName.allCases.map(\.rawValue))
                    }
                    guard values.allSatisfy({ $0 >= 12 }) else {
                        throw ConfigurationError.outOfRange(key: "lengths.\(task).\(name)", value: "\(values)", range: "T ≥ 12 (markers at t1 < 10, t2 < T/2)")
                    }
                }
            }
        }

        /// The lengths model `model` is trained at for `task`.
        public func lengths(_ task: RPLRNNTask, _ model: RPLRNNModelName) -> [Int] {
            let table = lengths[task.rawValue] ?? [:]
            return table[model.rawValue] ?? table["all"] ?? []
        }

        var effectiveBatchSize: Int { batchSize ?? trainingProtocol.batchSize }
        var effectiveEpochs: Int { epochs ?? trainingProtocol.epochs }
        var effectiveClip: Double { clip ?? trainingProtocol.clip }
        var mnistModels: [RPLRNNModelName] { mnist.models ?? models }
        var mnistEnabled: Bool { tasks.contains(.mnist) }
    }

    public typealias JobParameters = RPLRNNRun

    public static func inputs(config: Config) -> [InputRequirement] {
        guard config.mnistEnabled else { return [] }
        return DataRequirement.mnistTestSet.files.map {
            InputRequirement(path: "\(rplrnnMNISTFolder)/\($0.name)", instructions: DataRequirement.mnist.instructions, checksum: $0.md5)
        }
    }

    public static func jobName(_ task: RPLRNNTask, _ model: RPLRNNModelName, steps: Int, seed: Int) -> String {
        "task=\(task.rawValue),model=\(model.rawValue),T=\(steps),seed=\(seed)"
    }

    public static func jobs(config: Config) throws -> [Job<RPLRNNRun>] {
        var jobs: [Job<RPLRNNRun>] = []
        func run(_ task: RPLRNNTask, _ model: RPLRNNModelName, steps: Int) -> RPLRNNRun {
            let regularized = model == .rPLRNN
            return RPLRNNRun(
                task: task, model: model, steps: steps,
                hidden: model == .LSTM ? (config.lstmHidden ?? config.trainingProtocol.lstmHidden(config.hidden)) : config.hidden,
                tau: regularized ? config.rplrnn.tau : nil, regularizedFraction: regularized ? config.rplrnn.fraction : nil,
                trainCount: config.trainCount, testCount: config.testCount, batchSize: config.effectiveBatchSize,
                testBatchSize: config.testBatchSize, epochs: config.effectiveEpochs, learningRate: config.learningRate,
                clip: config.effectiveClip, divergenceBound: config.divergenceBound, mnist: nil)
        }
        for task in config.tasks where task != .mnist {
            for model in config.models {
                for steps in config.lengths(task, model) {
                    for s in 1...config.seeds {
                        jobs.append(Job(name: jobName(task, model, steps: steps, seed: s), parameters: run(task, model, steps: steps),
                                        seed: config.seed + UInt64(s)))
                    }
                }
            }
        }
        if config.mnistEnabled {
            let m = config.mnist
            let steps = m.pooled ? 196 : 784
            let mnistInputs = Self.inputs(config: config).map(\.path)
            for model in config.mnistModels {
                var p = run(.mnist, model, steps: steps)
                p.trainCount = m.trainCount
                p.testCount = m.testCount
                p.epochs = m.epochs ?? p.epochs
                p.batchSize = m.batchSize ?? p.batchSize
                p.mnist = RPLRNNMNISTSettings(trainCount: m.trainCount, testCount: m.testCount, pooled: m.pooled,
                                              splitTrainCount: m.splitTrainCount)
                for s in 1...config.seeds {
                    jobs.append(Job(name: jobName(.mnist, model, steps: steps, seed: s), parameters: p,
                                    seed: config.seed + UInt64(s), inputs: mnistInputs))
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
        item: "Fig. 2A–C",
        title: "Machine-learning benchmarks: loss and P_correct vs sequence length",
        caption: """
        Test MSE (top, log scale) and fraction correct P_correct = fraction of test sequences with |error| < 0.04 \
        (bottom) against sequence length T for the addition (A) and multiplication (B) problems: two input channels \
        (values ~ U[0,1), marker channel with markers at t1 < 10 and t2 < T/2), target = sum resp. product of the two \
        marked values at the last step. Each point is the mean over seeds of each run's best epoch on the test set \
        (min over epochs of test MSE, max over epochs of P_correct, as the authors' analysis code); error bars are the \
        SEM over seeds. Open symbols: the published runs, re-aggregated from the authors' result files \
        (PROTOCOLS.md ✔check table). Dashed lines: chance levels (addition MSE 0.166 / P 0.0783; multiplication \
        0.049 / 0.11). Training: Adam, lr 1e-3, BPTT over the whole sequence, gradient-norm clipping; the protocol \
        (batch size, epochs, clip, LSTM units) and the data sizes are given in the notes below, since the default \
        configuration uses `protocol: published` (batch 500, 200 epochs, clip 3, LSTM with M units — the settings \
        of the result files behind the published figure; the 2020 text says batch 16, 100 epochs, clip 10, LSTM \
        M/4, available as `protocol: paper_text`) and reduced scales shrink data and epochs. rPLRNN: τ = 5, \
        Mreg/M = 0.5, regulariser as in the reference code (means over the regularised entries). L2RNN equals the \
        RNN, as in the published runs (their L2 penalty had no gradient). Our data are drawn from our own \
        generator (seeds 100/101), not NumPy's. Runs that diverged (NaN, or test MSE > 100) are kept: by default \
        (`aggregation: kept`) they enter the mean with their best epoch before divergence, and their number is \
        shown in the legend and the table; `aggregation: paper` drops them as the authors' plotting code did. \
        C (when MNIST is enabled): cross-entropy and accuracy on sequential MNIST, pixel by pixel; if the official \
        training files are absent, the MNIST test set is split into training and test images (see notes).
        """)

    /// Recomputed from the authors' result files: PROTOCOLS.md §1 "P1 — ICLR-2021 final version", tables
    /// "Addition" and "Multiplication" (mean min-test-MSE / mean max-P_correct, n runs; batch 500, M = 40).
    static let published: [RPLRNNTask: [RPLRNNModelName: [(t: Int, mse: Double, p: Double, n: Int)]]] = [
        .addition: [
            .RNN: [(20, 1.6e-5, 1.000, 10), (40, 0.098, 0.449, 10), (60, 0.17, 0.078, 10), (80, 0.17, 0.078, 10)],
            .L2RNN: [(20, 1.2e-5, 1.000, 5), (30, 2.6e-5, 1.000, 5), (50, 0.17, 0.081, 5), (70, 0.17, 0.077, 5), (100, 0.17, 0.080, 5)],
            .iRNN: [(100, 1.8e-5, 1.000, 10), (200, 8.3e-5, 0.997, 9), (300, 0.029, 0.802, 10), (400, 0.09, 0.432, 5), (600, 0.17, 0.081, 10)],
            .npRNN: [(20, 1.1e-5, 1.000, 10), (40, 2.3e-5, 1.000, 10), (60, 0.084, 0.539, 10), (80, 0.14, 0.262, 10)],
            .PLRNN: [(40, 0.00021, 0.980, 10), (60, 0.15, 0.167, 10), (80, 0.15, 0.167, 10), (100, 0.17, 0.079, 10)],
            .iPLRNN: [(100, 6.9e-6, 1.000, 10), (200, 1.3e-5, 1.000, 10), (300, 2.7e-5, 1.000, 10), (400, 0.12, 0.356, 10)],
            .rPLRNN: [(100, 3.6e-5, 1.000, 10), (300, 3.4e-5, 0.999, 10), (400, 0.00014, 0.992, 9), (500, 0.00061, 0.941, 10),
                      (600, 0.12, 0.275, 10), (700, 0.17, 0.079, 6)],
            .LSTM: [(50, 9.7e-7, 1.000, 6), (100, 0.024, 0.847, 6), (200, 0.17, 0.077, 6), (300, 0.17, 0.083, 6), (400, 0.17, 0.081, 6)],
            .oRNN: [(50, 2e-5, 1.000, 10), (100, 0.13, 0.264, 10), (150, 0.16, 0.079, 10), (200, 0.17, 0.079, 10), (300, 0.17, 0.084, 10),
                    (400, 0.17, 0.081, 5)],
        ],
        .multiplication: [
            .RNN: [(20, 1.4e-5, 1.000, 10), (40, 0.043, 0.208, 10), (60, 0.025, 0.522, 10), (80, 0.049, 0.113, 10)],
            .L2RNN: [(20, 1.8e-5, 1.000, 5), (30, 0.0096, 0.819, 5), (50, 0.049, 0.115, 5), (70, 0.05, 0.112, 5), (100, 0.049, 0.117, 5)],
            .iRNN: [(100, 1.5e-5, 1.000, 10), (200, 2.7e-5, 1.000, 10), (300, 0.033, 0.408, 9), (400, 0.049, 0.116, 6), (600, 0.05, 0.117, 10)],
            .npRNN: [(20, 4.4e-5, 0.999, 10), (40, 0.029, 0.473, 10), (60, 0.039, 0.294, 10), (80, 0.049, 0.113, 10)],
            .PLRNN: [(40, 0.015, 0.714, 10), (60, 0.021, 0.585, 10), (80, 0.049, 0.114, 10), (100, 0.044, 0.200, 10)],
            .iPLRNN: [(100, 1.4e-5, 1.000, 10), (200, 2.1e-5, 1.000, 10), (300, 0.005, 0.912, 10), (400, 0.049, 0.121, 10)],
            .rPLRNN: [(100, 1.9e-5, 1.000, 10), (200, 2.8e-5, 1.000, 10), (300, 2.6e-5, 1.000, 10), (400, 2.9e-5, 1.000, 10),
                      (600, 0.029, 0.505, 7), (700, 0.029, 0.463, 10), (900, 0.049, 0.156, 8)],
            .LSTM: [(50, 6.2e-7, 1.000, 6), (100, 2.8e-5, 1.000, 6), (200, 0.033, 0.409, 6), (300, 0.05, 0.114, 6), (400, 0.049, 0.115, 6)],
            .oRNN: [(50, 0.019, 0.646, 10), (100, 0.044, 0.206, 10), (150, 0.048, 0.116, 10), (200, 0.049, 0.117, 10), (300, 0.049, 0.116, 10)],
        ],
    ]

    /// PROTOCOLS.md §1 P1, table "Sequential MNIST" (T = 784, M = 40): mean min CE, mean max P_correct, non-NaN runs.
    static let publishedMNIST: [RPLRNNModelName: (ce: Double, p: Double, n: Int)] = [
        .RNN: (1.540, 0.423, 8), .L2RNN: (1.414, 0.461, 6), .iRNN: (0.733, 0.750, 7), .npRNN: (1.712, 0.347, 8),
        .PLRNN: (1.619, 0.383, 11), .iPLRNN: (0.269, 0.910, 7), .rPLRNN: (0.146, 0.955, 15), .LSTM: (0.202, 0.935, 8),
        .oRNN: (1.599, 0.381, 35),
    ]

    /// Chance levels of the reference plotting code (dashed lines).
    static func chance(_ task: RPLRNNTask) -> (loss: Double, p: Double) {
        switch task {
        case .addition: return (0.166, 0.0783)
        case .multiplication: return (0.049, 0.11)
        case .mnist: return (2.3, 0.1)
        }
    }

    static let colors: [RPLRNNModelName: String] = [
        .RNN: "#7f7f7f", .L2RNN: "#bcbd22", .iRNN: "#17becf", .npRNN: "#9467bd", .oRNN: "#8c564b",
        .PLRNN: "#1f77b4", .iPLRNN: "#ff7f0e", .rPLRNN: "#d62728", .LSTM: "#2ca02c",
    ]

    static func format(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "–" }

    public static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        let seeds = Array(1...config.seeds)
        func aggregate(_ task: RPLRNNTask, _ model: RPLRNNModelName, _ steps: Int) -> RPLRNNAggregate {
            RPLRNNAggregate(seeds.map { s in results.result(named: jobName(task, model, steps: steps, seed: s)).flatMap(RPLRNNRunResult.init) },
                            aggregation: config.aggregation)
        }
        var rows: [[String]] = []
        var lossPanels: [Panel] = [], metricPanels: [Panel] = []
        var divergedTotal = 0, missingTotal = 0, runsTotal = 0
        var seconds: [Double] = []
        for task in config.tasks where task != .mnist {
            var lossSeries: [Series] = [], metricSeries: [Series] = [], publishedLoss: [Series] = [], publishedMetric: [Series] = []
            for model in config.models {
                let lengths = config.lengths(task, model).sorted()
                var x: [Double] = [], loss: [Double] = [], lossSEM: [Double] = [], p: [Double] = [], pSEM: [Double] = []
                var diverged = 0, runs = 0
                for steps in lengths {
                    let a = aggregate(task, model, steps)
                    diverged += a.diverged
                    runs += a.runs
                    missingTotal += a.missing
                    let ref = published[task]?[model]?.first { $0.t == steps }
                    rows.append([task.rawValue, model.rawValue, "\(steps)", "\(a.runs)", "\(a.diverged)", "\(a.missing)", "\(a.used)",
                                 "\(format(a.loss.mean)) ± \(format(a.loss.sem))", "\(format(a.metric.mean)) ± \(format(a.metric.sem))",
                                 ref.map { "\(format($0.mse)) / \(String(format: "%.3f", $0.p)) (n\($0.n))" } ?? "–"])
                    guard a.loss.mean.isFinite else { continue }
                    x.append(Double(steps))
                    loss.append(a.loss.mean)
                    lossSEM.append(a.loss.sem)
                    p.append(a.metric.mean)
                    pSEM.append(a.metric.sem.isFinite ? a.metric.sem : 0)
                }
                for steps in lengths {
                    for s in seeds {
                        if let r = results.result(named: jobName(task, model, steps: steps, seed: s)).flatMap(RPLRNNRunResult.init),
                           let w = r.wallSeconds { seconds.append(w) }
                    }
                }
                divergedTotal += diverged
                runsTotal += runs
                let title = diverged > 0 ? "\(model.rawValue) (\(diverged)/\(runs) diverged)" : model.rawValue
                let color = colors[model]
                lossSeries.append(.errorLines(x: x, y: loss, error: lossSEM, title: title, color: color))
                metricSeries.append(.errorLines(x: x, y: p, error: pSEM, title: title, color: color))
                if let ref = published[task]?[model] {
                    let first = publishedLoss.isEmpty
                    publishedLoss.append(.points(x: ref.map { Double($0.t) }, y: ref.map(\.mse), title: first ? "published (open)" : nil,
                                                 color: color, pointType: 6, pointSize: 1.2))
                    publishedMetric.append(.points(x: ref.map { Double($0.t) }, y: ref.map(\.p), title: first ? "published (open)" : nil,
                                                   color: color, pointType: 6, pointSize: 1.2))
                }
            }
            let letter = task == .addition ? "A" : "B"
            let c = chance(task)
            lossPanels.append(Panel(title: "\(letter): \(task.rawValue)", xLabel: "T", yLabel: "test MSE (best epoch)", logY: true,
                                    key: .outside, series: lossSeries + publishedLoss,
                                    referenceLines: [.horizontal(c.loss, label: "chance \(c.loss)")]))
            metricPanels.append(Panel(title: "\(letter): \(task.rawValue)", xLabel: "T", yLabel: "P_correct (best epoch)",
                                      yRange: -0.02...1.02, key: .none, series: metricSeries + publishedMetric,
                                      referenceLines: [.horizontal(c.p, label: "chance \(c.p)")]))
        }
        if !lossPanels.isEmpty {
            canvas.add(GnuplotFigure(name: "fig2", title: "rPLRNN benchmarks (Fig. 2A/B): best-epoch test loss and P_correct vs T",
                                     rows: 2, columns: lossPanels.count, panels: lossPanels + metricPanels))
        }

        if config.mnistEnabled {
            var ceSeries: [Series] = [], pSeries: [Series] = []
            for (k, model) in config.mnistModels.enumerated() {
                let steps = config.mnist.pooled ? 196 : 784
                let a = aggregate(.mnist, model, steps)
                divergedTotal += a.diverged
                runsTotal += a.runs
                missingTotal += a.missing
                let ref = publishedMNIST[model]
                rows.append(["mnist", model.rawValue, "\(steps)", "\(a.runs)", "\(a.diverged)", "\(a.missing)", "\(a.used)",
                             "\(format(a.loss.mean)) ± \(format(a.loss.sem))", "\(format(a.metric.mean)) ± \(format(a.metric.sem))",
                             ref.map { "\(format($0.ce)) / \(String(format: "%.3f", $0.p)) (n\($0.n))" } ?? "–"])
                let x = Double(k + 1)
                let title = a.diverged > 0 ? "\(model.rawValue) (\(a.diverged)/\(a.runs) diverged)" : model.rawValue
                if a.loss.mean.isFinite {
                    ceSeries.append(.errorBars(x: [x], y: [a.loss.mean], error: [a.loss.sem], title: title, color: colors[model]))
                    pSeries.append(.errorBars(x: [x], y: [a.metric.mean], error: [a.metric.sem.isFinite ? a.metric.sem : 0], title: title,
                                              color: colors[model]))
                }
                if let ref {
                    ceSeries.append(.points(x: [x], y: [ref.ce], title: k == 0 ? "published (open)" : nil, color: colors[model], pointType: 6, pointSize: 1.5))
                    pSeries.append(.points(x: [x], y: [ref.p], color: colors[model], pointType: 6, pointSize: 1.5))
                }
            }
            let n = Double(config.mnistModels.count)
            canvas.add(GnuplotFigure(name: "fig2c", title: "rPLRNN benchmarks (Fig. 2C): sequential MNIST", rows: 1, columns: 2, panels: [
                Panel(title: "C: test cross-entropy", xLabel: "model (see legend)", yLabel: "CE (best epoch)", xRange: 0.5...(n + 0.5),
                      key: .outside, series: ceSeries, referenceLines: [.horizontal(2.3, label: "chance 2.3")]),
                Panel(title: "C: test accuracy", xLabel: "model", yLabel: "P_correct (best epoch)", xRange: 0.5...(n + 0.5), yRange: 0...1,
                      key: .none, series: pSeries, referenceLines: [.horizontal(0.1, label: "chance 0.1")]),
            ]))
            if let description = results.jobs.lazy.filter({ $0.name.hasPrefix("task=mnist") }).compactMap({ try? $0.root().stringAttribute("data") }).first {
                canvas.note("MNIST data: \(description).")
            }
        }

        canvas.add(ResultTable(
            name: "fig2-values",
            caption: "Per point: runs, diverged runs (NaN or test MSE > \(format(config.divergenceBound))), runs without a result, runs in the mean (aggregation: \(config.aggregation.rawValue)), mean ± SEM of the best-epoch test loss and P_correct, and the published value (mean loss / P, n runs).",
            header: ["task", "model", "T", "runs", "diverged", "no result", "in mean", "loss (best epoch)", "P_correct (best epoch)", "published"],
            rows: rows))
        let m = config.hidden
        canvas.note("Protocol: \(config.trainingProtocol.rawValue) — \(config.trainingProtocol.summary). This run used M = \(m) (LSTM \(config.lstmHidden ?? config.trainingProtocol.lstmHidden(m))), batch \(config.effectiveBatchSize), \(config.effectiveEpochs) epochs, clip \(format(config.effectiveClip)), lr \(config.learningRate), \(config.trainCount) training / \(config.testCount) test sequences, \(config.seeds) seed(s); rPLRNN τ = \(config.rplrnn.tau), Mreg/M = \(config.rplrnn.fraction).")
        canvas.note("\(divergedTotal) of \(runsTotal) runs diverged; aggregation '\(config.aggregation.rawValue)': " +
                    (config.aggregation == .kept ? "diverged runs enter the means with their best epoch before divergence (runs with no finite epoch cannot)."
                                                 : "diverged runs are left out of the means, as in the authors' plotting code."))
        if missingTotal > 0 { canvas.note("\(missingTotal) runs have no stored result (job failed); they are counted in the table.") }
        if !seconds.isEmpty {
            canvas.note(String(format: "Wall time per run: median %.0f s, max %.0f s (%d runs).", seconds.sorted()[seconds.count / 2], seconds.max()!, seconds.count))
        }
        for failed in results.failed { canvas.note("Job \(failed.name) has no result: \(failed.failure ?? "unknown reason").") }
    }
}

// MARK: - Quantities compared by `repro compare`

extension RPLRNNFig2 {
    /// Per (task, model, T): the mean best-epoch test loss and P_correct over seeds with their SEM (the
    /// configured aggregation decides whether diverged runs enter) and the number of diverged runs; per
    /// task and T run by both: whether the rPLRNN beats the PLRNN and whether any model beats the
    /// rPLRNN's P_correct (the paper's "rPLRNN outperforms all other tested methods"); per MNIST model the
    /// mean best-epoch cross-entropy and accuracy. Means map to the numbers recomputed from the authors'
    /// result files at paper scale only (their protocol); the claims at default and paper scale.
    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] {
        let seeds = Array(1...config.seeds)
        func aggregate(_ task: RPLRNNTask, _ model: RPLRNNModelName, _ steps: Int) -> RPLRNNAggregate {
            RPLRNNAggregate(seeds.map { s in results.result(named: jobName(task, model, steps: steps, seed: s)).flatMap(RPLRNNRunResult.init) },
                            aggregation: config.aggregation)
        }
        var quantities: [Quantity] = []
        for task in config.tasks where task != .mnist {
            var byLength: [Int: [RPLRNNModelName: RPLRNNAggregate]] = [:]
            for model in config.models {
                for steps in config.lengths(task, model).sorted() {
                    let a = aggregate(task, model, steps)
                    byLength[steps, default: [:]][model] = a
                    let printed = published[task]?[model]?.contains { $0.t == steps } == true
                    let id = "rplrnn-iclr2021/fig2.\(task.rawValue).\(model.rawValue).T\(steps)"
                    quantities += a.quantities(label: "\(task.rawValue) \(model.rawValue) T=\(steps)", lossName: "MSE", metricName: "P_correct",
                                               setting: "\(model.rawValue), \(task.rawValue) problem, T = \(steps)",
                                               aggregation: config.aggregation,
                                               published: printed ? (loss: "\(id).mse", metric: "\(id).pcorrect") : (nil, nil))
                }
            }
            for steps in byLength.keys.sorted() {
                let models = byLength[steps]!
                guard let r = models[.rPLRNN], r.loss.mean.isFinite else { continue }
                if let p = models[.PLRNN], p.loss.mean.isFinite {
                    let margin = 2 * RPLRNNAggregate.combinedSE(r.loss.sem, p.loss.sem)
                    quantities.append(.claim(
                        "\(task.rawValue) T=\(steps) rPLRNN < PLRNN",
                        "\(task.rawValue), T = \(steps): mean best-epoch test MSE of the rPLRNN is below the PLRNN's by more than 2 combined SEM",
                        holds: r.loss.mean + margin < p.loss.mean, published: "rplrnn-iclr2021/fig2.rplrnn-outperforms",
                        paperScales: ["default", "paper"]))
                }
                let others = models.filter { $0.key != .rPLRNN && $0.value.metric.mean.isFinite }
                if !others.isEmpty, r.metric.mean.isFinite {
                    let beaten = others.contains { _, o in
                        o.metric.mean - r.metric.mean > max(2 * RPLRNNAggregate.combinedSE(r.metric.sem, o.metric.sem), 0.01)
                    }
                    quantities.append(.claim(
                        "\(task.rawValue) T=\(steps) rPLRNN P_correct not exceeded",
                        "\(task.rawValue), T = \(steps): no other model (\(others.keys.map(\.rawValue).sorted().joined(separator: ", "))) has a mean best-epoch P_correct above the rPLRNN's by more than max(2 combined SEM, 0.01)",
                        holds: !beaten, published: "rplrnn-iclr2021/fig2.rplrnn-outperforms", paperScales: ["default", "paper"]))
                }
            }
        }
        if config.mnistEnabled {
            let steps = config.mnist.pooled ? 196 : 784
            for model in config.mnistModels {
                let printed = publishedMNIST[model] != nil && !config.mnist.pooled
                let id = "rplrnn-iclr2021/fig2.smnist.\(model.rawValue)"
                quantities += aggregate(.mnist, model, steps).quantities(
                    label: "mnist \(model.rawValue)", lossName: "CE", metricName: "accuracy",
                    setting: "\(model.rawValue), sequential MNIST, T = \(steps)", aggregation: config.aggregation,
                    published: printed ? (loss: "\(id).ce", metric: "\(id).pcorrect") : (nil, nil))
            }
        }
        return quantities
    }
}

extension RPLRNNAggregate {
    /// √(a² + b²), with a missing (NaN) SEM counted as 0.
    static func combinedSE(_ a: Double, _ b: Double) -> Double {
        let x = a.isFinite ? a : 0, y = b.isFinite ? b : 0
        return (x * x + y * y).squareRoot()
    }

    /// The mean best-epoch loss and metric (when finite) and the diverged count as quantities.
    ///
    /// With two or more runs in the mean the rule is 2 combined SEM; one run has no spread estimate
    /// but is deterministic given its seed, so it must match within 1e-6 (relative). Against the paper
    /// (whose SEM is not printed, so it is taken to be about ours) the allowance is 3·SEM_ours ≈ 2
    /// combined SEM.
    func quantities(label: String, lossName: String, metricName: String, setting: String, aggregation: RPLRNNAggregation,
                    published: (loss: String?, metric: String?)) -> [Quantity] {
        let which = aggregation == .kept ? "diverged runs kept with their best epoch before divergence" : "diverged runs dropped, as the authors' plotting code"
        func measured(_ name: String, _ stat: (mean: Double, sem: Double), count: Int, what: String, id: String?) -> Quantity? {
            guard stat.mean.isFinite, count > 0 else { return nil }
            let spread = count > 1
            let sem = stat.sem.isFinite ? stat.sem : 0
            return Quantity(name: "\(label) \(name)", meaning: "\(setting): mean over \(count) run\(count == 1 ? "" : "s") of the best-epoch test \(what) (\(which))",
                            value: .scalar(stat.mean),
                            uncertainty: spread ? Uncertainty(sd: sem * Double(count).squareRoot(), sem: sem, n: count) : Uncertainty(n: 1),
                            rule: spread ? .standardErrors(k: 2) : .tolerance(absolute: 1e-12, relative: 1e-6),
                            paperRule: .standardErrors(k: 3), published: id)
        }
        var out: [Quantity] = []
        if let q = measured(lossName, loss, count: used, what: lossName == "CE" ? "cross-entropy (min over epochs)" : "MSE (min over epochs)", id: published.loss) {
            out.append(q)
        }
        let metricCount = metric.mean.isFinite ? used : 0
        if let q = measured(metricName, metric, count: metricCount, what: "\(metricName) (max over epochs)", id: published.metric) { out.append(q) }
        out.append(.scalar("\(label) diverged runs", Double(diverged),
                           meaning: "\(setting): runs of \(runs) that diverged (NaN, or test loss above the divergence bound)",
                           absolute: 0.5, relative: 0))
        return out
    }
}
