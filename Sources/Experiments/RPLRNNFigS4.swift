import Configuration
import Engine
import Foundation
import HDF5
import LinearAlgebra
import Models
import Plotting
import Training

/// The learned parameters of one rPLRNN run as stored by `rplrnn-figS4` (group `parameters/`: A (M), W (M×M,
/// diagonal zeroed as in the forward pass), h (M), C (M×inputs), B (outputs×M), attribute `regularized_units`),
/// and their per-unit summary for the figure.
struct RPLRNNLearnedParameters {
    var a: [Double]
    var w: Matrix<Double>
    var h: [Double]
    var c: Matrix<Double>
    var regularizedUnits: Int

    static func write(_ parameters: [Parameter<Float>], hidden m: Int, regularizedUnits: Int, to root: HDF5Group) throws {
        func value(_ name: String) throws -> Matrix<Float> {
            guard let p = parameters.first(where: { $0.name == name }) else { throw CheckpointError("no parameter \(name) in the checkpoint") }
            return p.value
        }
        let group = try root.createGroup("parameters")
        try group.setAttribute("regularized_units", regularizedUnits)
        try group.setAttribute("source", "parameters after the last completed (or the diverging) epoch")
        var w = try value("W.weight")
        for i in 0..<m { w[i, i] = 0 }
        for (name, matrix, label) in [("A", try value("A.weight"), "diagonal of A"), ("W", w, "off-diagonal couplings W (row m = unit m)"),
                                      ("h", try value("W.bias"), "bias h"), ("C", try value("CLinear.weight"), "input weights C"),
                                      ("B", try value("B.weight"), "read-out B"), ("mu0", try value("mu0"), "initial state")] {
            let shape = matrix.columns == 1 ? [matrix.rows] : [matrix.rows, matrix.columns]
            try group.write(NDArray(shape: shape, values: matrix.storage.map(Double.init)), to: name).setAttribute("label", label)
        }
    }

    init(from root: HDF5Group) throws {
        let group = try root.group("parameters")
        regularizedUnits = try group.intAttribute("regularized_units")
        a = try group.read("A", as: Double.self).values
        let m = a.count
        w = Matrix(rows: m, columns: m, storage: try group.read("W", as: Double.self).values)
        h = try group.read("h", as: Double.self).values
        let cValues = try group.read("C", as: Double.self)
        c = Matrix(rows: m, columns: cValues.values.count / max(m, 1), storage: cValues.values)
    }
}

/// rPLRNN paper, Fig. S4: how the regularisation strength τ shapes the learned parameters A, W, h
/// (and the unregularised C) of the regularised units (m ≤ Mreg) and of the free units, on the
/// addition problem.
public struct RPLRNNFigS4: Experiment {
    public static let id = "rplrnn-figS4"
    public static let codeDependencies = ["RPLRNNBenchmarks", "Models", "Training", "Tasks"]

    // MARK: Configuration

    public struct Config: ExperimentConfig, Equatable {
        public var aggregation: RPLRNNAggregation
        public var hidden: Int
        public var fraction: Double
        /// Sequence length T.
        public var steps: Int
        public var taus: [Double]
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

        enum CodingKeys: String, CodingKey {
            case aggregation, hidden, fraction, steps = "T", taus, seeds, seed, learningRate = "learning_rate"
            case trainCount = "train_count", testCount = "test_count", testBatchSize = "test_batch_size"
            case batchSize = "batch_size", epochs, clip, divergenceBound = "divergence_bound"
        }

        public func validate() throws {
            for (key, value) in [("seeds", seeds), ("hidden", hidden), ("train_count", trainCount), ("test_count", testCount),
                                 ("test_batch_size", testBatchSize), ("batch_size", batchSize), ("epochs", epochs)] where value < 1 {
                throw ConfigurationError.outOfRange(key: key, value: "\(value)", range: "≥ 1")
            }
            guard steps >= 12 else { throw ConfigurationError.outOfRange(key: "T", value: "\(steps)", range: "≥ 12") }
            guard fraction > 0, fraction < 1, Int(Double(hidden) * fraction) >= 1, Int(Double(hidden) * fraction) < hidden else {
                throw ConfigurationError.outOfRange(key: "fraction", value: "\(fraction)",
                                                    range: "(0, 1), leaving at least one regularised and one free unit")
            }
            guard !taus.isEmpty, taus.allSatisfy({ $0 >= 0 }), Set(taus).count == taus.count else {
                throw ConfigurationError.outOfRange(key: "taus", value: "\(taus)", range: "distinct values ≥ 0")
            }
            guard learningRate > 0 else { throw ConfigurationError.outOfRange(key: "learning_rate", value: "\(learningRate)", range: "> 0") }
        }

        /// Number of regularised units (Python's int(M·fraction), as the reference code).
        public var regularizedUnits: Int { Int((Double(hidden) * fraction).rounded(.towardZero)) }
    }

    public typealias JobParameters = RPLRNNRun

    static func valueText(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(v) }

    public static func jobName(tau: Double, seed: Int) -> String { "tau=\(valueText(tau)),seed=\(seed)" }

    public static func jobs(config: Config) throws -> [Job<RPLRNNRun>] {
        var jobs: [Job<RPLRNNRun>] = []
        for tau in config.taus {
            let run = RPLRNNRun(
                task: .addition, model: .rPLRNN, steps: config.steps, hidden: config.hidden, tau: tau,
                regularizedFraction: config.fraction, trainCount: config.trainCount, testCount: config.testCount,
                batchSize: config.batchSize, testBatchSize: config.testBatchSize, epochs: config.epochs,
                learningRate: config.learningRate, clip: config.clip, divergenceBound: config.divergenceBound, mnist: nil)
            for s in 1...config.seeds {
                jobs.append(Job(name: jobName(tau: tau, seed: s), parameters: run, seed: config.seed + UInt64(s)))
            }
        }
        return jobs
    }

    /// Trains with the shared benchmark training, then stores the final parameters from the run's last
    /// checkpoint (written after the final or the diverging epoch) under `parameters/`.
    public static func compute(_ parameters: RPLRNNRun, context: JobContext) throws {
        try RPLRNNTraining.compute(parameters, context: context)
        guard let checkpoint = try CheckpointFolder(context.checkpointDirectory).load(Float.self) else {
            throw CheckpointError("rplrnn-figS4: no checkpoint after training, so no learned parameters to store")
        }
        try RPLRNNLearnedParameters.write(checkpoint.parameters, hidden: parameters.hidden,
                                          regularizedUnits: Int((Double(parameters.hidden) * (parameters.regularizedFraction ?? 0.5)).rounded(.towardZero)),
                                          to: context.results)
    }

    public static func estimatedCPUSeconds(_ parameters: RPLRNNRun) -> Double? {
        RPLRNNTraining.estimatedSeconds(parameters)
    }

    // MARK: - Figure

    // The caption describes, it does not compute: below the marker, editing it redraws without recomputing.
    public static let reference = PaperReference(
        paper: "Schmidt, Koppe, Monfared, Beutelspacher, Durstewitz (rPLRNN), ICLR 2020 submission / ICLR 2021",
        seedFile: "001_10a8a1ac4f97758c.txt",
        item: "Fig. S4 (supplementary)",
        title: "Effect of τ on the learned rPLRNN parameters (regularised vs free units)",
        caption: """
        rPLRNNs trained on the addition problem for several regularisation strengths τ; the parameters after the \
        last epoch are summarised separately for the regularised units m ≤ Mreg (red) and the free units m > Mreg \
        (blue). Top row, mean ± SEM over seeds of each run's unit average: (A) the auto-regression A_mm, which the \
        regulariser pulls to 1; (W) the norm of unit m's row of off-diagonal couplings ‖W_m,:‖ (pulled to 0); (h) the \
        bias |h_m| (pulled to 0); (C) the norm of unit m's input weights ‖C_m,:‖, which is never regularised. Bottom \
        row: the same quantities for every unit of every run (regularised units drawn slightly left of the τ tick, \
        free units slightly right), the distribution the paper's panels show. The paper's S4 gives no numbers \
        and no protocol; we use the Fig. S3B setting it accompanies (addition, M = 40, Mreg/M = 0.5, T = 200 at \
        paper scale, τ_A = τ_W = τ_h = τ with the reference code's means over the regularised entries, first \
        int(M·Mreg/M) units initialised at A = 1, W row = 0, h = 0; Adam lr 1e-3, batch 16, gradient-norm clip 10, \
        100 epochs — the paper-text protocol the S3 result files used). τ = 0 (no penalty, line-attractor \
        initialisation only) is drawn left of the smallest positive τ on the log axis. A second figure gives the \
        best-epoch test MSE and P_correct of the same runs, with the published Fig. S3B means (open circles, \
        PROTOCOLS.md ✔check, T = 200) beside ours. Parameters are the final ones (not the best epoch's); runs that \
        diverged (NaN, or test MSE > 100) are kept in the counts, their non-finite parameters are left out of the \
        parameter panels (counts in the legend and table). Reduced scales shorten T, data and epochs (see notes).
        """)

    static let regularizedColor = "#d62728", freeColor = "#1f77b4"

    /// Fig. S3B (T = 200, M = 40, Mreg/M = 0.5): mean min test MSE by τ (PROTOCOLS.md §1 P1, "Fig. S3A–C [data]"),
    /// which the S4 runs accompany.
    static let publishedMSEByTau: [(tau: Double, mse: Double)] = [
        (0, 0.166), (0.3, 0.067), (0.5, 0.042), (1, 0.067), (2, 2.0e-5), (5, 1.3e-5), (10, 1.3e-5), (20, 1.7e-5),
        (30, 2.2e-5), (50, 2.6e-5), (100, 1.5e-5),
    ]

    static func format(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "–" }

    /// Where τ = 0 sits on the log axis: a third of the smallest positive τ (0.1 if there is none).
    static func zeroPosition(_ taus: [Double]) -> Double { (taus.filter { $0 > 0 }.min() ?? 0.3) / 3 }

    /// Per τ: the runs' parameter summaries (nil: no result or non-finite parameters) and outcomes.
    struct TauRuns {
        var tau: Double
        var summaries: [RPLRNNLearnedParameters.Summary?]
        var outcomes: [RPLRNNRunResult?]
        var finite: [RPLRNNLearnedParameters.Summary] { summaries.compactMap { $0 } }
    }

    static func collect(config: Config, results: ResultSet) -> [TauRuns] {
        config.taus.sorted().map { tau in
            let names = (1...config.seeds).map { jobName(tau: tau, seed: $0) }
            return TauRuns(
                tau: tau,
                summaries: names.map { results.result(named: $0).flatMap { try? RPLRNNLearnedParameters(from: $0.root()).summary } ?? nil },
                outcomes: names.map { results.result(named: $0).flatMap(RPLRNNRunResult.init) })
        }
    }

    public static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        let runs = collect(config: config, results: results)
        let zero = zeroPosition(config.taus)
        func x(_ tau: Double) -> Double { tau == 0 ? zero : tau }
        var meanPanels: [Panel] = [], unitPanels: [Panel] = []
        for quantity in RPLRNNLearnedParameters.Quantity.allCases {
            var series: [Series] = [], scatter: [Series] = []
            for (group, color, shift) in [(RPLRNNLearnedParameters.Group.regularized, regularizedColor, 0.88),
                                          (.free, freeColor, 1.0 / 0.88)] {
                var xs: [Double] = [], ys: [Double] = [], es: [Double] = []
                var ux: [Double] = [], uy: [Double] = []
                var missing = 0
                for r in runs {
                    let values = r.finite.map { $0.mean(quantity, group) }
                    missing += r.summaries.count - values.count
                    let (mean, sem) = RPLRNNAggregate.meanSEM(values)
                    if mean.isFinite { xs.append(x(r.tau)); ys.append(mean); es.append(sem) }
                    for s in r.finite {
                        let unitValues = s.units(quantity, group)
                        ux += Array(repeating: x(r.tau) * shift, count: unitValues.count)
                        uy += unitValues
                    }
                }
                let name = group == .regularized ? "regularised (m ≤ Mreg)" : "free (m > Mreg)"
                let title = missing > 0 ? "\(name), \(missing) run(s) without finite parameters" : name
                series.append(.errorLines(x: xs, y: ys, error: es, title: title, color: color))
                scatter.append(.points(x: ux, y: uy, title: nil, color: color, pointType: 7, pointSize: 0.35))
            }
            let target = quantity.regularizationTarget.map { [ReferenceLine.horizontal($0, label: "target of the penalty")] } ?? []
            meanPanels.append(Panel(title: "\(quantity.letter): \(quantity.label), mean ± SEM over runs", xLabel: "τ (τ = 0 drawn at \(format(zero)))",
                                    yLabel: quantity.label, logX: true, key: quantity == .a ? .bottomLeft : .none, series: series,
                                    referenceLines: target))
            unitPanels.append(Panel(title: "\(quantity.letter): every unit of every run", xLabel: "τ", yLabel: quantity.label, logX: true,
                                    key: .none, series: scatter, referenceLines: target))
        }
        canvas.add(GnuplotFigure(name: "figS4", title: "rPLRNN parameters vs τ (Fig. S4): regularised (red) vs free (blue) units",
                                 rows: 2, columns: meanPanels.count, panels: meanPanels + unitPanels))

        // The task error of the same runs, with the published Fig. S3B means.
        var lossX: [Double] = [], loss: [Double] = [], lossE: [Double] = [], pX: [Double] = [], p: [Double] = [], pE: [Double] = []
        var rows: [[String]] = []
        var divergedTotal = 0
        for r in runs {
            let a = RPLRNNAggregate(r.outcomes, aggregation: config.aggregation)
            divergedTotal += a.diverged
            if a.loss.mean.isFinite { lossX.append(x(r.tau)); loss.append(a.loss.mean); lossE.append(a.loss.sem) }
            if a.metric.mean.isFinite { pX.append(x(r.tau)); p.append(a.metric.mean); pE.append(a.metric.sem) }
            func cell(_ q: RPLRNNLearnedParameters.Quantity, _ g: RPLRNNLearnedParameters.Group) -> String {
                let (m, s) = RPLRNNAggregate.meanSEM(r.finite.map { $0.mean(q, g) })
                return "\(format(m)) ± \(format(s))"
            }
            let published = publishedMSEByTau.first { $0.tau == r.tau }
            rows.append([valueText(r.tau), "\(a.runs)", "\(a.diverged)", "\(r.finite.count)",
                         cell(.a, .regularized), cell(.a, .free), cell(.w, .regularized), cell(.w, .free),
                         cell(.h, .regularized), cell(.h, .free), cell(.c, .regularized), cell(.c, .free),
                         "\(format(a.loss.mean)) ± \(format(a.loss.sem))", published.map { format($0.mse) } ?? "–"])
        }
        let ref = publishedMSEByTau
        canvas.add(GnuplotFigure(name: "figS4-error", title: "Same runs: addition error vs τ (cf. Fig. S3B)", rows: 1, columns: 2, height: 480, panels: [
            Panel(title: "test MSE (best epoch)", xLabel: "τ", yLabel: "MSE", logX: true, logY: true, key: .outside, series: [
                .errorLines(x: lossX, y: loss, error: lossE, title: "ours (T = \(config.steps))", color: regularizedColor),
                .points(x: ref.map { x($0.tau) }, y: ref.map(\.mse), title: "published Fig. S3B (T = 200)",
                        color: freeColor, pointType: 6, pointSize: 1.3),
            ], referenceLines: [.horizontal(0.166, label: "chance")]),
            Panel(title: "P_correct (best epoch)", xLabel: "τ", yLabel: "P_correct", yRange: -0.02...1.02, logX: true, key: .none, series: [
                .errorLines(x: pX, y: p, error: pE, title: "ours", color: regularizedColor),
            ], referenceLines: [.horizontal(0.0783, label: "chance")]),
        ]))
        canvas.add(ResultTable(
            name: "figS4-values",
            caption: "Per τ: runs, diverged runs, runs with finite parameters, mean ± SEM over runs of the unit-averaged A_mm, ‖W_m,:‖, |h_m|, ‖C_m,:‖ for regularised (reg) and free units, best-epoch test MSE (aggregation: \(config.aggregation.rawValue)) and the published Fig. S3B MSE.",
            header: ["τ", "runs", "diverged", "finite", "A reg", "A free", "‖W‖ reg", "‖W‖ free", "|h| reg", "|h| free",
                     "‖C‖ reg", "‖C‖ free", "MSE", "published MSE (S3B)"],
            rows: rows))
        canvas.note("This run: addition, T = \(config.steps), M = \(config.hidden), Mreg = \(config.regularizedUnits) (Mreg/M = \(config.fraction)), batch \(config.batchSize), \(config.epochs) epochs, clip \(format(config.clip)), lr \(config.learningRate), \(config.trainCount) training / \(config.testCount) test sequences, \(config.seeds) seed(s) per τ.")
        canvas.note("\(divergedTotal) of \(runs.count * config.seeds) runs diverged.")
        for failed in results.failed { canvas.note("Job \(failed.name) has no result: \(failed.failure ?? "unknown reason").") }
    }
}

// MARK: - Quantities compared by `repro compare`

extension RPLRNNFigS4 {
    /// Per parameter and unit group: the mean-over-runs curve against τ; and the paper's two claims —
    /// strong regularisation holds the regularised units at the line-attractor configuration (A ≈ 1,
    /// W, h ≈ 0) while without it they move away; and free-unit parameters shift with τ too.
    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] {
        let runs = collect(config: config, results: results)
        var quantities: [Quantity] = []
        for q in RPLRNNLearnedParameters.Quantity.allCases {
            for g in RPLRNNLearnedParameters.Group.allCases {
                let points = runs.compactMap { r -> (Double, Double)? in
                    let m = RPLRNNAggregate.meanSEM(r.finite.map { $0.mean(q, g) }).mean
                    return m.isFinite ? (r.tau, m) : nil
                }
                guard !points.isEmpty else { continue }
                quantities.append(.curve("\(q.rawValue) \(g.rawValue) vs tau", x: points.map(\.0), y: points.map(\.1),
                                         meaning: "mean over runs of the \(g.rawValue) units' average \(q.label) against τ",
                                         absolute: 1e-6, relative: 1e-4))
            }
        }
        guard let strongest = runs.filter({ $0.tau > 0 && !$0.finite.isEmpty }).max(by: { $0.tau < $1.tau }),
              let none = runs.first(where: { $0.tau == 0 && !$0.finite.isEmpty }) else { return quantities }
        // Per regularised parameter, the mean distance from the penalty's target: |A_mm − 1|, ‖W_m,:‖, |h_m|.
        func distance(_ r: TauRuns, _ q: RPLRNNLearnedParameters.Quantity) -> Double {
            RPLRNNAggregate.meanSEM(r.finite.map { $0.meanDistanceFromTarget(q) }).mean
        }
        let pulled: [RPLRNNLearnedParameters.Quantity] = [.a, .w, .h]
        let closer = pulled.filter { distance(strongest, $0) < distance(none, $0) }
        let tight = strongest.finite.allSatisfy { $0.meanDistanceFromTarget(.a) < 0.05 && $0.meanDistanceFromTarget(.h) < 0.05 }
        let listing = pulled.map { "\($0.rawValue): \(format(distance(none, $0))) → \(format(distance(strongest, $0)))" }.joined(separator: ", ")
        quantities.append(.claim(
            "regularised units pinned at large tau",
            "regularised units: mean |A_mm − 1|, ‖W_m,:‖ and |h_m| are each smaller at τ = \(valueText(strongest.tau)) than at τ = 0 (\(listing)), and at τ = \(valueText(strongest.tau)) every run keeps mean |A_mm − 1| and mean |h_m| below 0.05",
            holds: tight && closer.count == pulled.count, published: "rplrnn-iclr2021/figS4.regularized-pinned", paperScales: ["default", "paper"]))
        var shifted: [String] = []
        for q in RPLRNNLearnedParameters.Quantity.allCases {
            let a = RPLRNNAggregate.meanSEM(none.finite.map { $0.mean(q, .free) })
            let b = RPLRNNAggregate.meanSEM(strongest.finite.map { $0.mean(q, .free) })
            let se = (a.sem * a.sem + b.sem * b.sem).squareRoot()
            if se.isFinite, (a.mean - b.mean).magnitude > 2 * max(se, 1e-12) { shifted.append(q.rawValue) }
        }
        quantities.append(.claim(
            "free-unit parameters shift with tau",
            "at least one free-unit statistic (mean A_mm, ‖W_m,:‖, |h_m|, ‖C_m,:‖) differs by more than 2 SE between τ = 0 and τ = \(valueText(strongest.tau)) (shifted: \(shifted.isEmpty ? "none" : shifted.joined(separator: ", ")))",
            holds: !shifted.isEmpty, published: "rplrnn-iclr2021/figS4.free-units-shift", paperScales: ["default", "paper"]))
        return quantities
    }
}

// Figure-side views of the stored parameters (below the Figure mark, so changing them never recomputes).
extension RPLRNNLearnedParameters {
    /// Per-unit summary, or nil when any parameter is not finite (a diverged run).
    var summary: Summary? {
        guard (a + w.storage + h + c.storage).allSatisfy(\.isFinite) else { return nil }
        let m = a.count
        func rowNorm(_ x: Matrix<Double>, _ i: Int) -> Double { (0..<x.columns).reduce(0) { $0 + x[i, $1] * x[i, $1] }.squareRoot() }
        return Summary(regularizedUnits: regularizedUnits, a: a, w: (0..<m).map { rowNorm(w, $0) }, h: h.map(\.magnitude),
                       c: (0..<m).map { rowNorm(c, $0) })
    }

    /// Which parameter a panel shows, per unit m.
    enum Quantity: String, CaseIterable {
        case a = "A", w = "W", h = "h", c = "C"
        var label: String {
            switch self {
            case .a: return "A_mm"
            case .w: return "‖W_m,:‖"
            case .h: return "|h_m|"
            case .c: return "‖C_m,:‖"
            }
        }
        var letter: String { rawValue }
        /// The value the penalty pulls regularised units to (C is not regularised).
        var regularizationTarget: Double? {
            switch self {
            case .a: return 1
            case .w, .h: return 0
            case .c: return nil
            }
        }
    }

    /// Regularised units m < Mreg (0-based) or the others.
    enum Group: String, CaseIterable { case regularized, free }

    /// Per-unit values of one run: A_mm, ‖W_m,:‖, |h_m|, ‖C_m,:‖.
    struct Summary {
        var regularizedUnits: Int
        var a: [Double], w: [Double], h: [Double], c: [Double]

        func units(_ q: Quantity, _ g: Group) -> [Double] {
            let all: [Double]
            switch q {
            case .a: all = a
            case .w: all = w
            case .h: all = h
            case .c: all = c
            }
            return g == .regularized ? Array(all[..<regularizedUnits]) : Array(all[regularizedUnits...])
        }

        func mean(_ q: Quantity, _ g: Group) -> Double {
            let v = units(q, g)
            return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
        }

        /// Mean over the regularised units of the distance from the penalty's target (|A_mm − 1|, ‖W_m,:‖, |h_m|;
        /// ‖C_m,:‖ for C, which has no target).
        func meanDistanceFromTarget(_ q: Quantity) -> Double {
            let v = units(q, .regularized)
            guard !v.isEmpty else { return .nan }
            let target = q.regularizationTarget ?? 0
            return v.reduce(0) { $0 + ($1 - target).magnitude } / Double(v.count)
        }
    }
}
