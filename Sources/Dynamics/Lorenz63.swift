/// The Lorenz (1963) convection model:
/// x' = σ(y − x),  y' = x(ρ − z) − y,  z' = xy − βz.
/// The classic chaotic attractor is σ = 10, ρ = 28, β = 8/3.
public struct Lorenz63: ODESystem {
    public var sigma: Double
    public var rho: Double
    public var beta: Double

    public init(sigma: Double = 10, rho: Double = 28, beta: Double = 8.0 / 3.0) {
        self.sigma = sigma
        self.rho = rho
        self.beta = beta
    }

    public var dimension: Int { 3 }

    public func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into dx: UnsafeMutableBufferPointer<Double>) {
        dx[0] = sigma * (x[1] - x[0])
        dx[1] = x[0] * (rho - x[2]) - x[1]
        dx[2] = x[0] * x[1] - beta * x[2]
    }
}
