import Analysis
import Configuration
import Dynamics
import Engine
import Foundation
import HDF5
import LinearAlgebra
import Models
import Plotting
import Randomness

/// Chaos paper (Mikhaeil, Monfared, Durstewitz, NeurIPS 2022), Thm 1–3: ‖∂z_T/∂z_1‖₂ against T along free
/// orbits of small PLRNNs and tanh RNNs whose attractor is a stable fixed point, a stable k-cycle, a
/// quasi-periodic invariant circle or a chaotic set — decay at rate λ_max < 0, bounded/sub-exponential
/// behaviour at λ_max = 0, exponential growth at λ_max > 0.
public struct ChaosGradients: Experiment {
    public static let id = "chaos-gradients"
    public static let codeDependencies = ["Analysis", "Dynamics", "LinearAlgebra", "Models", "Randomness"]

    // MARK: Configuration

    /// What the network's orbit is expected to converge to (a label checked against λ_max).
    public enum Regime: String, ConfigEnum {
        case fixedPoint = "fixed-point"
        case cycle
        case quasiPeriodic = "quasi-periodic"
        case chaotic
    }

    /// The network family.
    public enum ModelKind: String, ConfigEnum {
        /// z' = diag(a) z + W relu(z) + h.
        case plrnn
        /// h' = tanh(W h + b) (b given as `h`).
        case tanh
    }

    /// A seeded random search for a chaotic network of the given family.
    public struct Search: Codable, Sendable, Equatable {
        public var units: Int
        /// Draws tried before giving up.
        public var candidates: Int
        /// λ_max on the probe run must exceed this.
        public var minExponent: Double
        /// Benettin steps of the probe run (after 500 transient steps).
        public var probeSteps: Int
        public var seed: UInt64

        enum CodingKeys: String, CodingKey {
            case units, candidates, minExponent = "min_exponent", probeSteps = "probe_steps", seed
        }
    }

    /// One network: explicit parameters, or a search.
    public struct Network: Codable, Sendable, Equatable {
        public var name: String
        public var regime: Regime
        public var model: ModelKind
        /// PLRNN: diagonal of A (ignored for tanh).
        public var a: [Double]?
        /// W, row-major rows.
        public var w: [[Double]]?
        /// PLRNN h, or the tanh bias b.
        public var h: [Double]?
        /// Initial state of the orbit (before the transient).
        public var start: [Double]?
        public var search: Search?
    }

    public struct Config: ExperimentConfig, Equatable {
        /// Smallest and largest T and how many log-spaced values in between.
        public var horizonMin: Int
        public var horizonMax: Int
        public var horizonCount: Int
        /// Steps discarded so that z_1 lies on the attractor.
        public var transient: Int
        /// Benettin steps for λ_max.
        public var lyapunovSteps: Int
        public var networks: [Network]

        enum CodingKeys: String, CodingKey {
            case horizonMin = "horizon_min", horizonMax = "horizon_max", horizonCount = "horizon_count"
            case transient, lyapunovSteps = "lyapunov_steps", networks
        }

        public func validate() throws {
            guard horizonMin >= 2, horizonMax > horizonMin else {
                throw ConfigurationError.outOfRange(key: "horizon_max", value: "\(horizonMax)", range: "> horizon_min ≥ 2")
            }
            guard horizonCount >= 2 else { throw ConfigurationError.outOfRange(key: "horizon_count", value: "\(horizonCount)", range: "≥ 2") }
            guard transient >= 0, lyapunovSteps >= 10 else {
                throw ConfigurationError.outOfRange(key: "lyapunov_steps", value: "\(lyapunovSteps)", range: "≥ 10 (transient ≥ 0)")
            }
            guard Set(networks.map(\.name)).count == networks.count, !networks.isEmpty else {
                throw ConfigurationError(key: "networks", message: "need at least one network, with unique names")
            }
            for (k, n) in networks.enumerated() {
                if let s = n.search {
                    guard s.units >= 1, s.candidates >= 1, s.probeSteps >= 10 else {
                        throw ConfigurationError(key: "networks[\(k)].search", message: "units, candidates ≥ 1 and probe_steps ≥ 10")
                    }
                    continue
                }
                guard let w = n.w, let start = n.start else {
                    throw ConfigurationError(key: "networks[\(k)]", message: "give w and start (and a, h for a PLRNN), or a search")
                }
                let m = w.count
                guard m >= 1, w.allSatisfy({ $0.count == m }), start.count == m, (n.h ?? [Double](repeating: 0, count: m)).count == m else {
                    throw ConfigurationError(key: "networks[\(k)]", message: "w must be square and match start and h")
                }
                if n.model == .plrnn, n.a?.count != m || n.h == nil {
                    throw ConfigurationError(key: "networks[\(k)].a", message: "a PLRNN needs a and h with \(m) entries")
                }
            }
        }
    }

    public struct JobParameters: Codable, Sendable, Equatable {
        public var network: Network
        public var horizons: [Int]
        public var transient: Int
        public var lyapunovSteps: Int
    }

    /// Log-spaced integers from min to max, deduplicated.
    public static func horizons(min lo: Int, max hi: Int, count: Int) -> [Int] {
        let values = (0..<count).map { k in
            Int((exp(log(Double(lo)) + (log(Double(hi)) - log(Double(lo))) * Double(k) / Double(count - 1))).rounded())
        }
        return Array(Set(values)).sorted()
    }

    public static func jobs(config: Config) throws -> [Job<JobParameters>] {
        let h = horizons(min: config.horizonMin, max: config.horizonMax, count: config.horizonCount)
        return config.networks.map { n in
            Job(name: "network=\(n.name)", parameters: JobParameters(network: n, horizons: h, transient: config.transient,
                                                                    lyapunovSteps: config.lyapunovSteps),
                seed: n.search?.seed ?? 0)
        }
    }

    public static func estimatedCPUSeconds(_ p: JobParameters) -> Double? {
        let search = p.network.search.map { Double($0.candidates * $0.probeSteps) * 2e-6 } ?? 0
        return 0.2 + search + Double(p.lyapunovSteps + (p.horizons.max() ?? 0)) * 5e-6
    }

    // MARK: Compute

    /// A concrete network as a map.
    public struct Instance: Sendable {
        public var model: ModelKind
        public var a: [Double]
        public var w: [[Double]]
        public var h: [Double]
        public var start: [Double]

        public var map: any DiscreteMap {
            switch model {
            case .plrnn: return PLRNNMap(a: a, w: w, h: h)
            case .tanh: return ElmanHiddenMap(weightHH: Matrix(w), bias: h, activation: .tanh)
            }
        }
    }

    /// Outcome of a search: the network kept and how many draws it took.
    public struct SearchResult: Sendable {
        public var instance: Instance
        public var tried: Int
        public var probeExponent: Double
    }

    /// Draws candidates deterministically from `search.seed` and keeps the first whose orbit stays bounded
    /// (|z| < 10³) and whose probe λ_max exceeds `minExponent`. PLRNN family: a_i ~ U(0, 0.9),
    /// W_ij ~ N(0, 1.5²) off the diagonal, h_i ~ N(0, 1); tanh family: W_ij ~ N(0, 9/M), b = 0; start ~ N(0, 1).
    public static func search(_ model: ModelKind, _ s: Search) throws -> SearchResult {
        var generator = Generator(seed: s.seed)
        let m = s.units
        for k in 1...s.candidates {
            var instance: Instance
            switch model {
            case .plrnn:
                let a = (0..<m).map { _ in generator.uniform(0, 0.9) }
                let w = (0..<m).map { i in (0..<m).map { j in i == j ? 0 : 1.5 * generator.normal() } }
                let h = (0..<m).map { _ in generator.normal() }
                instance = Instance(model: .plrnn, a: a, w: w, h: h, start: [])
            case .tanh:
                let w = (0..<m).map { _ in (0..<m).map { _ in 3 / Double(m).squareRoot() * generator.normal() } }
                instance = Instance(model: .tanh, a: [], w: w, h: [Double](repeating: 0, count: m), start: [])
            }
            instance.start = (0..<m).map { _ in generator.normal() }
            let map = instance.map
            guard let onAttractor = settle(map, from: instance.start, steps: 500) else { continue }
            let probe = spectrum(map, from: onAttractor, steps: s.probeSteps)
            if probe.maximal.isFinite && probe.maximal > s.minExponent && settle(map, from: onAttractor, steps: s.probeSteps) != nil {
                return SearchResult(instance: instance, tried: k, probeExponent: probe.maximal)
            }
        }
        throw EngineError.message("no \(model.rawValue) network with λ_max > \(s.minExponent) among \(s.candidates) draws (seed \(s.seed))")
    }

    /// Iterates `steps` times; nil if the orbit leaves |z| < 10³.
    static func settle(_ map: any DiscreteMap, from z0: [Double], steps: Int) -> [Double]? {
        var z = z0
        for _ in 0..<steps {
            z = map.step(z)
            if !z.allSatisfy({ $0.isFinite && abs($0) < 1e3 }) { return nil }
        }
        return z
    }

    static func spectrum(_ map: any DiscreteMap, from z: [Double], steps: Int) -> LyapunovSpectrum {
        func run<M: DiscreteMap>(_ m: M) -> LyapunovSpectrum {
            Lyapunov.spectrum(of: m, from: z, settings: BenettinSettings(transientSteps: 0, steps: steps, orthonormalizeEvery: 1))
        }
        return run(map)
    }

    static func norms(_ map: any DiscreteMap, from z: [Double], horizons: [Int]) -> [JacobianProductNorm] {
        func run<M: DiscreteMap>(_ m: M) -> [JacobianProductNorm] { Lyapunov.jacobianProductNorms(of: m, from: z, horizons: horizons) }
        return run(map)
    }

    /// Least-squares slope of y against x.
    public static func slope(x: [Double], y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx) }
        return sxy / sxx
    }

    public static func compute(_ p: JobParameters, context: JobContext) throws {
        let root = context.results
        let n = p.network
        let instance: Instance
        if let s = n.search {
            context.progress(0, "searching \(n.model.rawValue) networks")
            let found = try search(n.model, s)
            instance = found.instance
            try root.setAttribute("search_draws", found.tried)
            try root.setAttribute("search_probe_exponent", found.probeExponent)
            try root.setAttribute("search_seed", Int(s.seed))
        } else {
            let m = n.w!.count
            instance = Instance(model: n.model, a: n.a ?? [], w: n.w!, h: n.h ?? [Double](repeating: 0, count: m), start: n.start!)
        }
        let map = instance.map
        try root.setAttribute("name", n.name)
        try root.setAttribute("regime", n.regime.rawValue)
        try root.setAttribute("model", n.model.rawValue)
        let m = instance.w.count
        let params = try root.createGroup("parameters")
        if instance.model == .plrnn { try params.write(instance.a, to: "a") }
        try params.write(NDArray(shape: [m, m], values: instance.w.flatMap { $0 }), to: "W").setAttribute("layout", "row i = weights into unit i")
        try params.write(instance.h, to: instance.model == .plrnn ? "h" : "b")
        try params.write(instance.start, to: "start")

        guard let z1 = settle(map, from: instance.start, steps: p.transient) else {
            throw EngineError.message("network \(n.name): orbit left |z| < 10³ during the transient")
        }
        context.progress(0.3, "Lyapunov spectrum")
        let lyapunov = spectrum(map, from: z1, steps: p.lyapunovSteps)
        try root.write(lyapunov.exponents, to: "lyapunov_exponents").setAttribute("label", "Benettin QR, per step, \(p.lyapunovSteps) steps from z_1")
        try root.setAttribute("lambda_max", lyapunov.maximal)
        context.progress(0.6, "Jacobian products")
        let result = norms(map, from: z1, horizons: p.horizons)
        try root.write(p.horizons.map(Double.init), to: "T")
        try root.write(result.map(\.logNorm), to: "log_norm").setAttribute("label", "ln ‖∂z_T/∂z_1‖₂ along the free orbit from z_1")
        let tail = p.horizons.indices.filter { p.horizons[$0] * 10 >= p.horizons.last! }
        let fitted = slope(x: tail.map { Double(p.horizons[$0]) }, y: tail.map { result[$0].logNorm })
        try root.setAttribute("fitted_slope", fitted)
        let orbit = map.iterate(from: z1, steps: min(2_000, p.horizons.last!))
        try root.write(NDArray(shape: [orbit.rows, orbit.columns], values: orbit.storage), to: "orbit")
            .setAttribute("label", "z_1 … on the attractor (rows = time)")
        if n.regime == .fixedPoint {
            let jStar = map.jacobian(orbit.row(orbit.rows - 1))
            try root.setAttribute("spectral_radius_at_fixed_point", try spectralRadius(jStar))
        }
        context.progress(1, "λ_max = \(String(format: "%.4f", lyapunov.maximal))")
    }

    // MARK: - Figure

    // The caption describes, it does not compute: below the marker, editing it redraws without recomputing.
    public static let reference = PaperReference(
        paper: "Mikhaeil, Monfared, Durstewitz, On the difficulty of learning chaotic dynamics with RNNs, NeurIPS 2022",
        seedFile: "002_cc46935b63910564.txt",
        item: "Thm 1–3 (gradient-growth illustration; ChaosRNN notebook)",
        title: "Jacobian-product norms ‖∂z_T/∂z_1‖ vs T for fixed-point, cycle, quasi-periodic and chaotic RNNs",
        caption: """
        ln ‖∂z_T/∂z_1‖₂ = ln ‖J(z_{T−1}) ⋯ J(z_1)‖₂ (solid) along a free orbit started on the attractor (after a \
        transient), for log-spaced T from 10 to 10⁴, with the line (T − 1)·λ_max (dashed) predicted by the maximal \
        Lyapunov exponent, itself computed independently by the QR (Benettin) method on the same Jacobians. \
        The networks are constructed, not trained (parameters in experiments/chaos-gradients.yaml and in each \
        job's HDF5): a 2-unit PLRNN z' = diag(a) z + W relu(z) + h with a stable focus in the positive orthant \
        (J* = A + W, |eigenvalues| = 0.6, slope ln 0.6 — Thm 1); a symmetric 2-unit PLRNN with W12 = W21 = −2.3, \
        a = 0.3, h = 1 whose attractor is the 2-cycle 0.8125 ↔ −0.625 on the diagonal (cycle multipliers −0.6 and \
        0.78, λ_max = ½ ln 0.78 — Thm 1); a PLRNN that rotates by the golden angle π(3 − √5) about (2, 2) inside \
        the positive orthant (orthogonal J, norm exactly 1, λ_max = 0 — Thm 3, the degenerate flat case); a \
        2-unit tanh RNN h' = tanh(1.1 R(θ) h), θ = π(√5 − 1)/4, past its Neimark–Sacker bifurcation (an invariant \
        circle with irrational-looking rotation, λ_max ≈ 0, norms oscillate sub-exponentially — Thm 3); and a \
        3-unit PLRNN and a 3-unit tanh RNN found by a seeded random search (first draw whose λ_max > 0.05 on a \
        probe run and whose orbit stays bounded; Thm 2) — their parameters are listed in the table and notes. \
        The fitted slope is a least-squares line through ln ‖∂z_T/∂z_1‖ over T ≥ T_max/10. \
        W may have a diagonal only where stated (none of these use one); tanh Jacobians are diag(1 − h_{t+1}²) W.
        """)

    public static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        let colors = ["#1f77b4", "#2ca02c", "#9467bd", "#d62728", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f"]
        var panels: [Panel] = []
        var rows: [[String]] = []
        for (k, network) in config.networks.enumerated() {
            let name = "network=\(network.name)"
            guard let result = results.result(named: name), let root = try? result.root() else {
                canvas.note("Network \(network.name) has no result: \(results.result(named: name)?.failure ?? "job missing").")
                continue
            }
            let t = try root.read("T", as: Double.self).values
            let logNorm = try root.read("log_norm", as: Double.self).values
            let lambda = try root.doubleAttribute("lambda_max")
            let fitted = try root.doubleAttribute("fitted_slope")
            let color = colors[k % colors.count]
            panels.append(Panel(
                title: "\(network.name) (\(network.model.rawValue)), λ_max = \(String(format: "%.3g", lambda))",
                xLabel: "T", yLabel: "ln ‖∂z_T/∂z_1‖₂", logX: true, key: .topLeft,
                series: [.linePoints(x: t, y: logNorm, title: "measured", color: color, width: 2, pointType: 7, pointSize: 0.5),
                         .line(x: t, y: t.map { ($0 - 1) * lambda }, title: "(T−1)·λ_max", color: "#000000", dash: 2, width: 1.5)]))
            let params = try root.group("parameters")
            var described: [String] = []
            if params.contains("a") { described.append("a = \(format(try params.read("a", as: Double.self).values))") }
            described.append("W = \(format(try params.read("W", as: Double.self).values)) (row-major)")
            let biasName = params.contains("h") ? "h" : "b"
            described.append("\(biasName) = \(format(try params.read(biasName, as: Double.self).values))")
            rows.append([network.name, network.model.rawValue, network.regime.rawValue,
                         String(format: "%.4g", lambda), String(format: "%.4g", fitted), described.joined(separator: "; ")])
            if network.search != nil {
                let draws = (try? root.intAttribute("search_draws")) ?? 0
                canvas.note("\(network.name): found by seeded search (seed \(network.search!.seed)) at draw \(draws); \(described.joined(separator: "; ")); start = \(format(try params.read("start", as: Double.self).values)).")
            }
        }
        let columns = min(3, max(1, panels.count))
        let figureRows = (panels.count + columns - 1) / columns
        canvas.add(GnuplotFigure(name: "gradient-norms", title: "‖∂z_T/∂z_1‖₂ along free orbits (chaos paper, Thm 1–3)",
                                 rows: max(1, figureRows), columns: columns, width: 1500, height: 460 * max(1, figureRows), panels: panels))
        canvas.add(ResultTable(name: "exponents", caption: "λ_max (Benettin QR) vs the fitted slope of ln ‖∂z_T/∂z_1‖ over T ≥ T_max/10, per step",
                               header: ["network", "model", "regime", "λ_max", "fitted slope", "parameters"], rows: rows))
    }

    static func format(_ values: [Double]) -> String {
        "[" + values.map { String(format: "%.4g", $0) }.joined(separator: ", ") + "]"
    }
}

// MARK: - Quantities compared by `repro compare`

extension ChaosGradients {
    /// Deterministic given the configuration: per network λ_max, the fitted slope and the curve
    /// ln ‖∂z_T/∂z_1‖ against T; whether the slope matches λ_max; and the theorem its regime
    /// illustrates as a claim (Thm 1 fixed point / cycle: exponential decay; Thm 2 chaos: exponential
    /// growth; Thm 3 quasi-periodic: sub-exponential), mapped to the paper's theorems at every scale.
    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] {
        var quantities: [Quantity] = []
        let allScales = ["smoke", "default", "paper"]
        for network in config.networks {
            guard let result = results.result(named: "network=\(network.name)"), result.file != nil else { continue }
            let root = try result.root()
            let t = try root.read("T", as: Double.self).values
            let logNorm = try root.read("log_norm", as: Double.self).values
            let lambda = try root.doubleAttribute("lambda_max")
            let slope = try root.doubleAttribute("fitted_slope")
            let label = network.name
            quantities.append(.scalar("\(label) λ_max", lambda,
                                      meaning: "maximal Lyapunov exponent per step of the \(network.model.rawValue) network (\(network.regime.rawValue)), Benettin QR over \(config.lyapunovSteps) steps",
                                      absolute: 1e-9, relative: 1e-6))
            quantities.append(.scalar("\(label) fitted slope", slope,
                                      meaning: "least-squares slope of ln ‖∂z_T/∂z_1‖₂ against T over T ≥ T_max/10 (T_max = \(config.horizonMax))",
                                      absolute: 1e-9, relative: 1e-6))
            quantities.append(.curve("\(label) ln norm(T)", x: t, y: logNorm,
                                     meaning: "ln ‖∂z_T/∂z_1‖₂ along the free orbit from z_1, at \(t.count) log-spaced T",
                                     absolute: 1e-9, relative: 1e-6))
            quantities.append(.claim("\(label) slope matches λ_max",
                                     "the fitted slope of ln ‖∂z_T/∂z_1‖₂ equals λ_max within 10 % (or 0.005 per step)",
                                     holds: abs(slope - lambda) <= 0.1 * abs(lambda) + 0.005))
            let finite = logNorm.allSatisfy(\.isFinite)
            switch network.regime {
            case .fixedPoint, .cycle:
                quantities.append(.claim(
                    "\(label) gradients vanish (Thm 1)",
                    "converging to a stable \(network.regime == .cycle ? "cycle" : "fixed point"): λ_max < −0.01, the fitted slope is negative and ln ‖∂z_T/∂z_1‖₂ < −10 at T = \(Int(t.last ?? 0))",
                    holds: finite && lambda < -0.01 && slope < 0 && (logNorm.last ?? 0) < -10,
                    published: "chaosrnn-neurips2022/thm1.vanishing", paperScales: allScales))
            case .chaotic:
                quantities.append(.claim(
                    "\(label) gradients explode (Thm 2)",
                    "chaotic attractor: λ_max > 0.01 and ln ‖∂z_T/∂z_1‖₂ grows with T at a slope above λ_max/2 (> 0)",
                    holds: finite && lambda > 0.01 && slope > lambda / 2,
                    published: "chaosrnn-neurips2022/thm2.exploding", paperScales: allScales))
            case .quasiPeriodic:
                let worst = zip(t, logNorm).filter { $0.0 >= 100 }.map { abs($0.1) / ($0.0 - 1) }.max() ?? .nan
                quantities.append(.claim(
                    "\(label) sub-exponential (Thm 3)",
                    "quasi-periodic: |λ_max| < 0.01 and (1 − ε)^(T−1) < ‖∂z_T/∂z_1‖₂ < (1 + ε)^(T−1) with ε = 0.01 at every T ≥ 100 (|ln ‖·‖|/(T − 1) < 0.01)",
                    holds: finite && abs(lambda) < 0.01 && worst < 0.01,
                    published: "chaosrnn-neurips2022/thm3.quasi-periodic", paperScales: allScales))
            }
        }
        return quantities
    }
}
