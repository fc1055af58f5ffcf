import LinearAlgebra

/// Which time steps carry a target.
///
/// Mirrors `Models.ReadoutSteps` (`.last` ↔ `.last`, `.everyStep` ↔ `.all`); Tasks does not depend on
/// Models, so the training loop maps one onto the other.
public enum TargetTiming: Sendable, Equatable, Hashable, Codable {
    /// One target per sequence, at the final step (addition, adding, MNIST, CIFAR, HAR).
    case last
    /// A target at every step (flip-flop).
    case everyStep
}

/// The loss a task is scored with; tells the training loop how to read `SequenceBatch.targets`.
public enum LossKind: Sendable, Equatable, Hashable, Codable {
    /// Mean squared error against `targets` (real-valued outputs).
    case meanSquaredError
    /// Softmax cross-entropy over `classes` logits; `labels` holds class indices, `targets` the one-hot rows.
    case crossEntropy(classes: Int)
    /// Sigmoid cross-entropy on one logit (coRNN's `BCEWithLogitsLoss` for HAR-2); `labels` are 0/1 and
    /// `targets` is the same as a `batch × 1` matrix.
    case binaryCrossEntropy
}

/// One mini-batch in the layout the recurrent models consume.
///
/// `inputs` holds T matrices of `batch × inputSize` (one per time step). `targets` holds one
/// `batch × outputSize` matrix for `TargetTiming.last`, or T of them for `.everyStep`. For
/// classification, `labels` has the class index of each row (and `targets` the matching one-hot rows),
/// so accuracy and cross-entropy need no argmax over `targets`.
public struct SequenceBatch<Scalar: BLASScalar>: Sendable, Equatable {
    public var inputs: [Matrix<Scalar>]
    public var targets: [Matrix<Scalar>]
    public var labels: [Int]?

    public init(inputs: [Matrix<Scalar>], targets: [Matrix<Scalar>], labels: [Int]? = nil) {
        precondition(!inputs.isEmpty, "a batch needs at least one time step")
        let b = inputs[0].rows
        precondition(inputs.allSatisfy { $0.rows == b } && targets.allSatisfy { $0.rows == b }, "batch sizes disagree")
        precondition(labels == nil || labels!.count == b, "one label per row")
        self.inputs = inputs
        self.targets = targets
        self.labels = labels
    }

    /// Number of sequences (rows).
    public var size: Int { inputs[0].rows }
    /// Number of time steps T.
    public var steps: Int { inputs.count }
    public var inputSize: Int { inputs[0].columns }
    public var outputSize: Int { targets.first?.columns ?? 0 }
    /// The single final-step target matrix (for `.last` tasks this is `targets[0]`).
    public var lastTarget: Matrix<Scalar> { targets[targets.count - 1] }
}
