import LinearAlgebra
import Models

/// A first-order optimiser with PyTorch's update rule, updating parameters in place.
///
/// `update` takes the gradients in `parameters` order (what `RecurrentModel.backward` returns).
/// The state (moment buffers, step count) is exposed as an `OptimizerState` so checkpoints can
/// store it and a resumed run continues bit-identically.
public protocol Optimizer: Sendable {
    associatedtype Scalar: BLASScalar
    /// The current learning rate; the training loop sets it from the schedule every epoch.
    var learningRate: Double { get set }
    /// Applies one update (PyTorch's `optimizer.step()`).
    mutating func update(_ parameters: inout [Parameter<Scalar>], gradients: [Matrix<Scalar>])
    /// Buffers and counters, for checkpoints.
    var state: OptimizerState<Scalar> { get set }
}

/// An optimiser's mutable state: named per-parameter buffers (flat, in `parameters` order and
/// element order) and the number of steps taken. Buffers are empty before the first step, as in
/// PyTorch, whose optimiser state is created lazily.
public struct OptimizerState<Scalar: BLASScalar>: Sendable, Equatable, Codable {
    /// "adam", "sgd" or "rmsprop".
    public var kind: String
    public var step: Int
    /// Buffer name (PyTorch's state key: `exp_avg`, `exp_avg_sq`, `momentum_buffer`, `square_avg`,
    /// `grad_avg`) → one flat array per parameter.
    public var buffers: [String: [[Scalar]]]

    public init(kind: String, step: Int = 0, buffers: [String: [[Scalar]]] = [:]) {
        self.kind = kind
        self.step = step
        self.buffers = buffers
    }
}

/// Errors restoring optimiser state from a checkpoint.
public struct OptimizerStateError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Array {
    /// Zero buffers shaped like `parameters`, allocated once on the first step.
    @inlinable
    static func zeros<S: BLASScalar>(like parameters: [Parameter<S>]) -> [[S]] where Element == [S] {
        parameters.map { [S](repeating: 0, count: $0.value.count) }
    }
}
