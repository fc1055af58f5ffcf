import Randomness

/// How often the latent state is replaced by B⁺x_t during training (the learning interval τ of P2).
public enum ForcingInterval: Sendable, Equatable, Codable {
    /// No forcing after the initial state z_0 = B⁺x_0 of each window: classical BPTT.
    case none
    /// Every τ steps (forcing times t = τ, 2τ, … within a window; z_0 = B⁺x_0 always).
    case fixed(Int)
    /// τ drawn per batch from U{τ−Δ, …, τ+Δ} (lower end clamped at 1), as ChaosRNN `--random 1`.
    case random(Int, spread: Int)
    /// τ_epoch = ⌊(τ−1)·epoch/epochs⌋ + 1, the ramp hard-coded (`self.annealing = True`) in the released code.
    case annealed(Int)

    /// The interval for one batch (nil = no forcing).
    public func interval(epoch: Int, epochs: Int, generator: inout Generator) -> Int? {
        switch self {
        case .none: return nil
        case .fixed(let tau): return tau
        case .random(let tau, let spread):
            let low = max(1, tau - spread), high = tau + spread
            return low + generator.integer(below: high - low + 1)
        case .annealed(let tau):
            return Int(Double(tau - 1) / Double(epochs) * Double(epoch)) + 1
        }
    }
}
