/// A sampled solution of an ODE: times and the state at each time, stored flat in row-major order
/// (sample by sample) so that long trajectories are one allocation.
public struct Trajectory: Sendable, Equatable {
    /// Sample times, increasing.
    public private(set) var times: [Double]
    /// `count × dimension` values, row-major: `values[i * dimension + j]` is component j at sample i.
    public private(set) var values: [Double]
    /// Number of state variables.
    public let dimension: Int

    public init(dimension: Int) {
        precondition(dimension > 0)
        self.dimension = dimension
        self.times = []
        self.values = []
    }

    public init(dimension: Int, times: [Double], values: [Double]) {
        precondition(values.count == times.count * dimension, "values must hold times.count × dimension numbers")
        self.dimension = dimension
        self.times = times
        self.values = values
    }

    /// Number of samples.
    public var count: Int { times.count }

    /// The states as an array of arrays (allocates; for small trajectories and tests).
    public var states: [[Double]] { (0..<count).map { state(at: $0) } }

    /// The state at sample `index`.
    public func state(at index: Int) -> [Double] {
        Array(values[(index * dimension)..<((index + 1) * dimension)])
    }

    /// The time course of component `j`.
    public func component(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < dimension)
        return stride(from: j, to: values.count, by: dimension).map { values[$0] }
    }

    /// Component j at sample i.
    public subscript(_ i: Int, _ j: Int) -> Double { values[i * dimension + j] }

    /// The last state, if any.
    public var last: [Double]? { count == 0 ? nil : state(at: count - 1) }

    public mutating func reserveCapacity(_ samples: Int) {
        times.reserveCapacity(samples)
        values.reserveCapacity(samples * dimension)
    }

    /// Appends one sample.
    public mutating func append(time: Double, state: UnsafeBufferPointer<Double>) {
        precondition(state.count == dimension)
        times.append(time)
        values.append(contentsOf: state)
    }

    /// Appends one sample.
    public mutating func append(time: Double, state: [Double]) {
        state.withUnsafeBufferPointer { append(time: time, state: $0) }
    }

    /// Appends the samples of `other`, skipping its first sample if it repeats this one's last time
    /// (how piecewise integrations are joined).
    public mutating func append(contentsOf other: Trajectory) {
        precondition(other.dimension == dimension)
        var start = 0
        if let lastTime = times.last, let first = other.times.first,
           abs(first - lastTime) <= 1e-12 * max(1, abs(lastTime)) { start = 1 }
        guard start < other.count else { return }
        times.append(contentsOf: other.times[start...])
        values.append(contentsOf: other.values[(start * dimension)...])
    }
}
