import Foundation
import HDF5
import LinearAlgebra
import Models
import Randomness
import Tasks

/// The model kinds a gradient probe can build (the `--model` values of `repro probe`).
public enum ProbeModelKind: String, Sendable, Equatable, Codable, CaseIterable {
    case plrnn, iplrnn, rplrnn
    case rnn, l2rnn, irnn, nprnn, ornn
    case tanhRNN = "tanh-rnn"
    case lstm, gru, cornn, fastrnn
    case antisymmetricRNN = "antisymmetric-rnn"
    case exprnn
}

/// The loss and read-out of a gradient probe, each with its own synthetic batch:
/// `mse-last` is coRNN's adding problem (K = 2, one output, target at the last step); `mse-all` has
/// N(0, 1) inputs (K = 2) and N(0, 1) targets (2 outputs) at every step; `cross-entropy` has N(0, 1)
/// inputs (K = 3), 4 logits at the last step and class-index targets (stored as floats, batch × 1);
/// `bce` has N(0, 1) inputs (K = 3), 2 logits at the last step and 0/1 targets.
public enum ProbeLoss: String, Sendable, Equatable, Codable, CaseIterable {
    case mseLast = "mse-last"
    case mseAll = "mse-all"
    case crossEntropy = "cross-entropy"
    case bce

    public var loss: Loss {
        switch self {
        case .mseLast, .mseAll: return .meanSquaredError
        case .crossEntropy: return .crossEntropy
        case .bce: return .binaryCrossEntropyWithLogits
        }
    }

    public var readout: ReadoutSteps { self == .mseAll ? .all : .last }
    public var inputSize: Int { self == .mseLast || self == .mseAll ? 2 : 3 }
    public var outputSize: Int {
        switch self {
        case .mseLast: return 1
        case .mseAll, .bce: return 2
        case .crossEntropy: return 4
        }
    }
}

/// What a gradient probe computes: model kind, sizes, seed, loss, and the hyper-parameters the model
/// kinds take (unused ones are ignored and not written).
public struct GradientProbeSettings: Sendable, Equatable {
    public var model: ProbeModelKind
    public var hiddenSize: Int
    public var steps: Int
    public var batchSize: Int
    public var seed: UInt64
    public var loss: ProbeLoss
    /// coRNN Δt, γ, ε (defaults: P3 Table 8, sMNIST 128 units), damping and whether Δt, γ, ε are parameters.
    public var dt = 5.3e-2
    public var gamma = 1.7
    public var epsilon = 4.0
    public var damping: CoRNNDamping = .explicit
    public var trainableHyperparameters = false
    /// rPLRNN τ and regularised fraction (P1 benchmarks: τ = 5, M_reg/M = 0.5; reference-code means).
    public var rplrnnTau = 5.0
    public var rplrnnFraction = 0.5
    /// rPLRNN penalty reduction: means (reference code, default) or sums (P1′ eq. 4).
    public var rplrnnReduction: PLRNNRegularization.Reduction = .mean
    /// L2RNN penalty τ·Σw² on W_ih, W_hh and the read-out weight (applied, unlike the published runs).
    public var l2Tau = 0.01
    /// Antisymmetric RNN step ϵ and diffusion γ.
    public var antisymmetricStep = 0.1
    public var antisymmetricDiffusion = 0.1
    /// Standard deviation of Gaussian noise added to every parameter after initialisation (from the seed's
    /// "perturbation" child stream; 0 = none). Moves structured initialisations (iPLRNN/rPLRNN line-attractor
    /// units, where the regulariser and its gradient vanish; iRNN's identity) off their special points.
    public var perturbation = 0.0

    public init(model: ProbeModelKind, hiddenSize: Int = 6, steps: Int = 8, batchSize: Int = 3, seed: UInt64 = 1,
                loss: ProbeLoss = .mseLast) {
        self.model = model
        self.hiddenSize = hiddenSize
        self.steps = steps
        self.batchSize = batchSize
        self.seed = seed
        self.loss = loss
    }
}

/// A typed HDF5 attribute value of a probe file.
public enum ProbeAttribute: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
}

/// One model's parameters, one batch, the loss and dL/dθ for every parameter, written to HDF5 so an
/// independent implementation (`scripts/check_probe.py`, PyTorch) can recompute both and compare.
///
/// File layout (same `/model` group as `Checkpoint`):
///
///     /model/<name>            parameters, rows × columns (vectors M×1); attribute parameter_names (JSON, model order)
///     /gradients/<name>        d(loss)/d(parameter), same shapes; attribute parameter_names
///     /batch/inputs            T × B × K
///     /batch/targets           S × B × O (S = 1 for a last-step read-out, T for every step;
///                              class indices as floats, O = 1, for cross-entropy)
///     /loss                    scalar (shape [1]): data loss + regularisation, the objective differentiated
///     /data_loss, /regularization   its two parts
///     /  attributes format, version, scalar, model, loss (mse|cross_entropy|bce_with_logits), probe_loss,
///                  readout (last|all), hidden_size, input_size, output_size, steps, batch_size, seed,
///                  plus the model's hyper-parameters (see `hyperparameters`)
public struct GradientProbe<Scalar: BLASScalar & HDF5Scalar>: Sendable, Equatable {
    public var settings: GradientProbeSettings
    public var parameters: [Parameter<Scalar>]
    public var batch: Batch<Scalar>
    public var dataLoss: Scalar
    public var regularization: Scalar
    /// d(dataLoss + regularization)/dθ, in `parameters` order.
    public var gradients: [Matrix<Scalar>]
    /// Model hyper-parameters, written as root attributes (coRNN dt/gamma/epsilon/damping, PLRNN regulariser, …).
    public var hyperparameters: [String: ProbeAttribute]

    public var loss: Scalar { dataLoss + regularization }

    static var format: String { "paperrepro.gradient-probe" }
    static var scalarName: String { Scalar.self == Float.self ? "float32" : "float64" }

    /// Builds the model and batch `settings` describe (model from the seed's "model" child stream, batch
    /// from its "batch" child) and evaluates loss and gradients exactly as `Trainer.step` does.
    public init(settings: GradientProbeSettings) {
        self.settings = settings
        let root = Generator(seed: settings.seed)
        var modelGenerator = root.child("model")
        var batchGenerator = root.child("batch")
        batch = Self.makeBatch(settings, &batchGenerator)
        let s = settings
        let k = s.loss.inputSize, m = s.hiddenSize, o = s.loss.outputSize
        var hyper: [String: ProbeAttribute] = [:]
        let result: (parameters: [Parameter<Scalar>], dataLoss: Scalar, regularization: Scalar, gradients: [Matrix<Scalar>])
        switch s.model {
        case .plrnn, .iplrnn, .rplrnn:
            let variant: PLRNNVariant = s.model == .plrnn ? .plrnn : s.model == .iplrnn ? .iPLRNN
                : .rPLRNN(tau: s.rplrnnTau, fraction: s.rplrnnFraction, reduction: s.rplrnnReduction)
            let model = PLRNN<Scalar>(inputSize: k, hiddenSize: m, outputSize: o, variant: variant, generator: &modelGenerator)
            if let r = model.regularizer {
                hyper["regularizer"] = .string(r.penalty == .lineAttractor ? "line_attractor" : "quartic_decay")
                hyper["regularizer_units"] = .int(r.units)
                hyper["regularizer_tau_a"] = .double(r.tauA)
                hyper["regularizer_tau_w"] = .double(r.tauW)
                hyper["regularizer_tau_h"] = .double(r.tauH)
                hyper["regularizer_reduction"] = .string(r.reduction == .mean ? "mean" : "sum")
            } else {
                hyper["regularizer"] = .string("none")
            }
            result = Self.perturbAndEvaluate(model, batch, s)
        case .rnn, .l2rnn, .irnn, .nprnn, .ornn, .tanhRNN:
            let variant: ElmanVariant
            switch s.model {
            case .l2rnn: variant = .l2RNN(tau: s.l2Tau, effective: true)
            case .irnn: variant = .iRNN
            case .nprnn: variant = .npRNN
            case .ornn: variant = .oRNN
            case .tanhRNN: variant = .tanhRNN
            default: variant = .rnn
            }
            let model = ElmanRNN<Scalar>(inputSize: k, hiddenSize: m, outputSize: o, variant: variant, generator: &modelGenerator)
            hyper["activation"] = .string(model.activation.rawValue)
            hyper["l2_tau"] = .double(model.l2?.tau ?? 0)
            hyper["l2_include_biases"] = .int(model.l2?.includeBiases == true ? 1 : 0)
            result = Self.perturbAndEvaluate(model, batch, s)
        case .lstm:
            result = Self.perturbAndEvaluate(LSTM<Scalar>(inputSize: k, hiddenSize: m, outputSize: o, generator: &modelGenerator), batch, s)
        case .gru:
            result = Self.perturbAndEvaluate(GRU<Scalar>(inputSize: k, hiddenSize: m, outputSize: o, generator: &modelGenerator), batch, s)
        case .cornn:
            let model = CoRNN<Scalar>(inputSize: k, hiddenSize: m, outputSize: o, dt: Scalar(s.dt), gamma: Scalar(s.gamma),
                                      epsilon: Scalar(s.epsilon), damping: s.damping,
                                      trainableHyperparameters: s.trainableHyperparameters, generator: &modelGenerator)
            hyper["dt"] = .double(Double(model.dt))
            hyper["gamma"] = .double(Double(model.gamma))
            hyper["epsilon"] = .double(Double(model.epsilon))
            hyper["damping"] = .string(model.damping.rawValue)
            hyper["trainable_hyperparameters"] = .int(model.trainableHyperparameters ? 1 : 0)
            result = Self.perturbAndEvaluate(model, batch, s)
        case .fastrnn:
            result = Self.perturbAndEvaluate(FastRNN<Scalar>(inputSize: k, hiddenSize: m, outputSize: o, generator: &modelGenerator), batch, s)
        case .antisymmetricRNN:
            let model = AntisymmetricRNN<Scalar>(inputSize: k, hiddenSize: m, outputSize: o, step: Scalar(s.antisymmetricStep),
                                                 diffusion: Scalar(s.antisymmetricDiffusion), generator: &modelGenerator)
            hyper["step"] = .double(Double(model.step))
            hyper["diffusion"] = .double(Double(model.diffusion))
            result = Self.perturbAndEvaluate(model, batch, s)
        case .exprnn:
            result = Self.perturbAndEvaluate(ExpRNN<Scalar>(inputSize: k, hiddenSize: m, outputSize: o, generator: &modelGenerator), batch, s)
        }
        parameters = result.parameters
        dataLoss = result.dataLoss
        regularization = result.regularization
        gradients = result.gradients
        hyperparameters = hyper
    }

    /// `evaluate` after adding the settings' perturbation to every parameter.
    static func perturbAndEvaluate<Model: RecurrentModel>(_ model: Model, _ batch: Batch<Scalar>, _ s: GradientProbeSettings)
        -> (parameters: [Parameter<Scalar>], dataLoss: Scalar, regularization: Scalar, gradients: [Matrix<Scalar>])
        where Model.Scalar == Scalar {
        var model = model
        if s.perturbation > 0 {
            var g = Generator(seed: s.seed).child("perturbation")
            var p = model.parameters
            for k in p.indices {
                for i in p[k].value.storage.indices { p[k].value.storage[i] += Scalar(s.perturbation * g.normal()) }
            }
            model.parameters = p
        }
        return evaluate(model, batch, s.loss)
    }

    /// Loss and gradients of `model` on `batch`, as `Trainer.step` computes them before clipping:
    /// data loss through `backward`, plus the model's regulariser and its gradient.
    public static func evaluate<Model: RecurrentModel>(_ model: Model, _ batch: Batch<Scalar>, _ loss: ProbeLoss)
        -> (parameters: [Parameter<Scalar>], dataLoss: Scalar, regularization: Scalar, gradients: [Matrix<Scalar>])
        where Model.Scalar == Scalar {
        let (outputs, tape) = model.forward(batch.inputs, readout: loss.readout)
        let (value, outputGradients) = loss.loss.evaluate(outputs: outputs, targets: batch.targets)
        var gradients = model.backward(tape, outputGradients: outputGradients)
        let penalty = model.regularization()
        for k in gradients.indices { gradients[k].add(penalty.gradients[k]) }
        return (model.parameters, value, penalty.loss, gradients)
    }

    /// The probe's batch, drawn from `generator`.
    static func makeBatch(_ s: GradientProbeSettings, _ g: inout Generator) -> Batch<Scalar> {
        let k = s.loss.inputSize, o = s.loss.outputSize, n = s.batchSize, t = s.steps
        func gaussian(_ rows: Int, _ columns: Int) -> Matrix<Scalar> {
            Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in Scalar(g.normal()) })
        }
        switch s.loss {
        case .mseLast:
            let b: SequenceBatch<Scalar> = AddingProblem(steps: t).nextBatch(size: n, generator: &g)
            return Batch(inputs: b.inputs, targets: b.targets)
        case .mseAll:
            let inputs = (0..<t).map { _ in gaussian(n, k) }
            return Batch(inputs: inputs, targets: (0..<t).map { _ in gaussian(n, o) })
        case .crossEntropy:
            let inputs = (0..<t).map { _ in gaussian(n, k) }
            let labels = Matrix<Scalar>(rows: n, columns: 1, storage: (0..<n).map { _ in Scalar(g.integer(below: o)) })
            return Batch(inputs: inputs, targets: [labels])
        case .bce:
            let inputs = (0..<t).map { _ in gaussian(n, k) }
            let labels = Matrix<Scalar>(rows: n, columns: o, storage: (0..<(n * o)).map { _ in g.uniform() < 0.5 ? 0 : 1 })
            return Batch(inputs: inputs, targets: [labels])
        }
    }

    /// Writes the probe as a new HDF5 file at `url` (overwriting it).
    public func write(to url: URL) throws {
        let file = try HDF5File.create(url)
        let root = file.root
        let s = settings
        let k = batch.inputs[0].columns, n = batch.size
        var attributes: [String: ProbeAttribute] = [
            "format": .string(Self.format), "version": .int(1), "scalar": .string(Self.scalarName),
            "model": .string(s.model.rawValue), "probe_loss": .string(s.loss.rawValue),
            "readout": .string(s.loss.readout == .last ? "last" : "all"),
            "hidden_size": .int(s.hiddenSize), "input_size": .int(k), "output_size": .int(s.loss.outputSize),
            "steps": .int(batch.inputs.count), "batch_size": .int(n), "seed": .string(String(s.seed)),
            "perturbation": .double(s.perturbation),
        ]
        switch s.loss.loss {
        case .meanSquaredError: attributes["loss"] = .string("mse")
        case .crossEntropy: attributes["loss"] = .string("cross_entropy")
        case .binaryCrossEntropyWithLogits: attributes["loss"] = .string("bce_with_logits")
        }
        attributes.merge(hyperparameters) { first, _ in first }
        for (name, value) in attributes.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .string(let v): try root.setAttribute(name, v)
            case .int(let v): try root.setAttribute(name, v)
            case .double(let v): try root.setAttribute(name, v)
            }
        }
        try Checkpoint<Scalar>.writeParameters(parameters, to: root.createGroup("model"))
        let gradientParameters = zip(parameters, gradients).map { Parameter($0.name, $1) }
        try Checkpoint<Scalar>.writeParameters(gradientParameters, to: root.createGroup("gradients"))

        let group = try root.createGroup("batch")
        try group.write(NDArray(shape: [batch.inputs.count, n, k], values: batch.inputs.flatMap(\.storage)), to: "inputs", compression: 0)
        let o = batch.targets[0].columns
        try group.write(NDArray(shape: [batch.targets.count, n, o], values: batch.targets.flatMap(\.storage)), to: "targets", compression: 0)
        try root.write([loss], to: "loss")
        try root.write([dataLoss], to: "data_loss")
        try root.write([regularization], to: "regularization")
        try file.close()
    }

    /// The parts of a probe file needed to check it: parameters, gradients, batch and the three loss values.
    public struct Contents: Sendable, Equatable {
        public var model: String
        public var parameters: [Parameter<Scalar>]
        public var gradients: [Parameter<Scalar>]
        public var inputs: NDArray<Scalar>
        public var targets: NDArray<Scalar>
        public var loss: Scalar
        public var dataLoss: Scalar
        public var regularization: Scalar
    }

    /// Reads back a file written by `write(to:)` with the same scalar type.
    public static func read(from url: URL) throws -> Contents {
        let file = try HDF5File.open(url)
        defer { try? file.close() }
        let root = file.root
        guard (try? root.stringAttribute("format")) == format else { throw CheckpointError("\(url.path) is not a gradient probe") }
        let scalar = try root.stringAttribute("scalar")
        guard scalar == scalarName else { throw CheckpointError("probe holds \(scalar), expected \(scalarName)") }
        func scalarValue(_ name: String) throws -> Scalar {
            let values = try root.read(name, as: Scalar.self).values
            guard values.count == 1 else { throw CheckpointError("\(name) has \(values.count) values, expected 1") }
            return values[0]
        }
        return Contents(
            model: try root.stringAttribute("model"),
            parameters: try Checkpoint<Scalar>.readParameters(root.group("model")),
            gradients: try Checkpoint<Scalar>.readParameters(root.group("gradients")),
            inputs: try root.group("batch").read("inputs", as: Scalar.self),
            targets: try root.group("batch").read("targets", as: Scalar.self),
            loss: try scalarValue("loss"), dataLoss: try scalarValue("data_loss"), regularization: try scalarValue("regularization"))
    }
}
