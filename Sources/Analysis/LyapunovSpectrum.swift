import Dynamics
import Foundation
import LinearAlgebra

/// Lyapunov exponents estimated by the QR (Benettin et al. 1980; Shimada & Nagashima 1979) method,
/// in descending order, per unit of time (ODEs) or per iteration (maps).
public struct LyapunovSpectrum: Sendable, Equatable {
    /// λ_1 ≥ λ_2 ≥ … (as many as were asked for).
    public var exponents: [Double]
    /// The time (ODE) or number of iterations (map) averaged over, after the transient.
    public var duration: Double

    public init(exponents: [Double], duration: Double) {
        self.exponents = exponents
        self.duration = duration
    }

    /// λ_max.
    public var maximal: Double { exponents.first ?? .nan }
    /// Σ λ_i (equals the mean divergence of the flow when the full spectrum was computed).
    public var sum: Double { exponents.reduce(0, +) }
    /// τ_pred = ln 2 / λ_max.
    public var predictabilityTime: Double { Lyapunov.predictabilityTime(maximalExponent: maximal) }
}

/// How a Benettin run is set up.
public struct BenettinSettings: Sendable, Equatable {
    /// RK4 step (ODEs only).
    public var dt: Double
    /// Steps integrated (state only) before the tangent vectors start.
    public var transientSteps: Int
    /// Steps over which the exponents are averaged.
    public var steps: Int
    /// Re-orthonormalise the tangent vectors every this many steps.
    public var orthonormalizeEvery: Int
    /// How many exponents (leading tangent directions); nil = the full spectrum.
    public var count: Int?

    public init(dt: Double = 0.01, transientSteps: Int = 10_000, steps: Int = 100_000, orthonormalizeEvery: Int = 10, count: Int? = nil) {
        precondition(transientSteps >= 0 && steps > 0 && orthonormalizeEvery >= 1)
        self.dt = dt
        self.transientSteps = transientSteps
        self.steps = steps
        self.orthonormalizeEvery = orthonormalizeEvery
        self.count = count
    }
}

/// Lyapunov analysis of ODEs, maps and trained RNNs.
public enum Lyapunov {
    /// τ_pred = ln 2 / λ_max (P2 eq. 17): the time for an error to double; +∞ when λ_max ≤ 0.
    public static func predictabilityTime(maximalExponent lambda: Double) -> Double {
        lambda > 0 ? log(2) / lambda : .infinity
    }

    /// Exponents of an ODE by integrating the variational equations Ẏ = J(x, t) Y with the state
    /// (RK4, step `dt`), re-orthonormalising Y = QR every `orthonormalizeEvery` steps and averaging
    /// log R_ii over the time after the transient. Use `FiniteDifferenceJacobian` for systems without
    /// an analytic Jacobian.
    public static func spectrum<S: DifferentiableODESystem>(of system: S, from x0: [Double], t0: Double = 0,
                                                            settings: BenettinSettings = BenettinSettings()) -> LyapunovSpectrum {
        let n = system.dimension
        let k = min(settings.count ?? n, n)
        precondition(x0.count == n && k >= 1)
        let dt = settings.dt
        var x = x0
        var t = t0
        for _ in 0..<settings.transientSteps {
            x = rk4Step(system, x, t, dt)
            t += dt
        }
        var y = identityColumns(n, k)
        var logSums = [Double](repeating: 0, count: k)
        var done = 0
        while done < settings.steps {
            let chunk = min(settings.orthonormalizeEvery, settings.steps - done)
            for _ in 0..<chunk {
                (x, y) = variationalStep(system, x, y, t, dt)
                t = t0 + Double(settings.transientSteps + done + 1) * dt
                done += 1
            }
            accumulate(&y, &logSums)
        }
        let duration = Double(settings.steps) * dt
        return LyapunovSpectrum(exponents: logSums.map { $0 / duration }.sorted(by: >), duration: duration)
    }

    /// Exponents of a map from the product of Jacobians along its orbit from x0 (after `transientSteps`
    /// iterations), per iteration. `settings.dt` is ignored.
    public static func spectrum<M: DiscreteMap>(of map: M, from x0: [Double],
                                                settings: BenettinSettings = BenettinSettings(transientSteps: 1_000, steps: 10_000, orthonormalizeEvery: 1)) -> LyapunovSpectrum {
        let n = map.dimension
        let k = min(settings.count ?? n, n)
        precondition(x0.count == n && k >= 1)
        var x = x0
        for _ in 0..<settings.transientSteps { x = map.step(x) }
        var y = identityColumns(n, k)
        var logSums = [Double](repeating: 0, count: k)
        var done = 0
        while done < settings.steps {
            let chunk = min(settings.orthonormalizeEvery, settings.steps - done)
            for _ in 0..<chunk {
                y = matmul(map.jacobian(x), y)
                x = map.step(x)
                done += 1
            }
            accumulate(&y, &logSums)
        }
        let duration = Double(settings.steps)
        return LyapunovSpectrum(exponents: logSums.map { $0 / duration }.sorted(by: >), duration: duration)
    }

    // MARK: Pieces

    static func identityColumns(_ n: Int, _ k: Int) -> Matrix<Double> {
        var y = Matrix<Double>(rows: n, columns: k)
        for i in 0..<k { y[i, i] = 1 }
        return y
    }

    /// Y = QR, logSums += log R_ii, Y ← Q. A collapsed direction (R_ii = 0) contributes −∞.
    static func accumulate(_ y: inout Matrix<Double>, _ logSums: inout [Double]) {
        let d = qr(y)
        for i in 0..<logSums.count { logSums[i] += log(d.r[i, i]) }
        y = d.q
    }

    static func rk4Step<S: ODESystem>(_ system: S, _ x: [Double], _ t: Double, _ dt: Double) -> [Double] {
        let n = x.count
        let half = 0.5 * dt
        var probe = x
        let k1 = system.derivative(x, time: t)
        for i in 0..<n { probe[i] = x[i] + half * k1[i] }
        let k2 = system.derivative(probe, time: t + half)
        for i in 0..<n { probe[i] = x[i] + half * k2[i] }
        let k3 = system.derivative(probe, time: t + half)
        for i in 0..<n { probe[i] = x[i] + dt * k3[i] }
        let k4 = system.derivative(probe, time: t + dt)
        var out = x
        for i in 0..<n {
            let slope: Double = k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]
            out[i] += dt / 6 * slope
        }
        return out
    }

    /// One RK4 step of the joint system (ẋ = f(x, t), Ẏ = J(x, t) Y), so the tangent vectors see the
    /// same stage states as the trajectory.
    static func variationalStep<S: DifferentiableODESystem>(_ system: S, _ x: [Double], _ y: Matrix<Double>,
                                                             _ t: Double, _ dt: Double) -> ([Double], Matrix<Double>) {
        let n = x.count
        func f(_ x: [Double], _ y: Matrix<Double>, _ t: Double) -> ([Double], Matrix<Double>) {
            (system.derivative(x, time: t), matmul(system.jacobian(x, time: t), y))
        }
        func shifted(_ x: [Double], _ dx: [Double], _ h: Double) -> [Double] {
            var out = x
            for i in 0..<n { out[i] += h * dx[i] }
            return out
        }
        func shifted(_ y: Matrix<Double>, _ dy: Matrix<Double>, _ h: Double) -> Matrix<Double> {
            var out = y
            for i in out.storage.indices { out.storage[i] += h * dy.storage[i] }
            return out
        }
        let (a1, b1) = f(x, y, t)
        let (a2, b2) = f(shifted(x, a1, 0.5 * dt), shifted(y, b1, 0.5 * dt), t + 0.5 * dt)
        let (a3, b3) = f(shifted(x, a2, 0.5 * dt), shifted(y, b2, 0.5 * dt), t + 0.5 * dt)
        let (a4, b4) = f(shifted(x, a3, dt), shifted(y, b3, dt), t + dt)
        var xNew = x
        for i in 0..<n {
            let slope: Double = a1[i] + 2 * a2[i] + 2 * a3[i] + a4[i]
            xNew[i] += dt / 6 * slope
        }
        var yNew = y
        for i in yNew.storage.indices {
            let slope: Double = b1.storage[i] + 2 * b2.storage[i] + 2 * b3.storage[i] + b4.storage[i]
            yNew.storage[i] += dt / 6 * slope
        }
        return (xNew, yNew)
    }
}
