import Configuration
import Dynamics
import Engine
import Foundation
import HDF5
import Plotting

/// Rusch & Mishra (ICLR 2021), supplementary Fig. 6: hidden states of single coRNN-type oscillators
/// (SHO, FHO, FDO, CFDO, DUFF, coRNN) and of two coupled neurons (UC, ORD, FC), driven by
/// u = cos(4t) and by a step input, computed from the ODE (2) with RK4.
public struct CoRNNOscillators: Experiment {
    public static let id = "cornn-oscillators"
    public static let codeDependencies = ["Dynamics"]

    // MARK: Configuration

    /// Activation functions named in the YAML.
    public enum ActivationName: String, ConfigEnum {
        case identity, tanh, duffing

        var dynamics: CoupledOscillators.Activation {
            switch self {
            case .identity: return .identity
            case .tanh: return .tanh
            case .duffing: return .duffing
            }
        }
    }

    /// Which input drives a job.
    public enum InputKind: String, ConfigEnum {
        case cosine, step
    }

    /// One scalar oscillator y'' = σ(w y + w_velocity y' + v u + b) − γ y − ε y'.
    public struct Oscillator: Codable, Sendable, Equatable {
        public var activation: ActivationName
        public var w: Double
        public var wVelocity: Double
        public var v: Double
        public var b: Double
        public var gamma: Double
        public var epsilon: Double

        enum CodingKeys: String, CodingKey {
            case activation, w, wVelocity = "w_velocity", v, b, gamma, epsilon
        }
    }

    /// Two coupled neurons; matrices are row-major (row i = inputs of neuron i).
    public struct Network: Codable, Sendable, Equatable {
        public var activation: ActivationName
        public var w: [[Double]]
        public var wVelocity: [[Double]]
        public var v: [Double]
        public var b: [Double]
        public var gamma: Double
        public var epsilon: Double

        enum CodingKeys: String, CodingKey {
            case activation, w, wVelocity = "w_velocity", v, b, gamma, epsilon
        }
    }

    /// The six single-neuron cases, in the paper's legend order.
    public struct Oscillators: Codable, Sendable, Equatable {
        public var sho, fho, fdo, cfdo, duff, cornn: Oscillator

        var labelled: [(String, Oscillator)] {
            [("SHO", sho), ("FHO", fho), ("FDO", fdo), ("CFDO", cfdo), ("DUFF", duff), ("coRNN", cornn)]
        }
    }

    /// The three two-neuron topologies.
    public struct Networks: Codable, Sendable, Equatable {
        public var uc, ord, fc: Network

        var labelled: [(String, Network)] { [("UC", uc), ("ORD", ord), ("FC", fc)] }
    }

    /// u(t) = amplitude · cos(frequency · t).
    public struct CosineInput: Codable, Sendable, Equatable {
        public var amplitude: Double
        public var frequency: Double
    }

    /// u(t) = initial before times[0], then levels[k] from times[k] on.
    public struct StepInput: Codable, Sendable, Equatable {
        public var initial: Double
        public var times: [Double]
        public var levels: [Double]
    }

    public struct Config: ExperimentConfig, Equatable {
        public var tEnd: Double
        public var dt: Double
        public var initialY: Double
        public var initialZ: Double
        public var cosineInput: CosineInput
        public var stepInput: StepInput
        public var oscillators: Oscillators
        public var networks: Networks

        enum CodingKeys: String, CodingKey {
            case tEnd = "t_end", dt, initialY = "initial_y", initialZ = "initial_z"
            case cosineInput = "cosine_input", stepInput = "step_input", oscillators, networks
        }

        public func validate() throws {
            guard tEnd > 0 else { throw ConfigurationError.outOfRange(key: "t_end", value: "\(tEnd)", range: "> 0") }
            guard dt > 0, dt <= tEnd / 10 else {
                throw ConfigurationError.outOfRange(key: "dt", value: "\(dt)", range: "0 < dt ≤ t_end / 10")
            }
            guard Self.isMultiple(tEnd, of: dt) else {
                throw ConfigurationError.outOfRange(key: "dt", value: "\(dt)", range: "a divisor of t_end = \(tEnd)")
            }
            guard stepInput.times.count == stepInput.levels.count else {
                throw ConfigurationError(key: "step_input.levels", message: "needs one level per switching time (\(stepInput.times.count))")
            }
            for (k, time) in stepInput.times.enumerated() {
                let previous = k == 0 ? 0 : stepInput.times[k - 1]
                guard time > previous, time < tEnd, Self.isMultiple(time, of: dt) else {
                    throw ConfigurationError.outOfRange(key: "step_input.times[\(k)]", value: "\(time)",
                                                        range: "increasing, inside (0, t_end), a multiple of dt")
                }
            }
            for (name, o) in oscillators.labelled {
                guard o.gamma >= 0, o.epsilon >= 0 else {
                    throw ConfigurationError.outOfRange(key: "oscillators.\(name.lowercased()).gamma/epsilon",
                                                        value: "\(o.gamma), \(o.epsilon)", range: "≥ 0")
                }
            }
            for (name, n) in networks.labelled {
                let ok = n.w.count == 2 && n.wVelocity.count == 2 && (n.w + n.wVelocity).allSatisfy { $0.count == 2 }
                    && n.v.count == 2 && n.b.count == 2
                guard ok else {
                    throw ConfigurationError(key: "networks.\(name.lowercased())", message: "w and w_velocity must be 2×2, v and b of length 2")
                }
            }
        }

        static func isMultiple(_ x: Double, of dt: Double) -> Bool {
            let ratio = x / dt
            return abs(ratio - ratio.rounded()) < 1e-9 * max(1, ratio)
        }
    }

    /// Everything one integration needs.
    public struct JobParameters: Codable, Sendable, Equatable {
        /// Legend label (SHO … coRNN, UC, ORD, FC).
        public var label: String
        /// "single" or "network".
        public var group: String
        public var input: InputKind
        public var cosine: CosineInput?
        public var step: StepInput?
        public var activation: ActivationName
        public var w: [[Double]]
        public var wVelocity: [[Double]]
        public var v: [Double]
        public var b: [Double]
        public var gamma: Double
        public var epsilon: Double
        public var y0: [Double]
        public var z0: [Double]
        public var tEnd: Double
        public var dt: Double

        var signal: ScalarSignal {
            switch input {
            case .cosine: return .cosine(amplitude: cosine!.amplitude, frequency: cosine!.frequency)
            case .step: return .steps(initial: step!.initial, times: step!.times, levels: step!.levels)
            }
        }

        var system: CoupledOscillators {
            CoupledOscillators(w: w, wVelocity: wVelocity, v: v, b: b, gamma: gamma, epsilon: epsilon,
                               activation: activation.dynamics, input: signal)
        }
    }

    // MARK: Jobs

    public static func jobs(config: Config) throws -> [Job<JobParameters>] {
        func job(_ label: String, _ group: String, _ input: InputKind, activation: ActivationName, w: [[Double]],
                 wVelocity: [[Double]], v: [Double], b: [Double], gamma: Double, epsilon: Double) -> Job<JobParameters> {
            let m = v.count
            let parameters = JobParameters(
                label: label, group: group, input: input,
                cosine: input == .cosine ? config.cosineInput : nil, step: input == .step ? config.stepInput : nil,
                activation: activation, w: w, wVelocity: wVelocity, v: v, b: b, gamma: gamma, epsilon: epsilon,
                y0: Array(repeating: config.initialY, count: m), z0: Array(repeating: config.initialZ, count: m),
                tEnd: config.tEnd, dt: config.dt)
            return Job(name: "\(group)=\(label),input=\(input.rawValue)", parameters: parameters)
        }
        var jobs: [Job<JobParameters>] = []
        for input in InputKind.allCases {
            for (label, o) in config.oscillators.labelled {
                jobs.append(job(label, "single", input, activation: o.activation, w: [[o.w]], wVelocity: [[o.wVelocity]],
                                v: [o.v], b: [o.b], gamma: o.gamma, epsilon: o.epsilon))
            }
            for (label, n) in config.networks.labelled {
                jobs.append(job(label, "network", input, activation: n.activation, w: n.w, wVelocity: n.wVelocity,
                                v: n.v, b: n.b, gamma: n.gamma, epsilon: n.epsilon))
            }
        }
        return jobs
    }

    // MARK: Compute

    public static func compute(_ parameters: JobParameters, context: JobContext) throws {
        let system = parameters.system
        let m = system.oscillators
        let trajectory = system.integrateRK4(from: parameters.y0 + parameters.z0, tEnd: parameters.tEnd, dt: parameters.dt)
        let expected = Int((parameters.tEnd / parameters.dt).rounded()) + 1
        let n = trajectory.count
        var y = [Double](), z = [Double]()
        y.reserveCapacity(n * m)
        z.reserveCapacity(n * m)
        for i in 0..<n {
            for j in 0..<m { y.append(trajectory[i, j]) }
            for j in 0..<m { z.append(trajectory[i, m + j]) }
        }
        let root = context.results
        let t = try root.write(trajectory.times, to: "t")
        try t.setAttribute("label", "time t")
        try t.setAttribute("units", "dimensionless")
        let u = try root.write(trajectory.times.map { system.input.value(at: $0) }, to: "u")
        try u.setAttribute("label", "input u(t)")
        let ySet = try root.write(NDArray(shape: [n, m], values: y), to: "y")
        try ySet.setAttribute("label", "hidden state y (rows: time, columns: neuron)")
        let zSet = try root.write(NDArray(shape: [n, m], values: z), to: "z")
        try zSet.setAttribute("label", "velocity z = y' (rows: time, columns: neuron)")
        try root.setAttribute("oscillator", parameters.label)
        try root.setAttribute("input", parameters.input.rawValue)
        try root.setAttribute("activation", parameters.activation.rawValue)
        try root.setAttribute("integrator", "RK4, dt = \(parameters.dt)")
        if n < expected {
            // Blew up: keep the finite part and say where it ended.
            try root.setAttribute("status", "diverged")
            try root.setAttribute("diverged_after_t", trajectory.times.last ?? 0)
        } else {
            try root.setAttribute("status", "ok")
        }
        context.progress(1, "\(parameters.label), \(parameters.input.rawValue): \(n) samples")
    }

    // MARK: - Figure

    // The caption describes, it does not compute: below the marker, editing it redraws without recomputing.
    public static let reference = PaperReference(
        paper: "Rusch & Mishra, coRNN, ICLR 2021",
        seedFile: "003_581351b45c0827ff.txt",
        item: "Fig. 6 (supplementary, SM §C)",
        title: "Hidden states of single and coupled coRNN oscillators",
        caption: """
        Hidden state y(t) of the ODE y' = z, z' = σ(W y + 𝒲 z + V u + b) − γ y − ε z (coRNN eq. 2), integrated \
        with fixed-step RK4 (step restarted at every jump of the step input) for t ∈ [0, 10]. Top rows: one \
        neuron, driven by u = cos(4t) and by a piecewise-constant step input (input shown on the left). \
        Bottom row: two neurons with uncoupled (UC), ordered (ORD, neuron 1 → 2 only) and fully coupled (FC) \
        weights, driven by cos(4t) as in the paper; a further figure shows them under the step input. \
        Choices where the paper is ambiguous (all in experiments/cornn-oscillators.yaml): (1) the seed text \
        loses the bar over 𝒲, so which printed matrix multiplies y and which z is UNVERIFIED; we read the \
        first printed value/matrix as W (coupling to y, 'controls frequency' per §2) and the second as 𝒲 \
        (coupling to z, 'damping'): CFDO/coRNN W = −2, 𝒲 = 0.75, V = 2, b = 0.25, γ = 1, ε = 0.25. \
        (2) With y(0) = z(0) = 0 the SHO would stay at 0, yet the paper shows a sine wave, so every run \
        starts from y(0) = 0, z(0) = 0.5. (3) SHO/FHO/FDO use σ = identity as the text says for FHO. \
        (4) DUFF (σ(x) = x − x³/3) with the CFDO parameters blows up within t < 10 from this initial \
        state (the paper notes such blow-ups), so DUFF uses V = 1 instead of 2. (5) The step input's \
        switching times and levels are not given; we use 0 → 1 at t = 2 → 0.5 at t = 6. \
        (6) The linear CFDO has net negative damping (𝒲 − ε = 0.5 > 0) and grows; axes autoscale rather \
        than clip it to the paper's [−1, 1].
        """)

    public static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        struct Run { var t: [Double]; var u: [Double]; var y: [[Double]]; var diverged: Double? }
        func run(_ group: String, _ label: String, _ input: InputKind) -> Run? {
            guard let result = results.result(named: "\(group)=\(label),input=\(input.rawValue)"),
                  let root = try? result.root(),
                  let t = try? root.read("t", as: Double.self).values,
                  let u = try? root.read("u", as: Double.self).values,
                  let y = try? root.read("y", as: Double.self) else { return nil }
            let m = y.shape.count == 2 ? y.shape[1] : 1
            let columns = (0..<m).map { j in stride(from: j, to: y.values.count, by: m).map { y.values[$0] } }
            let diverged = (try? root.stringAttribute("status")) == "diverged" ? (try? root.doubleAttribute("diverged_after_t")) : nil
            return Run(t: t, u: u, y: columns, diverged: diverged ?? nil)
        }
        func thin(_ x: [Double], _ y: [Double]) -> ([Double], [Double]) {
            let stride = max(1, x.count / 2000)
            let idx = Array(Swift.stride(from: 0, to: x.count, by: stride))
            return (idx.map { x[$0] }, idx.map { y[$0] })
        }
        func line(_ x: [Double], _ y: [Double], _ title: String?) -> Series {
            let (tx, ty) = thin(x, y)
            return .line(x: tx, y: ty, title: title)
        }
        let singles = config.oscillators.labelled.map(\.0)
        let networks = config.networks.labelled.map(\.0)
        let tRange = 0...config.tEnd

        var panels: [Panel] = []
        for input in InputKind.allCases {
            let name = input == .cosine ? "u = cos(4t)" : "step input"
            let inputRun = run("single", singles[0], input)
            panels.append(Panel(title: "Input: \(name)", xLabel: "time", yLabel: "u", xRange: tRange,
                                key: .none, series: inputRun.map { [line($0.t, $0.u, nil)] } ?? []))
            let series = singles.compactMap { label in run("single", label, input).map { line($0.t, $0.y[0], label) } }
            panels.append(Panel(title: "One neuron, \(name)", xLabel: "time", yLabel: "y", xRange: tRange,
                                key: .outside, series: series))
        }
        for neuron in 0..<2 {
            let series = networks.compactMap { label in run("network", label, .cosine).map { line($0.t, $0.y[neuron], label) } }
            panels.append(Panel(title: "Two neurons, u = cos(4t): y\(neuron + 1)", xLabel: "time", yLabel: "y\(neuron + 1)",
                                xRange: tRange, key: .outside, series: series))
        }
        canvas.add(GnuplotFigure(name: "fig6", title: "coRNN oscillators (Rusch & Mishra 2021, SM Fig. 6)",
                                 rows: 3, columns: 2, panels: panels))

        let stepPanels = (0..<2).map { neuron in
            Panel(title: "Two neurons, step input: y\(neuron + 1)", xLabel: "time", yLabel: "y\(neuron + 1)", xRange: tRange,
                  key: .outside,
                  series: networks.compactMap { label in run("network", label, .step).map { line($0.t, $0.y[neuron], label) } })
        }
        canvas.add(GnuplotFigure(name: "two-neurons-step", title: "Two coupled neurons under the step input (not in the paper)",
                                 rows: 1, columns: 2, panels: stepPanels))

        for input in InputKind.allCases {
            for (group, labels) in [("single", singles), ("network", networks)] {
                for label in labels {
                    if let r = run(group, label, input), let t = r.diverged {
                        canvas.note("\(label) (\(input.rawValue) input) blew up after t = \(String(format: "%.3f", t)); its curve ends there.")
                    }
                }
            }
        }
        for failed in results.failed {
            canvas.note("Job \(failed.name) has no result: \(failed.failure ?? "unknown reason").")
        }
    }
}

// MARK: - Quantities compared by `repro compare`

extension CoRNNOscillators {
    /// Deterministic ODE solutions: y(t) of each single neuron under cos(4t) at t = 0, 0.5, …, t_end,
    /// and y(t_end) of every job (neuron 1 for the networks). The paper prints no numbers for this
    /// figure, so nothing maps to a published value.
    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] {
        var quantities: [Quantity] = []
        func series(_ name: String) throws -> (t: [Double], y: [Double])? {
            guard let result = results.result(named: name), result.file != nil else { return nil }
            let root = try result.root()
            let t = try root.read("t", as: Double.self).values
            let y = try root.read("y", as: Double.self)
            let m = y.shape.count == 2 ? y.shape[1] : 1
            return (t, stride(from: 0, to: y.values.count, by: m).map { y.values[$0] })
        }
        for (label, _) in config.oscillators.labelled {
            guard let (t, y) = try series("single=\(label),input=cosine"), let dt = t.count > 1 ? t[1] - t[0] : nil else { continue }
            var xs: [Double] = [], ys: [Double] = []
            for k in 0...Int((config.tEnd / 0.5).rounded()) {
                let index = Int((Double(k) * 0.5 / dt).rounded())
                guard index < y.count else { break }
                xs.append(t[index]); ys.append(y[index])
            }
            quantities.append(.curve("\(label) cosine y(t)", x: xs, y: ys,
                                     meaning: "hidden state y of the single \(label) neuron under u = cos(4t), sampled every 0.5 time units",
                                     absolute: 1e-9, relative: 1e-7))
        }
        for input in InputKind.allCases {
            for (group, labels) in [("single", config.oscillators.labelled.map(\.0)), ("network", config.networks.labelled.map(\.0))] {
                for label in labels {
                    guard let (t, y) = try series("\(group)=\(label),input=\(input.rawValue)") else { continue }
                    let end = (t.last ?? 0) >= config.tEnd - 1e-9 ? y.last ?? .nan : .nan   // NaN: blew up before t_end
                    quantities.append(.scalar("\(label) \(input.rawValue) y(t_end)", end,
                                              meaning: "y\(group == "network" ? "1" : "") at t = \(config.tEnd) (\(group == "network" ? "two neurons" : "one neuron"), \(input.rawValue) input; NaN if it blew up)",
                                              absolute: 1e-9, relative: 1e-7))
                }
            }
        }
        return quantities
    }
}
