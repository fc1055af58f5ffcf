import Analysis
import Configuration
import Dynamics
import Engine
import Foundation
import HDF5
import LinearAlgebra
import Plotting
import Randomness

/// rPLRNN paper (ICLR 2020 submission), Fig. S5 and Suppl. 7.1.2 (eqs. 9–20): a discrete-time PLRNN that
/// emulates the van der Pol oscillator, converted region by region into a continuous-time piecewise-linear
/// ODE ζ' = W̃_Ω ζ + h̃_Ω, whose solution is drawn over the discrete orbit.
public struct RPLRNNFigS5: Experiment {
    public static let id = "rplrnn-figS5"
    public static let codeDependencies = ["Dynamics", "LinearAlgebra", "Randomness"]

    // MARK: Configuration

    public struct Config: ExperimentConfig, Equatable {
        public var mu: Double
        /// Δt, the sampling interval and the PLRNN's step.
        public var dt: Double
        /// Time units of each training trajectory.
        public var trainingTime: Double
        public var trainingStarts: [[Double]]
        /// Number of random ReLU directions u_k (the PLRNN has 4 + features units).
        public var features: Int
        /// r: offsets o_k ~ U(−r, r).
        public var offsetRange: Double
        public var ridge: Double
        public var seed: UInt64
        /// Feature draws tried before giving up.
        public var attempts: Int
        /// Discrete steps drawn and compared.
        public var steps: Int
        /// Initial (x, v) of the shown orbit.
        public var start: [Double]
        /// Continuous samples drawn per discrete step.
        public var samplesPerStep: Int

        enum CodingKeys: String, CodingKey {
            case mu, dt, trainingTime = "training_time", trainingStarts = "training_starts", features
            case offsetRange = "offset_range", ridge, seed, attempts, steps, start, samplesPerStep = "samples_per_step"
        }

        public func validate() throws {
            guard dt > 0, trainingTime > 10 * dt else { throw ConfigurationError(key: "dt", message: "need dt > 0 and training_time > 10 dt") }
            guard features >= 1, attempts >= 1, steps >= 2, samplesPerStep >= 1 else {
                throw ConfigurationError(key: "features", message: "features, attempts, samples_per_step ≥ 1 and steps ≥ 2")
            }
            guard start.count == 2, !trainingStarts.isEmpty, trainingStarts.allSatisfy({ $0.count == 2 }) else {
                throw ConfigurationError(key: "start", message: "initial states are (x, v) pairs")
            }
        }
    }

    public struct JobParameters: Codable, Sendable, Equatable {
        public var config: Config
    }

    public static func jobs(config: Config) throws -> [Job<JobParameters>] {
        [Job(name: "vanderpol", parameters: JobParameters(config: config), seed: config.seed)]
    }

    // MARK: Conversion (Suppl. 7.1.2)

    /// The continuous-time law of one orthant: ζ' = w ζ + h.
    public struct ContinuousRegion: Sendable {
        public var w: Matrix<Double>
        public var h: [Double]
    }

    /// W_Ω = diag(a) + W D_Ω for the orthant `positive`.
    public static func regionMatrix(_ map: PLRNNMap, positive: [Bool]) -> Matrix<Double> {
        let m = map.dimension
        var out = Matrix<Double>(rows: m, columns: m)
        for i in 0..<m {
            for j in 0..<m where positive[j] { out[i, j] = map.w[i][j] }
            out[i, i] += map.a[i]
        }
        return out
    }

    /// Ψ = ∫₀^Δt e^{W̃ s} ds, the top-right block of exp([[W̃, I], [0, 0]] Δt).
    static func integratedExponential(_ w: Matrix<Double>, dt: Double) throws -> Matrix<Double> {
        let m = w.rows
        var block = Matrix<Double>(rows: 2 * m, columns: 2 * m)
        for i in 0..<m {
            for j in 0..<m { block[i, j] = w[i, j] * dt }
            block[i, m + i] = dt
        }
        let e = try expm(block)
        var psi = Matrix<Double>(rows: m, columns: m)
        for i in 0..<m { for j in 0..<m { psi[i, j] = e[i, m + j] } }
        return psi
    }

    /// W̃_Ω = logm(W_Ω)/Δt and h̃_Ω = Ψ⁻¹ h (= −W̃_Ω (I − W_Ω)⁻¹ h, eq. 20, when I − W_Ω is invertible).
    public static func convert(_ map: PLRNNMap, positive: [Bool], dt: Double) throws -> ContinuousRegion {
        let wOmega = regionMatrix(map, positive: positive)
        var wTilde = try logm(wOmega)
        for k in wTilde.storage.indices { wTilde.storage[k] /= dt }
        let psi = try integratedExponential(wTilde, dt: dt)
        let h = try solve(psi, Matrix(rows: map.dimension, columns: 1, storage: map.h))
        return ContinuousRegion(w: wTilde, h: h.storage)
    }

    /// Eq. 20 as printed: h̃ = −W̃ (I − W_Ω)⁻¹ h (throws if I − W_Ω is singular).
    public static func equation20(_ map: PLRNNMap, positive: [Bool], wTilde: Matrix<Double>) throws -> [Double] {
        let m = map.dimension
        let iMinusW = Matrix<Double>.identity(m) - regionMatrix(map, positive: positive)
        let x = try solve(iMinusW, Matrix(rows: m, columns: 1, storage: map.h))
        return (0..<m).map { i in -(0..<m).reduce(0.0) { $0 + wTilde[i, $1] * x[$1, 0] } }
    }

    /// The continuous piecewise-linear system: each orthant's law from `regions`, or — when `frozen` is
    /// set — one orthant's law everywhere (the per-step solution of eq. 12).
    public struct ContinuousPLRNN: ODESystem {
        public var regions: [[Bool]: ContinuousRegion]
        public var frozen: [Bool]?
        public let dimension: Int
        /// Converts orthants missing from `regions` on the fly (the switching system may enter orthants the
        /// discrete orbit never visited); nil leaves them undefined (NaN derivative).
        public var fallback: (map: PLRNNMap, dt: Double)?

        public init(regions: [[Bool]: ContinuousRegion], frozen: [Bool]? = nil, dimension: Int, fallback: (map: PLRNNMap, dt: Double)? = nil) {
            self.regions = regions
            self.frozen = frozen
            self.dimension = dimension
            self.fallback = fallback
        }

        public func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into dx: UnsafeMutableBufferPointer<Double>) {
            let pattern = frozen ?? x.map { $0 > 0 }
            guard let r = regions[pattern] ?? fallback.flatMap({ try? RPLRNNFigS5.convert($0.map, positive: pattern, dt: $0.dt) }) else {
                for i in 0..<dimension { dx[i] = .nan }
                return
            }
            for i in 0..<dimension {
                var s = r.h[i]
                for j in 0..<dimension { s += r.w[i, j] * x[j] }
                dx[i] = s
            }
        }
    }

    /// Converts every orthant in `patterns`; returns the table and the largest ‖expm(W̃Δt) − W_Ω‖_max.
    public static func convertAll(_ map: PLRNNMap, patterns: Set<[Bool]>, dt: Double) throws -> (regions: [[Bool]: ContinuousRegion], residual: Double) {
        var regions: [[Bool]: ContinuousRegion] = [:]
        var residual = 0.0
        for p in patterns {
            let r = try convert(map, positive: p, dt: dt)
            regions[p] = r
            var scaled = r.w
            for k in scaled.storage.indices { scaled.storage[k] *= dt }
            let back = try expm(scaled) - regionMatrix(map, positive: p)
            residual = max(residual, back.storage.map(abs).max() ?? 0)
        }
        return (regions, residual)
    }

    // MARK: Fitting the PLRNN

    /// The fitted PLRNN and its embedding z = P y + o.
    public struct FittedPLRNN: Sendable {
        public var map: PLRNNMap
        public var projection: Matrix<Double>
        public var offsets: [Double]
        public var attempt: Int

        public func embed(_ y: [Double]) -> [Double] {
            (0..<projection.rows).map { i in projection[i, 0] * y[0] + projection[i, 1] * y[1] + offsets[i] }
        }
    }

    static func vanDerPolSamples(_ c: Config, from start: [Double], time: Double) throws -> [[Double]] {
        let n = Int((time / c.dt).rounded())
        let times = (0...n).map { Double($0) * c.dt }
        return try DormandPrince(relativeTolerance: 1e-10, absoluteTolerance: 1e-12).integrate(VanDerPol(mu: c.mu), from: start, sampleTimes: times).states
    }

    /// Closed-form ridge fit of Δy = G relu(P y + o) + g, retried over feature draws until the free PLRNN
    /// has a van-der-Pol-sized limit cycle.
    public static func fit(_ c: Config) throws -> FittedPLRNN {
        let data = try c.trainingStarts.map { try vanDerPolSamples(c, from: $0, time: c.trainingTime) }
        let m = 4 + c.features
        for attempt in 0..<c.attempts {
            var g = Generator(seed: c.seed &+ UInt64(attempt))
            var p = Matrix<Double>(rows: m, columns: 2)
            p[0, 0] = 1; p[1, 1] = 1; p[2, 0] = -1; p[3, 1] = -1
            var offsets = [Double](repeating: 0, count: m)
            for k in 4..<m {
                let angle = g.uniform(0, 2 * Double.pi)
                p[k, 0] = cos(angle); p[k, 1] = sin(angle)
                offsets[k] = g.uniform(-c.offsetRange, c.offsetRange)
            }
            // Normal equations: (ΦᵀΦ + λI) Θ = ΦᵀΔY, Φ rows = [relu(z_t), 1].
            var gram = Matrix<Double>(rows: m + 1, columns: m + 1), rhs = Matrix<Double>(rows: m + 1, columns: 2)
            for series in data {
                for t in 0..<(series.count - 1) {
                    let y = series[t]
                    var phi = (0..<m).map { i in max(p[i, 0] * y[0] + p[i, 1] * y[1] + offsets[i], 0) }
                    phi.append(1)
                    let dy = [series[t + 1][0] - y[0], series[t + 1][1] - y[1]]
                    for i in 0...m where phi[i] != 0 {
                        for j in 0...m { gram[i, j] += phi[i] * phi[j] }
                        rhs[i, 0] += phi[i] * dy[0]; rhs[i, 1] += phi[i] * dy[1]
                    }
                }
            }
            for i in 0...m { gram[i, i] += c.ridge }
            let theta = try solve(gram, rhs)  // (m+1) × 2: rows j < m are Gᵀ, row m is g
            let w = (0..<m).map { i in (0..<m).map { j in p[i, 0] * theta[j, 0] + p[i, 1] * theta[j, 1] } }
            let h = (0..<m).map { i in p[i, 0] * theta[m, 0] + p[i, 1] * theta[m, 1] }
            let fitted = FittedPLRNN(map: PLRNNMap(a: [Double](repeating: 1, count: m), w: w, h: h), projection: p, offsets: offsets, attempt: attempt)
            let check = Int(60 / c.dt)
            let orbit = fitted.map.iterate(from: fitted.embed(c.start), steps: check)
            let late = (check / 2...check).map { orbit[$0, 0] }
            guard late.allSatisfy({ $0.isFinite }) else { continue }
            let amplitude = late.map(abs).max()!
            if abs(amplitude - 2.0) < 0.5 && (late.max()! - late.min()!) > 3 { return fitted }
        }
        throw EngineError.message("no feature draw among \(c.attempts) gave a PLRNN with a van-der-Pol-sized limit cycle")
    }

    // MARK: Compute

    public static func compute(_ p: JobParameters, context: JobContext) throws {
        let c = p.config
        let root = context.results
        let fitted = try fit(c)
        let map = fitted.map
        let m = map.dimension
        context.progress(0.3, "fitted (attempt \(fitted.attempt))")
        try root.setAttribute("fit_attempt", fitted.attempt)
        let params = try root.createGroup("plrnn")
        try params.write(map.a, to: "a")
        try params.write(NDArray(shape: [m, m], values: map.w.flatMap { $0 }), to: "W")
        try params.write(map.h, to: "h")
        try params.write(NDArray(shape: [m, 2], values: fitted.projection.storage), to: "P").setAttribute("label", "z = P (x, v) + o")
        try params.write(fitted.offsets, to: "o")

        let discrete = map.iterate(from: fitted.embed(c.start), steps: c.steps)
        let states = discrete.states
        let patterns = Set(states.map { $0.map { $0 > 0 } })
        let (regions, residual) = try convertAll(map, patterns: patterns, dt: c.dt)
        try root.setAttribute("regions_visited", patterns.count)
        try root.setAttribute("logm_residual", residual)
        let switches = zip(states, states.dropFirst()).filter { a, b in a.map { $0 > 0 } != b.map { $0 > 0 } }.count
        try root.setAttribute("region_switches", switches)
        try root.write(NDArray(shape: [discrete.count, m], values: discrete.values), to: "discrete").setAttribute("label", "z_t, t = 0 … \(c.steps)")
        try root.write(discrete.times.map { $0 * c.dt }, to: "discrete_time")
        let truth = try vanDerPolSamples(c, from: c.start, time: Double(c.steps) * c.dt)
        try root.write(NDArray(shape: [truth.count, 2], values: truth.flatMap { $0 }), to: "vanderpol").setAttribute("label", "(x, v) of van der Pol at the same times")
        context.progress(0.5, "converted \(patterns.count) regions")

        let solver = DormandPrince(relativeTolerance: 1e-10, absoluteTolerance: 1e-12, maxStep: c.dt)
        let fine = (0...(c.steps * c.samplesPerStep)).map { Double($0) * c.dt / Double(c.samplesPerStep) }
        let free = try solver.integrate(ContinuousPLRNN(regions: regions, dimension: m, fallback: (map, c.dt)), from: states[0], sampleTimes: fine)
        guard free.count == fine.count else { throw EngineError.message("free continuous integration stopped early") }
        try root.write(NDArray(shape: [free.count, m], values: free.values), to: "continuous_free")
            .setAttribute("label", "ζ(t) of the switching continuous PLRNN from z_0, \(c.samplesPerStep) samples per Δt")
        try root.write(fine, to: "continuous_time")

        // Per step, from z_t with the region of z_t frozen (eq. 12).
        var stepwise = [Double](), endpoints = [Double]()
        for t in 0..<c.steps {
            let system = ContinuousPLRNN(regions: regions, frozen: states[t].map { $0 > 0 }, dimension: m)
            let local = (0...c.samplesPerStep).map { Double($0) * c.dt / Double(c.samplesPerStep) }
            let piece = try solver.integrate(system, from: states[t], sampleTimes: local)
            let upto = t == c.steps - 1 ? piece.count : piece.count - 1
            for k in 0..<upto { stepwise.append(contentsOf: piece.state(at: k)) }
            endpoints.append(contentsOf: piece.last!)
        }
        try root.write(NDArray(shape: [stepwise.count / m, m], values: stepwise), to: "continuous_stepwise")
            .setAttribute("label", "per step: ζ from z_t over [tΔt, (t+1)Δt] with Ω(z_t) frozen")
        let stepError = (0..<c.steps).map { t in (0..<m).map { abs(endpoints[t * m + $0] - states[t + 1][$0]) }.max()! }
        let freeError = (0...c.steps).map { t in (0..<m).map { abs(free[t * c.samplesPerStep, $0] - states[t][$0]) }.max()! }
        try root.write(stepError, to: "stepwise_endpoint_error").setAttribute("label", "max_i |ζ_t(Δt) − z_{t+1}| per step")
        try root.write(freeError, to: "free_error").setAttribute("label", "max_i |ζ(tΔt) − z_t| of the switching system")
        context.progress(1, String(format: "max step error %.2g, free error %.2g", stepError.max()!, freeError.max()!))
    }

    // MARK: - Figure

    // The caption describes, it does not compute: below the marker, editing it redraws without recomputing.
    public static let reference = PaperReference(
        paper: "Schmidt, Koppe, Monfared, Beutelspacher, Durstewitz (rPLRNN), ICLR 2020 submission / ICLR 2021",
        seedFile: "001_10a8a1ac4f97758c.txt",
        item: "Fig. S5 (supplementary), Suppl. 7.1.2",
        title: "Discrete → continuous-time PLRNN conversion (van der Pol emulation)",
        caption: """
        The PLRNN: van der Pol (μ = 1) is sampled at Δt from three initial states; the latent state is \
        z = P y + o with y = (x, v), P = [I; −I; u_k] (unit vectors u_k at random angles, offsets o_k ~ U(−r, r), \
        seeded), and the one-step increment y_{t+1} − y_t is fitted in closed form (ridge least squares) as \
        G relu(z_t) + g. This is exactly a PLRNN z_{t+1} = A z_t + W relu(z_t) + h with A = I, W = P G, h = P g \
        (W has a diagonal here, unlike the paper's off-diagonal W), whose orbits stay on the plane z = P y + o. \
        Feature draws are retried (seed, seed+1, …) until the free-running PLRNN settles on a limit cycle of \
        x-amplitude within 25 % of van der Pol's 2.0. Conversion (eqs. 9–19): in orthant Ω the map is affine, \
        z_{t+1} = W_Ω z_t + h with W_Ω = A + W D_Ω, and W̃_Ω = V (1/Δt) log(Λ) V⁻¹ = logm(W_Ω)/Δt. Eq. 20, \
        h̃ = −W̃_Ω (I − W_Ω)⁻¹ h, needs I − W_Ω invertible, which fails here (A = I leaves eigenvalues 1); we use \
        the equivalent exact condition ζ(Δt) = W_Ω ζ(0) + Ψ h̃ = z_{t+1}, i.e. h̃ = Ψ⁻¹ h with \
        Ψ = ∫₀^Δt e^{W̃ s} ds (from one matrix exponential of [[W̃, I], [0, 0]] Δt), which equals eq. 20 whenever \
        I − W_Ω is invertible. Exactness: within one region the conversion is exact — the ODE started at z_t \
        reaches z_{t+1} at Δt. Region switches: (left) the free continuous system switches its linear law \
        when ζ(t) crosses an orthant boundary (DormandPrince, step ≤ Δt), while the map keeps the region of \
        z_t for the whole step, so the two drift apart slowly at switches; (middle) restarting the ODE at every \
        discrete point with the region frozen over the step (the assumption of eq. 12) reproduces every \
        discrete point. Red lines: continuous solutions; blue circles: discrete orbit; first two latent \
        dimensions (x, v). The paper's black bars (external input pulses) are not reproduced: no inputs here.
        """)

    public static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        guard let result = results.result(named: "vanderpol"), let root = try? result.root() else {
            canvas.note("No result: \(results.result(named: "vanderpol")?.failure ?? "job missing").")
            return
        }
        let blue = "#1f77b4", red = "#d62728", grey = "#888888"
        let discrete = try root.read("discrete", as: Double.self)
        let free = try root.read("continuous_free", as: Double.self)
        let stepwise = try root.read("continuous_stepwise", as: Double.self)
        let vdp = try root.read("vanderpol", as: Double.self)
        let n = discrete.shape[0], f = free.shape[0]
        let dx = (0..<n).map { discrete[$0, 0] }, dv = (0..<n).map { discrete[$0, 1] }
        func phase(_ title: String, _ x: NDArray<Double>, rows: Int) -> Panel {
            Panel(title: title, xLabel: "z1 (x)", yLabel: "z2 (v)", key: .bottomRight, series: [
                .line(x: (0..<vdp.shape[0]).map { vdp[$0, 0] }, y: (0..<vdp.shape[0]).map { vdp[$0, 1] }, title: "van der Pol", color: grey, dash: 3, width: 1),
                .line(x: (0..<rows).map { x[$0, 0] }, y: (0..<rows).map { x[$0, 1] }, title: "continuous", color: red, width: 1.5),
                .points(x: dx, y: dv, title: "discrete", color: blue, pointType: 6, pointSize: 0.7)])
        }
        let t = try root.read("continuous_time", as: Double.self).values
        let td = try root.read("discrete_time", as: Double.self).values
        let timePanel = Panel(title: "z1(t)", xLabel: "t", yLabel: "z1", key: .bottomRight, series: [
            .line(x: t, y: (0..<f).map { free[$0, 0] }, title: "continuous (switching)", color: red, width: 1.5),
            .line(x: t, y: (0..<stepwise.shape[0]).map { stepwise[$0, 0] }, title: "continuous (per step)", color: "#ff7f0e", dash: 2, width: 1),
            .points(x: td, y: dx, title: "discrete", color: blue, pointType: 6, pointSize: 0.7)])
        canvas.add(GnuplotFigure(name: "figS5", title: "Discrete → continuous PLRNN (rPLRNN paper, Fig. S5)", rows: 1, columns: 3,
                                 width: 1500, height: 520,
                                 panels: [phase("switching continuous system", free, rows: f),
                                          phase("per step, region of z_t frozen", stepwise, rows: stepwise.shape[0]), timePanel]))
        let stepError = try root.read("stepwise_endpoint_error", as: Double.self).values.max() ?? .nan
        let freeError = try root.read("free_error", as: Double.self).values
        canvas.add(ResultTable(name: "conversion", caption: "Conversion diagnostics",
                               header: ["quantity", "value"], rows: [
                                ["PLRNN units M", "\(discrete.shape[1])"],
                                ["feature draw used", "\(try root.intAttribute("fit_attempt"))"],
                                ["orthants visited", "\(try root.intAttribute("regions_visited"))"],
                                ["region switches along the orbit", "\(try root.intAttribute("region_switches"))"],
                                ["max |expm(W̃Δt) − W_Ω|", String(format: "%.2e", try root.doubleAttribute("logm_residual"))],
                                ["max per-step endpoint error |ζ(Δt) − z_{t+1}|", String(format: "%.2e", stepError)],
                                ["switching system: max |ζ(tΔt) − z_t| over the first 10 steps", String(format: "%.2e", freeError.prefix(11).max() ?? .nan)],
                                ["switching system: max |ζ(tΔt) − z_t| over all \(n - 1) steps", String(format: "%.2e", freeError.max() ?? .nan)]]))
    }
}

// MARK: - Quantities compared by `repro compare`

extension RPLRNNFigS5 {
    /// Deterministic given the configuration: the fitted PLRNN's discrete orbit (z1), which feature draw
    /// was used, the orthants visited and switches, the conversion's residuals, the switching system's
    /// drift; and the figure's claim (the converted continuous system passes through the discrete
    /// points), mapped to the paper's Fig. S5 at every scale.
    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] {
        guard let result = results.result(named: "vanderpol"), result.file != nil else { return [] }
        let root = try result.root()
        let discrete = try root.read("discrete", as: Double.self)
        let n = discrete.shape[0]
        let stepError = try root.read("stepwise_endpoint_error", as: Double.self).values.max() ?? .nan
        let freeError = try root.read("free_error", as: Double.self).values
        let residual = try root.doubleAttribute("logm_residual")
        return [
            .curve("discrete z1(t)", x: (0..<n).map { Double($0) * config.dt }, y: (0..<n).map { discrete[$0, 0] },
                   meaning: "z1 (= x) of the fitted PLRNN's orbit from (x, v) = \(config.start), every step Δt = \(config.dt)",
                   absolute: 1e-9, relative: 1e-7),
            .scalar("feature draw", Double(try root.intAttribute("fit_attempt")),
                    meaning: "index of the first feature draw (seed \(config.seed) + index) giving a van-der-Pol-sized limit cycle", absolute: 0.5, relative: 0),
            .scalar("orthants visited", Double(try root.intAttribute("regions_visited")),
                    meaning: "distinct ReLU sign patterns along the discrete orbit (\(n - 1) steps)", absolute: 0.5, relative: 0),
            .scalar("region switches", Double(try root.intAttribute("region_switches")),
                    meaning: "steps at which the discrete orbit changes orthant", absolute: 0.5, relative: 0),
            .scalar("logm residual", residual,
                    meaning: "max over visited orthants of |expm(W̃_Ω Δt) − W_Ω| (round trip of the matrix logarithm; agrees while both stay ≤ 1e-9)",
                    absolute: 1e-9, relative: 0),
            .scalar("per-step endpoint error", stepError,
                    meaning: "max over steps of |ζ(Δt) − z_{t+1}| with the region of z_t frozen (agrees while both stay ≤ 1e-8)",
                    absolute: 1e-8, relative: 0),
            .scalar("switching drift (10 steps)", freeError.prefix(11).max() ?? .nan,
                    meaning: "max |ζ(tΔt) − z_t| over the first 10 steps of the freely switching continuous system", absolute: 1e-9, relative: 1e-6),
            .scalar("switching drift (all steps)", freeError.max() ?? .nan,
                    meaning: "max |ζ(tΔt) − z_t| over all \(n - 1) steps of the freely switching continuous system", absolute: 1e-9, relative: 1e-6),
            .claim("conversion reproduces the orbit",
                   "the continuous PLRNN of eqs. 9–20, run over each step from z_t in the region of z_t, reaches every discrete point z_{t+1} (max error < 1e-6) and expm(W̃Δt) recovers W_Ω (< 1e-9)",
                   holds: stepError < 1e-6 && residual < 1e-9, published: "rplrnn-iclr2021/figS5.conversion", paperScales: ["smoke", "default", "paper"]),
        ]
    }
}
