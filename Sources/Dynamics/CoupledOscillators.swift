import Foundation

/// The continuous-time coRNN (Rusch & Mishra, ICLR 2021, eq. 2): m coupled, forced, damped oscillators
/// driven by a scalar input u(t), with state (y, z) = (y, y'):
///
///     y' = z,    z' = σ(W y + 𝒲 z + V u(t) + b) − γ y − ε z.
///
/// The paper's SHO, FHO, FDO, CFDO, DUFF and coRNN examples are special cases (σ = identity, tanh, or
/// x − x³/3). State layout: [y_1 … y_m, z_1 … z_m].
public struct CoupledOscillators: ODESystem {
    /// The activation σ.
    public enum Activation: String, Codable, Sendable, CaseIterable {
        case identity
        case tanh
        /// σ(x) = x − x³/3, the Duffing-type truncation of tanh (SM eq. 18).
        case duffing

        @inline(__always) func apply(_ x: Double) -> Double {
            switch self {
            case .identity: return x
            case .tanh: return Foundation.tanh(x)
            case .duffing: return x - x * x * x / 3
            }
        }
    }

    /// W (m×m), the coupling to positions y.
    public var w: [[Double]]
    /// 𝒲 (m×m), the coupling to velocities z.
    public var wVelocity: [[Double]]
    /// V (m), the weight of the scalar input.
    public var v: [Double]
    /// b (m).
    public var b: [Double]
    public var gamma: Double
    public var epsilon: Double
    public var activation: Activation
    public var input: ScalarSignal

    public init(w: [[Double]], wVelocity: [[Double]], v: [Double], b: [Double], gamma: Double, epsilon: Double,
                activation: Activation, input: ScalarSignal) {
        let m = v.count
        precondition(w.count == m && w.allSatisfy { $0.count == m }, "W must be \(m)×\(m)")
        precondition(wVelocity.count == m && wVelocity.allSatisfy { $0.count == m }, "𝒲 must be \(m)×\(m)")
        precondition(b.count == m, "b must have \(m) entries")
        self.w = w
        self.wVelocity = wVelocity
        self.v = v
        self.b = b
        self.gamma = gamma
        self.epsilon = epsilon
        self.activation = activation
        self.input = input
    }

    /// Number of oscillators m.
    public var oscillators: Int { v.count }
    public var dimension: Int { 2 * v.count }

    public func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into dx: UnsafeMutableBufferPointer<Double>) {
        let m = v.count
        let u = input.value(at: time)
        for i in 0..<m {
            var drive = v[i] * u + b[i]
            for j in 0..<m { drive += w[i][j] * x[j] + wVelocity[i][j] * x[m + j] }
            dx[i] = x[m + i]
            dx[m + i] = activation.apply(drive) - gamma * x[i] - epsilon * x[m + i]
        }
    }
}

/// A scalar input signal u(t).
public enum ScalarSignal: Sendable, Equatable, Codable {
    case constant(Double)
    /// amplitude · cos(frequency · t).
    case cosine(amplitude: Double, frequency: Double)
    /// `levels[k]` from `times[k]` on (until the next time); `initial` before `times[0]`.
    case steps(initial: Double, times: [Double], levels: [Double])

    public func value(at t: Double) -> Double {
        switch self {
        case .constant(let c): return c
        case .cosine(let amplitude, let frequency): return amplitude * cos(frequency * t)
        case .steps(let initial, let times, let levels):
            var value = initial
            for (time, level) in zip(times, levels) where t >= time { value = level }
            return value
        }
    }

    /// Times where the signal jumps; fixed-step integrators should put step boundaries there.
    public var discontinuities: [Double] {
        if case .steps(_, let times, _) = self { return times }
        return []
    }
}

extension CoupledOscillators {
    /// RK4 from t = 0 to `tEnd` with step `dt`, restarting at every jump of the input so that no step
    /// straddles a discontinuity (each piece sees the constant input level of its interval). Jump times
    /// and `tEnd` should be multiples of `dt`; the last step of a piece is shortened otherwise.
    public func integrateRK4(from x0: [Double], tEnd: Double, dt: Double) -> Trajectory {
        let cuts = input.discontinuities.filter { $0 > 0 && $0 < tEnd }.sorted()
        let bounds = [0] + cuts + [tEnd]
        var trajectory = Trajectory(dimension: dimension)
        var state = x0
        for (start, end) in zip(bounds, bounds.dropFirst()) where end > start {
            var piece = self
            if !cuts.isEmpty { piece.input = .constant(input.value(at: 0.5 * (start + end))) }
            let steps = max(1, Int((end - start) / dt + 0.5))
            let segment = RK4.integrate(piece, from: state, t0: start, dt: (end - start) / Double(steps), steps: steps)
            trajectory.append(contentsOf: segment)
            guard segment.count == steps + 1, let last = segment.last else { break }  // blew up
            state = last
        }
        return trajectory
    }
}
