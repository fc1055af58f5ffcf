import LinearAlgebra

/// One named, trainable parameter tensor. Names and shapes follow the papers' PyTorch code
/// (e.g. `AW`, `h`, `mu0`, `B`, `C` for the PLRNN; `weight_ih_l0`, `bias_hh_l0` for `nn.RNN`/`nn.LSTM`),
/// so checkpoints load into PyTorch by name.
public struct Parameter<Scalar: BLASScalar>: Sendable, Equatable {
    public var name: String
    public var value: Matrix<Scalar>

    public init(_ name: String, _ value: Matrix<Scalar>) {
        self.name = name
        self.value = value
    }
}

/// Which steps the read-out is applied at.
public enum ReadoutSteps: Sendable, Equatable {
    /// Only the last step (addition/multiplication, sequential MNIST, adding problem).
    case last
    /// Every step (dynamical-systems training, Lorenz-96 prediction).
    case all
}

/// A batched recurrent network with hand-written backpropagation through time.
///
/// Layout: inputs are a sequence of `batch × inputSize` matrices (one per time step); hidden states
/// and outputs are `batch × size`, row-major. `backward` returns dL/dθ for every parameter, in the
/// order and shape of `parameters`, given dL/d(output) for the steps `forward` produced.
public protocol RecurrentModel: Sendable {
    associatedtype Scalar: BLASScalar
    /// What `forward` keeps for `backward` (hidden states, pre-activations, …).
    associatedtype Tape

    var inputSize: Int { get }
    var hiddenSize: Int { get }
    var outputSize: Int { get }

    /// All trainable parameters, in a stable order.
    var parameters: [Parameter<Scalar>] { get set }

    /// Runs the network over `inputs` (T matrices of `batch × inputSize`). Returns the read-out at the
    /// requested steps (1 matrix for `.last`, T for `.all`), each `batch × outputSize`.
    func forward(_ inputs: [Matrix<Scalar>], readout: ReadoutSteps) -> (outputs: [Matrix<Scalar>], tape: Tape)

    /// Gradients of the loss with respect to every parameter, given the loss gradients with respect
    /// to the outputs returned by `forward` (same count and shapes).
    func backward(_ tape: Tape, outputGradients: [Matrix<Scalar>]) -> [Matrix<Scalar>]

    /// An additive penalty on the parameters (e.g. the rPLRNN line-attractor regulariser) and its
    /// gradient, in `parameters` order. Zero for unregularised models.
    func regularization() -> (loss: Scalar, gradients: [Matrix<Scalar>])
}

extension RecurrentModel {
    public func regularization() -> (loss: Scalar, gradients: [Matrix<Scalar>]) {
        (0, parameters.map { Matrix(rows: $0.value.rows, columns: $0.value.columns) })
    }

    /// Total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}

/// The value of `p` for a parameter setter, after checking it has the expected shape.
func checked<Scalar: BLASScalar>(_ p: Parameter<Scalar>, _ rows: Int, _ columns: Int) -> Matrix<Scalar> {
    precondition(p.value.rows == rows && p.value.columns == columns, "\(p.name) has the wrong shape")
    return p.value
}

/// The value of `p` for a parameter setter, after checking it has the shape of the value it replaces.
func checked<Scalar: BLASScalar>(_ p: Parameter<Scalar>, _ old: Matrix<Scalar>) -> Matrix<Scalar> {
    checked(p, old.rows, old.columns)
}
