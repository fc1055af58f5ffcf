/// The deterministic piecewise-linear RNN map of Koppe et al. (2019) / the rPLRNN paper (eq. 1 without noise):
/// z_t = A z_{t−1} + W φ(z_{t−1}) + C s_t + h,  A diagonal, φ = ReLU.
///
/// Within each orthant (each pattern of which units are positive) the map is affine, so fixed points,
/// flow and nullclines can be computed exactly region by region.
public struct PLRNNMap: Sendable, Equatable, Codable {
    /// Diagonal of A (length M).
    public var a: [Double]
    /// W (M×M, row-major rows); the model keeps its diagonal at 0, but any W is accepted.
    public var w: [[Double]]
    /// C (M×K rows); K = 0 when there are no inputs.
    public var c: [[Double]]
    /// h (length M).
    public var h: [Double]

    public init(a: [Double], w: [[Double]], c: [[Double]] = [], h: [Double]) {
        let m = a.count
        precondition(w.count == m && w.allSatisfy { $0.count == m }, "W must be \(m)×\(m)")
        precondition(h.count == m, "h must have \(m) entries")
        precondition(c.isEmpty || (c.count == m && Set(c.map(\.count)).count == 1), "C must have \(m) rows of equal length")
        self.a = a
        self.w = w
        self.c = c
        self.h = h
    }

    /// Number of latent units M.
    public var dimension: Int { a.count }
    /// Number of inputs K.
    public var inputDimension: Int { c.first?.count ?? 0 }

    /// One step of the map; `input` may be nil or empty for s_t = 0.
    public func step(_ z: [Double], input: [Double]? = nil) -> [Double] {
        let m = dimension
        var next = [Double](repeating: 0, count: m)
        for i in 0..<m {
            var value = a[i] * z[i] + h[i]
            for j in 0..<m where w[i][j] != 0 { value += w[i][j] * max(z[j], 0) }
            if let input, !input.isEmpty {
                for k in 0..<input.count where c[i][k] != 0 { value += c[i][k] * input[k] }
            }
            next[i] = value
        }
        return next
    }

    /// Iterates the map `steps` times from `z0` (inputs[t − 1] is s_t when given), returning z_0 … z_steps
    /// with times 0 … steps.
    public func iterate(from z0: [Double], steps: Int, inputs: [[Double]]? = nil) -> Trajectory {
        precondition(z0.count == dimension)
        precondition(inputs == nil || inputs!.count >= steps, "need one input per step")
        var trajectory = Trajectory(dimension: dimension)
        trajectory.reserveCapacity(steps + 1)
        var z = z0
        trajectory.append(time: 0, state: z)
        for t in 0..<steps {
            z = step(z, input: inputs?[t])
            trajectory.append(time: Double(t + 1), state: z)
        }
        return trajectory
    }

    /// The increment z_{t+1} − z_t at `z` (the discrete "flow").
    public func increment(at z: [Double], input: [Double]? = nil) -> [Double] {
        let next = step(z, input: input)
        return (0..<dimension).map { next[$0] - z[$0] }
    }

    /// The affine form of unit i's increment inside the orthant `positive` (positive[j] ⇔ z_j > 0):
    /// Δz_i = Σ_j coefficients[j] z_j + offset.
    public func incrementForm(unit i: Int, positive: [Bool], input: [Double]? = nil) -> (coefficients: [Double], offset: Double) {
        let m = dimension
        var coefficients = [Double](repeating: 0, count: m)
        coefficients[i] = a[i] - 1
        for j in 0..<m where positive[j] { coefficients[j] += w[i][j] }
        var offset = h[i]
        if let input, !input.isEmpty { for k in 0..<input.count { offset += c[i][k] * input[k] } }
        return (coefficients, offset)
    }
}
