import Foundation

/// Adaptive Dormand–Prince 5(4) integrator (the method behind MATLAB's ode45 and SciPy's RK45):
/// fifth-order solution, embedded fourth-order error estimate, first-same-as-last stage reuse, and
/// Hairer's fourth-order continuous extension so samples at arbitrary times cost no extra steps.
public struct DormandPrince: Sendable {
    /// Relative error tolerance per component.
    public var relativeTolerance: Double
    /// Absolute error tolerance per component.
    public var absoluteTolerance: Double
    /// First step size; chosen automatically (Hairer's heuristic) when nil.
    public var initialStep: Double?
    /// Upper bound on the step size.
    public var maxStep: Double
    /// Upper bound on the number of attempted steps.
    public var maxSteps: Int

    public init(relativeTolerance: Double = 1e-6, absoluteTolerance: Double = 1e-9, initialStep: Double? = nil,
                maxStep: Double = .infinity, maxSteps: Int = 1_000_000) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.initialStep = initialStep
        self.maxStep = maxStep
        self.maxSteps = maxSteps
    }

    /// The states at `sampleTimes` (increasing, all ≥ t0), interpolated with the continuous extension.
    public func integrate<S: ODESystem>(_ system: S, from x0: [Double], t0: Double = 0,
                                        sampleTimes: [Double]) throws -> Trajectory {
        try solve(system, from: x0, t0: t0, sampleTimes: sampleTimes).trajectory
    }

    /// As `integrate(_:from:t0:sampleTimes:)`, with step statistics.
    public func solve<S: ODESystem>(_ system: S, from x0: [Double], t0: Double = 0,
                                    sampleTimes: [Double]) throws -> AdaptiveSolution {
        guard let tEnd = sampleTimes.last else {
            return AdaptiveSolution(trajectory: Trajectory(dimension: system.dimension), acceptedSteps: 0, rejectedSteps: 0, evaluations: 0)
        }
        for (a, b) in zip(sampleTimes, sampleTimes.dropFirst()) where !(b >= a) {
            throw DynamicsError.invalidArgument("sample times must be increasing (\(a) then \(b))")
        }
        guard sampleTimes[0] >= t0 else { throw DynamicsError.invalidArgument("sample time \(sampleTimes[0]) lies before t0 = \(t0)") }
        var trajectory = Trajectory(dimension: system.dimension)
        trajectory.reserveCapacity(sampleTimes.count)
        var next = 0
        while next < sampleTimes.count && sampleTimes[next] == t0 {
            trajectory.append(time: t0, state: x0)
            next += 1
        }
        let stats = try run(system, from: x0, t0: t0, tEnd: tEnd) { step in
            while next < sampleTimes.count && sampleTimes[next] <= step.t1 {
                trajectory.append(time: sampleTimes[next], state: step.interpolate(at: sampleTimes[next]))
                next += 1
            }
        }
        return AdaptiveSolution(trajectory: trajectory, acceptedSteps: stats.accepted, rejectedSteps: stats.rejected, evaluations: stats.evaluations)
    }

    /// The state at every accepted step from t0 to tEnd (including both ends).
    public func integrate<S: ODESystem>(_ system: S, from x0: [Double], t0: Double = 0, to tEnd: Double) throws -> Trajectory {
        var trajectory = Trajectory(dimension: system.dimension)
        trajectory.append(time: t0, state: x0)
        _ = try run(system, from: x0, t0: t0, tEnd: tEnd) { step in trajectory.append(time: step.t1, state: step.x1) }
        return trajectory
    }

    // MARK: Stepping

    /// One accepted step and what the continuous extension needs.
    struct AcceptedStep {
        var t0: Double, t1: Double
        var x0: [Double], x1: [Double]
        /// Coefficients r1…r5 of Hairer's dense output, each of length n.
        var r: [[Double]]

        func interpolate(at t: Double) -> [Double] {
            if t == t1 { return x1 }
            let h = t1 - t0
            let th = (t - t0) / h, th1 = 1 - th
            return (0..<x0.count).map { i in
                r[0][i] + th * (r[1][i] + th1 * (r[2][i] + th * (r[3][i] + th1 * r[4][i])))
            }
        }
    }

    private func run<S: ODESystem>(_ system: S, from x0: [Double], t0: Double, tEnd: Double,
                                   onStep: (AcceptedStep) -> Void) throws -> (accepted: Int, rejected: Int, evaluations: Int) {
        let n = system.dimension
        precondition(x0.count == n, "initial state has \(x0.count) components, system has \(n)")
        guard tEnd > t0 else { return (0, 0, 0) }
        func f(_ x: [Double], _ t: Double) -> [Double] {
            var out = [Double](repeating: 0, count: n)
            x.withUnsafeBufferPointer { xb in out.withUnsafeMutableBufferPointer { system.derivative(xb, time: t, into: $0) } }
            return out
        }
        func combine(_ x: [Double], _ h: Double, _ terms: [(Double, [Double])]) -> [Double] {
            var y = x
            for (c, k) in terms where c != 0 { for i in 0..<n { y[i] += h * c * k[i] } }
            return y
        }
        var evaluations = 0
        var t = t0
        var x = x0
        var k1 = f(x, t); evaluations += 1
        var h = try initialStep ?? startingStep(f: f, x0: x, f0: k1, t0: t0, evaluations: &evaluations)
        h = min(h, maxStep, tEnd - t0)
        var accepted = 0, rejected = 0
        while t < tEnd {
            if accepted + rejected >= maxSteps { throw DynamicsError.tooManySteps(limit: maxSteps, time: t) }
            // Land exactly on tEnd rather than leaving a sliver step.
            if t + h >= tEnd || t + 1.01 * h >= tEnd { h = tEnd - t }
            if h <= 4 * t.ulp.magnitude + .leastNormalMagnitude { throw DynamicsError.stepSizeTooSmall(time: t) }
            let k2 = f(combine(x, h, [(C.a21, k1)]), t + C.c2 * h)
            let k3 = f(combine(x, h, [(C.a31, k1), (C.a32, k2)]), t + C.c3 * h)
            let k4 = f(combine(x, h, [(C.a41, k1), (C.a42, k2), (C.a43, k3)]), t + C.c4 * h)
            let k5 = f(combine(x, h, [(C.a51, k1), (C.a52, k2), (C.a53, k3), (C.a54, k4)]), t + C.c5 * h)
            let k6 = f(combine(x, h, [(C.a61, k1), (C.a62, k2), (C.a63, k3), (C.a64, k4), (C.a65, k5)]), t + h)
            let x1 = combine(x, h, [(C.b1, k1), (C.b3, k3), (C.b4, k4), (C.b5, k5), (C.b6, k6)])
            let tNew = (h == tEnd - t) ? tEnd : t + h
            let k7 = f(x1, tNew)
            evaluations += 6
            var sum = 0.0
            var finite = true
            for i in 0..<n {
                let e = h * (C.e1 * k1[i] + C.e3 * k3[i] + C.e4 * k4[i] + C.e5 * k5[i] + C.e6 * k6[i] + C.e7 * k7[i])
                let scale = absoluteTolerance + relativeTolerance * max(abs(x[i]), abs(x1[i]))
                sum += (e / scale) * (e / scale)
                finite = finite && x1[i].isFinite
            }
            let err = (sum / Double(n)).squareRoot()
            guard err.isFinite, finite else {
                // A blow-up inside a too-large step: retry smaller; a true blow-up ends in stepSizeTooSmall.
                rejected += 1
                h *= 0.1
                if h < 1e-14 * max(1, abs(t)) { throw DynamicsError.nonFinite(time: t) }
                continue
            }
            if err <= 1 {
                var r: [[Double]] = [x, [Double](repeating: 0, count: n), [Double](repeating: 0, count: n),
                                     [Double](repeating: 0, count: n), [Double](repeating: 0, count: n)]
                for i in 0..<n {
                    let diff = x1[i] - x[i]
                    let bspl = h * k1[i] - diff
                    r[1][i] = diff
                    r[2][i] = bspl
                    r[3][i] = diff - h * k7[i] - bspl
                    r[4][i] = h * (C.d1 * k1[i] + C.d3 * k3[i] + C.d4 * k4[i] + C.d5 * k5[i] + C.d6 * k6[i] + C.d7 * k7[i])
                }
                onStep(AcceptedStep(t0: t, t1: tNew, x0: x, x1: x1, r: r))
                accepted += 1
                t = tNew
                x = x1
                k1 = k7  // first same as last
                let factor = err == 0 ? 5 : min(5, max(0.2, 0.9 * pow(err, -0.2)))
                h = min(h * factor, maxStep)
            } else {
                rejected += 1
                h *= max(0.2, 0.9 * pow(err, -0.2))
            }
        }
        return (accepted, rejected, evaluations)
    }

    /// Hairer, Nørsett & Wanner's starting-step heuristic (Solving ODEs I, II.4).
    private func startingStep(f: ([Double], Double) -> [Double], x0: [Double], f0: [Double], t0: Double,
                              evaluations: inout Int) throws -> Double {
        let n = x0.count
        func norm(_ v: [Double]) -> Double {
            var s = 0.0
            for i in 0..<n {
                let scale = absoluteTolerance + relativeTolerance * abs(x0[i])
                s += (v[i] / scale) * (v[i] / scale)
            }
            return (s / Double(n)).squareRoot()
        }
        let d0 = norm(x0), d1 = norm(f0)
        let h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
        let x1 = (0..<n).map { x0[$0] + h0 * f0[$0] }
        let f1 = f(x1, t0 + h0); evaluations += 1
        let d2 = norm((0..<n).map { f1[$0] - f0[$0] }) / h0
        let h1 = max(d1, d2) <= 1e-15 ? max(1e-6, h0 * 1e-3) : pow(0.01 / max(d1, d2), 0.2)
        return min(100 * h0, h1)
    }

    /// Butcher tableau, error weights (b − b̂) and dense-output weights.
    private enum C {
        static let c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9
        static let a21 = 1.0 / 5
        static let a31 = 3.0 / 40, a32 = 9.0 / 40
        static let a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9
        static let a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729
        static let a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176, a65 = -5103.0 / 18656
        static let b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192, b5 = -2187.0 / 6784, b6 = 11.0 / 84
        static let e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200, e6 = 22.0 / 525, e7 = -1.0 / 40
        static let d1 = -12715105075.0 / 11282082432, d3 = 87487479700.0 / 32700410799, d4 = -10690763975.0 / 1880347072
        static let d5 = 701980252875.0 / 199316789632, d6 = -1453857185.0 / 822651844, d7 = 69997945.0 / 29380423
    }
}

/// A Dormand–Prince result with its cost.
public struct AdaptiveSolution: Sendable {
    public var trajectory: Trajectory
    public var acceptedSteps: Int
    public var rejectedSteps: Int
    /// Number of right-hand-side evaluations.
    public var evaluations: Int
}
