import Foundation

/// The periodically forced Duffing oscillator as a first-order system in (x, v = x'):
/// x'' + δ x' + α x + β x³ = γ cos(ω t).
/// δ = 0.1, α = −1, β = 1, γ = 0.35, ω = 1.4 is the chaotic double-well setting that PROTOCOLS.md
/// infers for the ChaosRNN Duffing data.
public struct ForcedDuffing: ODESystem {
    public var delta: Double
    public var alpha: Double
    public var beta: Double
    public var gamma: Double
    public var omega: Double

    public init(delta: Double = 0.1, alpha: Double = -1, beta: Double = 1, gamma: Double = 0.35, omega: Double = 1.4) {
        self.delta = delta
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.omega = omega
    }

    public var dimension: Int { 2 }

    public func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into dx: UnsafeMutableBufferPointer<Double>) {
        let position = x[0], velocity = x[1]
        dx[0] = velocity
        dx[1] = gamma * cos(omega * time) - delta * velocity - alpha * position - beta * position * position * position
    }
}
