import Configuration
import Dynamics
import Engine
import Foundation
import HDF5
import Plotting
import Randomness

/// rPLRNN paper (ICLR 2020 submission), Fig. 1: state space of 2-unit PLRNNs z_t = A z_{t−1} + W φ(z_{t−1}) + C s_t + h
/// — flow field, exact piecewise-linear nullclines, trajectories, and the z1 time course over 30 000 steps —
/// for a perfect line attractor (A), a slightly detuned one (B) and the 2-unit solution of the addition problem (C).
public struct PLRNNStateSpace: Experiment {
    public static let id = "rplrnn-state-space"
    public static let codeDependencies = ["Dynamics", "Randomness"]

    // MARK: Configuration

    /// The plotted region.
    public struct Box: Codable, Sendable, Equatable {
        public var z1: [Double]
        public var z2: [Double]

        var plane: PlaneBox { PlaneBox(xMin: z1[0], xMax: z1[1], yMin: z2[0], yMax: z2[1]) }
    }

    /// One autonomous panel (A or B).
    public struct MapPanel: Codable, Sendable, Equatable {
        /// Diagonal of A.
        public var a: [Double]
        /// W, row-major (row i = weights into unit i).
        public var w: [[Double]]
        public var h: [Double]
        public var box: Box
        /// Initial states of the example trajectories.
        public var starts: [[Double]]
        /// Steps of each example trajectory.
        public var trajectorySteps: Int
        /// Initial state of the long z1 time course.
        public var insetStart: [Double]

        enum CodingKeys: String, CodingKey {
            case a, w, h, box, starts, trajectorySteps = "trajectory_steps", insetStart = "inset_start"
        }
    }

    /// Which C to use in panel C.
    public enum CMatrix: String, ConfigEnum {
        /// C = [[0, 0], [1, 1]]: the matrix that solves the task.
        case working
        /// C = I, as the paper's text extracts.
        case literal

        var matrix: [[Double]] { self == .working ? [[0, 0], [1, 1]] : [[1, 0], [0, 1]] }
    }

    /// Panel C: the addition-problem solution.
    public struct AdditionPanel: Codable, Sendable, Equatable {
        public var a: [Double]
        public var w: [[Double]]
        public var h: [Double]
        public var cMatrix: CMatrix
        public var box: Box
        /// Length T of one addition trial (markers at t1 < 10 and t2 < T/2, as in the paper's protocol).
        public var trialLength: Int
        /// Example trials drawn as trajectories.
        public var exampleTrials: Int
        /// Random trials used to measure the addition error.
        public var checkTrials: Int
        /// Marker steps in the long z1 time course.
        public var insetMarkers: [Int]

        enum CodingKeys: String, CodingKey {
            case a, w, h, cMatrix = "c_matrix", box, trialLength = "trial_length", exampleTrials = "example_trials"
            case checkTrials = "check_trials", insetMarkers = "inset_markers"
        }
    }

    public struct Config: ExperimentConfig, Equatable {
        /// Arrows per axis in the flow field.
        public var gridPoints: Int
        /// Length of the z1 time course (the paper's T = 30 000).
        public var insetSteps: Int
        /// Points of the z1 time course drawn (the full series stays in HDF5).
        public var insetPlotPoints: Int
        public var seed: UInt64
        public var lineAttractor: MapPanel
        public var detuned: MapPanel
        public var addition: AdditionPanel

        enum CodingKeys: String, CodingKey {
            case gridPoints = "grid_points", insetSteps = "inset_steps", insetPlotPoints = "inset_plot_points", seed
            case lineAttractor = "line_attractor", detuned, addition
        }

        public func validate() throws {
            guard gridPoints >= 2 else { throw ConfigurationError.outOfRange(key: "grid_points", value: "\(gridPoints)", range: "≥ 2") }
            guard insetSteps >= 1 else { throw ConfigurationError.outOfRange(key: "inset_steps", value: "\(insetSteps)", range: "≥ 1") }
            guard insetPlotPoints >= 2 else {
                throw ConfigurationError.outOfRange(key: "inset_plot_points", value: "\(insetPlotPoints)", range: "≥ 2")
            }
            for (key, panel) in [("line_attractor", lineAttractor), ("detuned", detuned)] {
                try Self.checkMap(key, a: panel.a, w: panel.w, h: panel.h, box: panel.box)
                guard panel.insetStart.count == 2, panel.starts.allSatisfy({ $0.count == 2 }) else {
                    throw ConfigurationError(key: "\(key).starts", message: "initial states must have 2 entries")
                }
                guard panel.trajectorySteps >= 1 else {
                    throw ConfigurationError.outOfRange(key: "\(key).trajectory_steps", value: "\(panel.trajectorySteps)", range: "≥ 1")
                }
            }
            try Self.checkMap("addition", a: addition.a, w: addition.w, h: addition.h, box: addition.box)
            guard addition.trialLength >= 22 else {
                throw ConfigurationError.outOfRange(key: "addition.trial_length", value: "\(addition.trialLength)", range: "≥ 22 (t1 < 10, t2 < T/2)")
            }
            guard addition.insetMarkers.allSatisfy({ $0 >= 1 && $0 < insetSteps }) else {
                throw ConfigurationError.outOfRange(key: "addition.inset_markers", value: "\(addition.insetMarkers)", range: "steps in [1, inset_steps)")
            }
        }

        static func checkMap(_ key: String, a: [Double], w: [[Double]], h: [Double], box: Box) throws {
            guard a.count == 2, h.count == 2, w.count == 2, w.allSatisfy({ $0.count == 2 }) else {
                throw ConfigurationError(key: key, message: "a and h need 2 entries, w must be 2×2")
            }
            guard box.z1.count == 2, box.z2.count == 2, box.z1[0] < box.z1[1], box.z2[0] < box.z2[1] else {
                throw ConfigurationError(key: "\(key).box", message: "z1 and z2 must be [low, high] with low < high")
            }
        }
    }

    /// Panel letters.
    public enum PanelName: String, Codable, Sendable { case A, B, C }

    public struct JobParameters: Codable, Sendable, Equatable {
        public var panel: PanelName
        public var map: PLRNNMap
        public var box: Box
        public var gridPoints: Int
        public var insetSteps: Int
        /// A and B: trajectories from these starts for `trajectorySteps` steps.
        public var starts: [[Double]]
        public var trajectorySteps: Int
        public var insetStart: [Double]
        /// C only.
        public var trialLength: Int?
        public var exampleTrials: Int?
        public var checkTrials: Int?
        public var insetMarkers: [Int]?
    }

    public static func jobs(config: Config) throws -> [Job<JobParameters>] {
        func mapJob(_ panel: PanelName, _ p: MapPanel) -> Job<JobParameters> {
            Job(name: "panel=\(panel.rawValue)", parameters: JobParameters(
                panel: panel, map: PLRNNMap(a: p.a, w: p.w, h: p.h), box: p.box, gridPoints: config.gridPoints,
                insetSteps: config.insetSteps, starts: p.starts, trajectorySteps: p.trajectorySteps, insetStart: p.insetStart))
        }
        let c = config.addition
        let additionJob = Job(name: "panel=C", parameters: JobParameters(
            panel: .C, map: PLRNNMap(a: c.a, w: c.w, c: c.cMatrix.matrix, h: c.h), box: c.box, gridPoints: config.gridPoints,
            insetSteps: config.insetSteps, starts: [], trajectorySteps: c.trialLength, insetStart: [0, 0],
            trialLength: c.trialLength, exampleTrials: c.exampleTrials, checkTrials: c.checkTrials, insetMarkers: c.insetMarkers),
            seed: config.seed)
        return [mapJob(.A, config.lineAttractor), mapJob(.B, config.detuned), additionJob]
    }

    // MARK: Compute

    /// One addition-problem trial: inputs s_t = (value, marker) for t = 1 … T and the target.
    struct AdditionTrial {
        var inputs: [[Double]]
        var target: Double
    }

    /// Draws a trial as in the paper: s1 ~ U[0, 1], markers at t1 < 10 and t2 < T/2 (1-based steps, t1 ≠ t2).
    static func additionTrial(length: Int, generator: inout Generator) -> AdditionTrial {
        var inputs = (0..<length).map { _ in [generator.uniform(), 0.0] }
        let t1 = generator.integer(below: 9)  // index of step 1 … 9
        var t2 = t1
        while t2 == t1 { t2 = generator.integer(below: length / 2 - 1) }
        inputs[t1][1] = 1
        inputs[t2][1] = 1
        return AdditionTrial(inputs: inputs, target: inputs[t1][0] + inputs[t2][0])
    }

    public static func compute(_ p: JobParameters, context: JobContext) throws {
        let root = context.results
        let map = p.map
        let box = p.box.plane
        try root.setAttribute("panel", p.panel.rawValue)
        try root.setAttribute("A_diagonal", map.a)
        try root.setAttribute("W_rows", map.w.flatMap { $0 })
        try root.setAttribute("h", map.h)
        if !map.c.isEmpty { try root.setAttribute("C_rows", map.c.flatMap { $0 }) }

        // Flow field on a grid (s = 0).
        var gx = [Double](), gy = [Double](), dx = [Double](), dy = [Double]()
        for i in 0..<p.gridPoints {
            for j in 0..<p.gridPoints {
                let z = [box.xMin + (box.xMax - box.xMin) * Double(j) / Double(p.gridPoints - 1),
                         box.yMin + (box.yMax - box.yMin) * Double(i) / Double(p.gridPoints - 1)]
                let d = map.increment(at: z)
                gx.append(z[0]); gy.append(z[1]); dx.append(d[0]); dy.append(d[1])
            }
        }
        let flow = try root.createGroup("flow")
        try flow.write(gx, to: "z1")
        try flow.write(gy, to: "z2")
        try flow.write(dx, to: "dz1").setAttribute("label", "z1_{t+1} − z1_t at s = 0")
        try flow.write(dy, to: "dz2").setAttribute("label", "z2_{t+1} − z2_t at s = 0")

        // Nullclines: segments as rows (unit, x0, y0, x1, y1); zero-increment regions as rows (unit, xmin, xmax, ymin, ymax).
        let nullclines = PLRNNNullclines(map: map, box: box)
        let segmentRows = nullclines.segments.map { [Double($0.unit), $0.start.0, $0.start.1, $0.end.0, $0.end.1] }
        let regionRows = nullclines.regions.map { [Double($0.unit), $0.box.xMin, $0.box.xMax, $0.box.yMin, $0.box.yMax] }
        let nc = try root.createGroup("nullclines")
        try nc.write(NDArray(shape: [segmentRows.count, 5], values: segmentRows.flatMap { $0 }), to: "segments")
            .setAttribute("columns", "unit (0 = z1, 1 = z2), z1 start, z2 start, z1 end, z2 end")
        try nc.write(NDArray(shape: [regionRows.count, 5], values: regionRows.flatMap { $0 }), to: "regions")
            .setAttribute("columns", "unit, z1 min, z1 max, z2 min, z2 max (increment identically zero)")

        let trajectories = try root.createGroup("trajectories")
        let inset: Trajectory
        switch p.panel {
        case .A, .B:
            for (k, start) in p.starts.enumerated() {
                let t = map.iterate(from: start, steps: p.trajectorySteps)
                try trajectories.write(NDArray(shape: [t.count, 2], values: t.values), to: "\(k)")
                    .setAttribute("label", "z_t, t = 0 … \(p.trajectorySteps), from (\(start[0]), \(start[1]))")
            }
            inset = map.iterate(from: p.insetStart, steps: p.insetSteps)
        case .C:
            let generator = Generator(seed: context.seed)
            var examples = generator.child("examples"), checks = generator.child("checks"), long = generator.child("inset")
            let length = p.trialLength ?? 100
            for k in 0..<(p.exampleTrials ?? 0) {
                let trial = additionTrial(length: length, generator: &examples)
                let t = map.iterate(from: [0, 0], steps: length, inputs: trial.inputs)
                let set = try trajectories.write(NDArray(shape: [t.count, 2], values: t.values), to: "\(k)")
                try set.setAttribute("target", trial.target)
                try set.setAttribute("label", "addition trial \(k): z_t from (0, 0)")
            }
            var errors = [Double](), outputs = [Double](), targets = [Double]()
            for _ in 0..<(p.checkTrials ?? 0) {
                let trial = additionTrial(length: length, generator: &checks)
                let output = map.iterate(from: [0, 0], steps: length, inputs: trial.inputs).last![0]  // B = (1, 0)
                outputs.append(output); targets.append(trial.target); errors.append(output - trial.target)
            }
            let check = try root.createGroup("addition_check")
            try check.write(outputs, to: "output").setAttribute("label", "B z_T = z1 at the last step")
            try check.write(targets, to: "target").setAttribute("label", "s1 at t1 + s1 at t2")
            try check.write(errors, to: "error")
            var inputs = (0..<p.insetSteps).map { _ in [long.uniform(), 0.0] }
            for marker in p.insetMarkers ?? [] { inputs[marker - 1][1] = 1 }
            try root.write(inputs.map { $0[0] }, to: "inset_s1")
            try root.write(inputs.map { $0[1] }, to: "inset_s2")
            inset = map.iterate(from: p.insetStart, steps: p.insetSteps, inputs: inputs)
        }
        let z1 = try root.write(inset.component(0), to: "inset_z1")
        try z1.setAttribute("label", "z1_t, t = 0 … \(p.insetSteps), from (\(p.insetStart[0]), \(p.insetStart[1]))")
        try root.write(inset.component(1), to: "inset_z2")
        context.progress(1, "panel \(p.panel.rawValue)")
    }

    // MARK: - Figure

    // The caption describes, it does not compute: below the marker, editing it redraws without recomputing.
    public static let reference = PaperReference(
        paper: "Schmidt, Koppe, Monfared, Beutelspacher, Durstewitz (rPLRNN), ICLR 2020 submission / ICLR 2021",
        seedFile: "001_10a8a1ac4f97758c.txt",
        item: "Fig. 1A–C",
        title: "Line attractors in 2-unit PLRNNs",
        caption: """
        State space of 2-unit PLRNNs z_t = A z_{t−1} + W relu(z_{t−1}) + C s_t + h: arrows show the one-step \
        increment z_{t+1} − z_t on a grid (grey; scaled to the grid spacing, true values in HDF5), the blue (solid) and \
        red (dashed) lines the exact nullclines of z1 and z2 (computed orthant by orthant, where the map is affine), green lines trajectories; \
        the lower panels show z1 over T = 30 000 steps (the insets of the paper). The paper draws the flow of the \
        equivalent continuous-time system (its Suppl. 7.1.2); we draw the discrete increment, which has the same \
        nullclines and fixed points. Parameters for A and B are not printed in the paper; we chose \
        (A) A = diag(7/8, 7/8), W12 = W21 = 1/8, h = 0: in the positive quadrant A + W has eigenvalues 1 (along z1 = z2) \
        and 3/4, so the diagonal is a line of fixed points and both nullclines coincide on it; \
        (B) the same with A11 = 0.8748 and h1 = 8·10⁻⁴: the nullclines separate into a narrow tunnel crossing at the \
        stable fixed point (4, 4), and the slowest eigenvalue ≈ 0.9999 makes z1 crawl up over ~10⁴ steps. \
        (C) uses the Suppl. eq. (8) values A = diag(1, 0), W12 = 1, h = (0, −1), B = (1, 0). The extracted text gives \
        C = I, which does not solve the addition problem (then z1 sums every s1); by default we use \
        C = [[0, 0], [1, 1]] (z2 = s1 + s2 − 1 passes s1 only when the marker s2 = 1, and z1 integrates relu(z2)); \
        the config option `addition.c_matrix: literal` uses C = I. Panel C's flow and nullclines are for s = 0 \
        (between inputs); there the z1-nullcline is the whole half-plane z2 ≤ 0 (drawn as its outline). Its \
        trajectories and z1 time course are driven by addition-problem inputs (s1 ~ U[0, 1] every step, marker s2 = 1 \
        at two steps); the table reports the addition error over random trials.
        """)

    public static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        let blue = "#1f77b4", red = "#d62728", green = "#2ca02c", grey = "#888888"
        var phasePanels: [Panel] = [], insetPanels: [Panel] = []
        var table: [[String]] = []
        let titles: [PanelName: String] = [.A: "A: line attractor", .B: "B: detuned line attractor", .C: "C: addition solution"]
        for panel in [PanelName.A, .B, .C] {
            let name = "panel=\(panel.rawValue)"
            guard let result = results.result(named: name), let root = try? result.root() else {
                canvas.note("Panel \(panel.rawValue) has no result: \(results.result(named: name)?.failure ?? "job missing").")
                continue
            }
            let box = panel == .A ? config.lineAttractor.box : panel == .B ? config.detuned.box : config.addition.box
            var series: [Series] = []
            let flow = try root.group("flow")
            let x = try flow.read("z1", as: Double.self).values, y = try flow.read("z2", as: Double.self).values
            let dx = try flow.read("dz1", as: Double.self).values, dy = try flow.read("dz2", as: Double.self).values
            // Arrows scaled so the longest spans 0.9 grid cells; direction and relative size kept.
            let spacing = min(box.z1[1] - box.z1[0], box.z2[1] - box.z2[0]) / Double(config.gridPoints - 1)
            let longest = zip(dx, dy).map { hypot($0, $1) }.max() ?? 0
            let scale = longest > 0 ? 0.9 * spacing / longest : 0
            series.append(.vectors(x: x, y: y, dx: dx.map { $0 * scale }, dy: dy.map { $0 * scale }, title: "flow", color: grey))
            let nc = try root.group("nullclines")
            let segments = try nc.read("segments", as: Double.self)
            let regions = try nc.read("regions", as: Double.self)
            var labelled: Set<Int> = []
            func unitTitle(_ unit: Int) -> String? { labelled.insert(unit).inserted ? "z\(unit + 1)-nullcline" : nil }
            for r in 0..<(segments.shape.first ?? 0) {
                let unit = Int(segments[r, 0])
                series.append(.line(x: [segments[r, 1], segments[r, 3]], y: [segments[r, 2], segments[r, 4]],
                                    title: unitTitle(unit), color: unit == 0 ? blue : red, dash: unit == 0 ? nil : 2, width: unit == 0 ? 3.5 : 2))
            }
            for r in 0..<(regions.shape.first ?? 0) {
                let unit = Int(regions[r, 0])
                let (x0, x1, y0, y1) = (regions[r, 1], regions[r, 2], regions[r, 3], regions[r, 4])
                series.append(.line(x: [x0, x1, x1, x0, x0], y: [y0, y0, y1, y1, y0], title: unitTitle(unit),
                                    color: unit == 0 ? blue : red, dash: 2, width: 2))
            }
            let trajectories = try root.group("trajectories")
            for (k, child) in try trajectories.children().sorted().enumerated() {
                let t = try trajectories.read(child, as: Double.self)
                let n = t.shape[0]
                let stride = max(1, n / 3000)
                let idx = Array(Swift.stride(from: 0, to: n, by: stride)) + (n > 1 && (n - 1) % stride != 0 ? [n - 1] : [])
                series.append(.linePoints(x: idx.map { t[$0, 0] }, y: idx.map { t[$0, 1] }, title: k == 0 ? "trajectories" : nil,
                                          color: green, width: 1.5, pointType: 7, pointSize: 0.4))
            }
            phasePanels.append(Panel(title: titles[panel], xLabel: "z1", yLabel: "z2",
                                     xRange: box.z1[0]...box.z1[1], yRange: box.z2[0]...box.z2[1],
                                     key: .none, series: series, equalAspect: true))

            let z1 = try root.read("inset_z1", as: Double.self).values
            let stride = max(1, z1.count / config.insetPlotPoints)
            let idx = Array(Swift.stride(from: 0, to: z1.count, by: stride)) + ((z1.count - 1) % stride != 0 ? [z1.count - 1] : [])
            insetPanels.append(Panel(title: "\(panel.rawValue): z1 over \(z1.count - 1) steps", xLabel: "t", yLabel: "z1",
                                     key: .none, series: [.line(x: idx.map(Double.init), y: idx.map { z1[$0] }, color: green)]))
            let drift = z1.last! - z1[z1.count / 10]
            table.append([panel.rawValue, String(format: "%.6g", z1.first!), String(format: "%.6g", z1[z1.count / 10]),
                          String(format: "%.6g", z1.last!), String(format: "%.3g", drift)])
            if panel == .C, root.contains("addition_check") {
                let errors = try root.group("addition_check").read("error", as: Double.self).values
                if !errors.isEmpty {
                    let worst = errors.map(abs).max()!
                    let correct = errors.filter { abs($0) < 0.04 }.count
                    canvas.note(String(format: "Panel C (C = %@): over %d random addition trials of length %d, max |z1_T − target| = %.3g; %d of %d within 0.04 (the paper's P_correct criterion).",
                                       config.addition.cMatrix == .working ? "[[0,0],[1,1]]" : "I (literal text)",
                                       errors.count, config.addition.trialLength, worst, correct, errors.count))
                }
            }
        }
        canvas.add(GnuplotFigure(name: "fig1", title: "2-unit PLRNN state spaces (rPLRNN paper, Fig. 1)", rows: 2, columns: 3,
                                 panels: phasePanels + insetPanels))
        canvas.add(ResultTable(name: "z1-drift", caption: "z1 of the long time course: start, after 10 % of the steps, end, and drift over the last 90 %",
                               header: ["panel", "z1(0)", "z1(T/10)", "z1(T)", "z1(T) − z1(T/10)"], rows: table))
        for failed in results.failed where !failed.name.hasPrefix("panel=") {
            canvas.note("Job \(failed.name) has no result: \(failed.failure ?? "unknown reason").")
        }
    }
}

// MARK: - Quantities compared by `repro compare`

extension PLRNNStateSpace {
    /// Per panel: the z1 time course (thinned to ≈ 300 points), its drift over the last 90 % of the
    /// steps and the qualitative claim of the panel; for panel C the addition error and P_correct.
    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] {
        var quantities: [Quantity] = []
        let allScales = ["smoke", "default", "paper"]
        for panel in [PanelName.A, .B, .C] {
            guard let result = results.result(named: "panel=\(panel.rawValue)"), result.file != nil else { continue }
            let root = try result.root()
            let z1 = try root.read("inset_z1", as: Double.self).values
            guard z1.count > 10 else { continue }
            let stride = max(1, z1.count / 300)
            let idx = Array(Swift.stride(from: 0, to: z1.count, by: stride)) + ((z1.count - 1) % stride != 0 ? [z1.count - 1] : [])
            quantities.append(.curve("panel \(panel.rawValue) z1(t)", x: idx.map(Double.init), y: idx.map { z1[$0] },
                                     meaning: "z1 of the long time course (the inset), every \(stride)th step",
                                     absolute: 1e-9, relative: 1e-9))
            let drift = z1.last! - z1[z1.count / 10]
            quantities.append(.scalar("panel \(panel.rawValue) z1 drift", drift,
                                      meaning: "z1(T) − z1(T/10) over the last 90 % of T = \(z1.count - 1) steps",
                                      absolute: 1e-9, relative: 1e-7))
            switch panel {
            case .A:
                quantities.append(.claim("panel A z1 constant", "perfect line attractor: once on the line, z1 stays constant (|z1(T) − z1(T/10)| < 1e-9)",
                                         holds: abs(drift) < 1e-9, published: "rplrnn-iclr2021/fig1a.line-attractor", paperScales: allScales))
            case .B:
                let late = Array(z1[(z1.count / 10)...])
                let steps = zip(late.dropFirst(), late).map { $0 - $1 }
                let slow = steps.allSatisfy { $0 >= -1e-12 && $0 < 1e-3 } && drift > 1e-3
                quantities.append(.claim("panel B slow drift", "detuned line attractor: over the last 90 % of the steps z1 creeps up monotonically (by more than 1e-3, less than 1e-3 per step)",
                                         holds: slow, published: "rplrnn-iclr2021/fig1b.ghost-drift", paperScales: allScales))
            case .C:
                guard root.contains("addition_check") else { break }
                let errors = try root.group("addition_check").read("error", as: Double.self).values
                guard !errors.isEmpty else { break }
                let worst = errors.map(abs).max()!
                let correct = Double(errors.filter { abs($0) < 0.04 }.count) / Double(errors.count)
                quantities.append(.scalar("panel C max addition error", worst,
                                          meaning: "max |z1_T − target| over \(errors.count) random addition trials of length \(config.addition.trialLength)",
                                          absolute: 1e-9, relative: 1e-7))
                quantities.append(.scalar("panel C P_correct", correct,
                                          meaning: "fraction of the \(errors.count) trials with |error| < 0.04 (the paper's P_correct)",
                                          absolute: 1e-12, relative: 0))
                quantities.append(.claim("panel C solves addition", "the 2-unit PLRNN of Suppl. eq. (8) solves the addition problem exactly (max |error| < 1e-9)",
                                         holds: worst < 1e-9, published: "rplrnn-iclr2021/fig1c.exact-solution", paperScales: allScales))
            }
        }
        return quantities
    }
}
