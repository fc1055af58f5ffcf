import Configuration
import Foundation
import Models
import Randomness
import Training

/// The recurrent models compared in the coRNN paper's benchmarks (P3 Fig. 1, Fig. 2, Table 1), by
/// the names the YAML files use.
public enum CoRNNBenchmarkModel: String, ConfigEnum {
    case coRNN, expRNN, fastRNN, antisymmetricRNN, tanhRNN, lstm, gru

    /// Legend label as the paper prints it.
    public var label: String {
        switch self {
        case .coRNN: return "coRNN"
        case .expRNN: return "expRNN"
        case .fastRNN: return "FastRNN"
        case .antisymmetricRNN: return "anti.sym. RNN"
        case .tanhRNN: return "tanh RNN"
        case .lstm: return "LSTM"
        case .gru: return "GRU"
        }
    }

    /// Forward multiply-adds per sample and time step with M units and K inputs (read-out ignored),
    /// used to scale measured step costs between sizes.
    func multiplyAdds(hidden m: Int, inputs k: Int) -> Double {
        let m = Double(m), k = Double(k)
        switch self {
        case .coRNN: return (2 * m + k) * m
        case .expRNN, .fastRNN, .antisymmetricRNN, .tanhRNN: return (m + k) * m
        case .lstm: return 4 * (m + k) * m
        case .gru: return 3 * (m + k) * m
        }
    }
}

/// Which optimiser a model trains with.
public enum CoRNNOptimizerKind: String, ConfigEnum {
    case adam, rmsprop
}

/// One model's training settings. coRNN reads `dt`, `gamma`, `epsilon`; the antisymmetric RNN reads
/// `step` (ϵ) and `diffusion` (γ); the others use neither. `clip` (optional, any model) bounds the global
/// gradient 2-norm like `clip_grad_norm_`; the reference code never clips.
public struct CoRNNModelSettings: Codable, Sendable, Equatable, Hashable {
    public var model: CoRNNBenchmarkModel
    public var optimizer: CoRNNOptimizerKind
    public var lr: Double
    public var dt: Double?
    public var gamma: Double?
    public var epsilon: Double?
    public var step: Double?
    public var diffusion: Double?
    public var clip: Double?

    public init(model: CoRNNBenchmarkModel, optimizer: CoRNNOptimizerKind, lr: Double, dt: Double? = nil, gamma: Double? = nil,
                epsilon: Double? = nil, step: Double? = nil, diffusion: Double? = nil, clip: Double? = nil) {
        self.model = model
        self.optimizer = optimizer
        self.lr = lr
        self.dt = dt
        self.gamma = gamma
        self.epsilon = epsilon
        self.step = step
        self.diffusion = diffusion
        self.clip = clip
    }

    /// The clipping `clip` asks for (none when absent, as in the reference code).
    public var clipping: GradientClipping { clip.map { .norm(maximum: $0) } ?? .none }

    /// Rejects missing or non-positive hyper-parameters; `key` names the YAML entry in messages.
    func validate(key: String) throws {
        guard lr > 0 else { throw ConfigurationError.outOfRange(key: "\(key).lr", value: "\(lr)", range: "> 0") }
        if let clip, !(clip > 0) {
            throw ConfigurationError.outOfRange(key: "\(key).clip", value: "\(clip)", range: "> 0 (or absent: no clipping)")
        }
        func positive(_ value: Double?, _ name: String) throws {
            guard let value else { throw ConfigurationError(key: "\(key).\(name)", message: "is required for \(model.rawValue)") }
            guard value > 0 else { throw ConfigurationError.outOfRange(key: "\(key).\(name)", value: "\(value)", range: "> 0") }
        }
        switch model {
        case .coRNN:
            try positive(dt, "dt")
            try positive(gamma, "gamma")
            try positive(epsilon, "epsilon")
        case .antisymmetricRNN:
            try positive(step, "step")
            try positive(diffusion, "diffusion")
        default: break
        }
    }

    /// Short description of the hyper-parameters for captions and tables.
    public var summary: String {
        var parts = ["\(optimizer == .adam ? "Adam" : "RMSprop") lr \(Self.format(lr))"]
        if model == .coRNN, let dt, let gamma, let epsilon {
            parts.append("Δt \(Self.format(dt)), γ \(Self.format(gamma)), ε \(Self.format(epsilon))")
        }
        if model == .antisymmetricRNN, let step, let diffusion {
            parts.append("ϵ \(Self.format(step)), γ \(Self.format(diffusion))")
        }
        if let clip { parts.append("gradient norm clipped at \(Self.format(clip))") }
        return parts.joined(separator: ", ")
    }

    static func format(_ x: Double) -> String { String(format: "%g", x) }
}

/// Something done with a freshly initialised model whose concrete type depends on the configuration.
protocol CoRNNModelVisitor {
    associatedtype Result
    func visit<M: RecurrentModel>(_ model: M) throws -> Result where M.Scalar == Float
}

extension CoRNNModelSettings {
    /// Builds the model (Float, the reference code's precision) with each model's reference
    /// initialisation and hands it to `visitor`.
    func withModel<V: CoRNNModelVisitor>(inputs: Int, hidden: Int, outputs: Int, generator: inout Generator, _ visitor: V) throws -> V.Result {
        switch model {
        case .coRNN:
            return try visitor.visit(CoRNN<Float>(inputSize: inputs, hiddenSize: hidden, outputSize: outputs, dt: Float(dt ?? 0.06),
                                                  gamma: Float(gamma ?? 66), epsilon: Float(epsilon ?? 15), generator: &generator))
        case .expRNN:
            return try visitor.visit(ExpRNN<Float>(inputSize: inputs, hiddenSize: hidden, outputSize: outputs, generator: &generator))
        case .fastRNN:
            return try visitor.visit(FastRNN<Float>(inputSize: inputs, hiddenSize: hidden, outputSize: outputs, generator: &generator))
        case .antisymmetricRNN:
            return try visitor.visit(AntisymmetricRNN<Float>(inputSize: inputs, hiddenSize: hidden, outputSize: outputs,
                                                             step: Float(step ?? 0.01), diffusion: Float(diffusion ?? 0.01),
                                                             generator: &generator))
        case .tanhRNN:
            return try visitor.visit(ElmanRNN<Float>(inputSize: inputs, hiddenSize: hidden, outputSize: outputs, variant: .tanhRNN,
                                                     generator: &generator))
        case .lstm:
            // PyTorch default initialisation (the coRNN comparisons used plain nn.LSTM).
            return try visitor.visit(LSTM<Float>(inputSize: inputs, hiddenSize: hidden, outputSize: outputs, forgetGateBias: nil,
                                                 generator: &generator))
        case .gru:
            return try visitor.visit(GRU<Float>(inputSize: inputs, hiddenSize: hidden, outputSize: outputs, generator: &generator))
        }
    }
}
