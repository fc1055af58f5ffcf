/// The van der Pol oscillator as a first-order system in (x, v = x'):
/// x'' − μ (1 − x²) x' + x = 0. Every non-zero state approaches a limit cycle (amplitude ≈ 2 for small μ).
public struct VanDerPol: ODESystem {
    public var mu: Double

    public init(mu: Double = 1) { self.mu = mu }

    public var dimension: Int { 2 }

    public func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into dx: UnsafeMutableBufferPointer<Double>) {
        dx[0] = x[1]
        dx[1] = mu * (1 - x[0] * x[0]) * x[1] - x[0]
    }
}
