/// An autonomous or time-dependent system of first-order ODEs, x' = f(x, t).
///
/// Integrators call the buffer variant, which writes into caller-owned storage so that the inner
/// loop of a long integration allocates nothing; conforming types only need to implement that one.
public protocol ODESystem: Sendable {
    /// Number of state variables.
    var dimension: Int { get }
    /// f(x, t) as a fresh array (convenient, allocates).
    func derivative(_ state: [Double], time: Double) -> [Double]
    /// f(x, t) written into `into` (length `dimension`), without allocating.
    func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into: UnsafeMutableBufferPointer<Double>)
}

extension ODESystem {
    public func derivative(_ state: [Double], time: Double) -> [Double] {
        precondition(state.count == dimension, "state has \(state.count) components, system has \(dimension)")
        var out = [Double](repeating: 0, count: dimension)
        state.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { dx in derivative(x, time: time, into: dx) }
        }
        return out
    }
}
