import ArgumentParser
import Foundation
import Models
import Training

/// `repro probe`: writes one model's parameters, a batch, the loss and every parameter's gradient to an
/// HDF5 file, for `scripts/check_probe.py` (or any other independent implementation) to recompute.
struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Write a gradient probe (parameters, batch, loss, gradients) of one model to HDF5.",
        discussion: """
            Check it against PyTorch with:  python3 scripts/check_probe.py probe.h5
            Batches: mse-last = adding problem (K 2, 1 output); mse-all = N(0,1) inputs and targets at every step;
            cross-entropy = 4 classes at the last step; bce = 2 logits at the last step.
            """)

    @Option(help: "Model kind: \(ProbeModelKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var model: String

    @Option(help: "Hidden units.")
    var hidden: Int = 6

    @Option(help: "Sequence length T.")
    var steps: Int = 8

    @Option(help: "Sequences in the batch.")
    var batch: Int = 3

    @Option(help: "Seed of the model initialisation and the batch.")
    var seed: UInt64 = 1

    @Option(help: "Loss and read-out: \(ProbeLoss.allCases.map(\.rawValue).joined(separator: ", ")).")
    var loss: String = ProbeLoss.mseLast.rawValue

    @Option(help: "Output HDF5 file.")
    var output: String = "probe.h5"

    @Flag(help: "Compute in Float instead of Double.")
    var float32 = false

    @Option(help: "coRNN damping: \(CoRNNDamping.allCases.map(\.rawValue).joined(separator: ", ")).")
    var damping: String = CoRNNDamping.explicit.rawValue

    @Option(help: "coRNN Δt.")
    var dt: Double = 5.3e-2

    @Option(help: "coRNN γ.")
    var gamma: Double = 1.7

    @Option(help: "coRNN ε.")
    var epsilon: Double = 4.0

    @Flag(help: "coRNN: Δt, γ, ε are trainable parameters.")
    var trainableHyperparameters = false

    @Option(help: "rPLRNN regularisation strength τ (τ_A = τ_W = τ_h).")
    var tau: Double = 5

    @Option(help: "rPLRNN fraction of regularised units.")
    var regularizedFraction: Double = 0.5

    @Option(help: "rPLRNN penalty reduction: mean (reference code) or sum (paper eq. 4).")
    var regularizerReduction: String = "mean"

    @Option(help: "Standard deviation of Gaussian noise added to every parameter after initialisation (0 = none).")
    var perturb: Double = 0

    func run() throws {
        guard let kind = ProbeModelKind(rawValue: model) else {
            throw ValidationError("unknown model '\(model)'; allowed: \(ProbeModelKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let lossKind = ProbeLoss(rawValue: loss) else {
            throw ValidationError("unknown loss '\(loss)'; allowed: \(ProbeLoss.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let dampingKind = CoRNNDamping(rawValue: damping) else {
            throw ValidationError("unknown damping '\(damping)'; allowed: \(CoRNNDamping.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard hidden > 0, steps > 1, batch > 0 else { throw ValidationError("--hidden, --batch must be ≥ 1 and --steps ≥ 2") }
        var settings = GradientProbeSettings(model: kind, hiddenSize: hidden, steps: steps, batchSize: batch, seed: seed, loss: lossKind)
        settings.damping = dampingKind
        settings.dt = dt
        settings.gamma = gamma
        settings.epsilon = epsilon
        settings.trainableHyperparameters = trainableHyperparameters
        settings.rplrnnTau = tau
        settings.rplrnnFraction = regularizedFraction
        switch regularizerReduction {
        case "mean": settings.rplrnnReduction = .mean
        case "sum": settings.rplrnnReduction = .sum
        default: throw ValidationError("unknown --regularizer-reduction '\(regularizerReduction)'; allowed: mean, sum")
        }
        guard perturb >= 0 else { throw ValidationError("--perturb must be ≥ 0") }
        settings.perturbation = perturb
        let url = URL(fileURLWithPath: output)
        let lossValue: Double
        if float32 {
            let probe = GradientProbe<Float>(settings: settings)
            try probe.write(to: url)
            lossValue = Double(probe.loss)
        } else {
            let probe = GradientProbe<Double>(settings: settings)
            try probe.write(to: url)
            lossValue = probe.loss
        }
        print("wrote \(output): \(kind.rawValue), \(lossKind.rawValue), loss \(lossValue)")
    }
}
