import Foundation
import LinearAlgebra
import Models
import Randomness
import Training

/// Everything needed to continue a `ReconstructionTrainer` bit-identically: parameters, Adam state,
/// the generator, and the per-epoch history. Codable (JSON round-trips Doubles exactly).
public struct ReconstructionSnapshot: Codable, Sendable, Equatable {
    public var epoch: Int
    public var losses: [Double]
    public var gradientNorms: [Double]
    public var diverged: Bool
    public var generator: Generator
    public var optimizer: OptimizerState<Double>
    /// Parameter values in `parameters` order (shapes come from the model the snapshot is restored into).
    public var parameters: [[Double]]
}

extension ReconstructionTrainer {
    public var snapshot: ReconstructionSnapshot {
        ReconstructionSnapshot(epoch: epoch, losses: losses, gradientNorms: gradientNorms, diverged: diverged,
                               generator: generator, optimizer: optimizer.state, parameters: model.parameters.map(\.value.storage))
    }

    /// Continues from `snapshot` (taken from a trainer with the same model shapes and configuration).
    public mutating func restore(_ snapshot: ReconstructionSnapshot) {
        var parameters = model.parameters
        precondition(snapshot.parameters.count == parameters.count, "ReconstructionTrainer.restore: parameter count differs")
        for i in parameters.indices {
            precondition(snapshot.parameters[i].count == parameters[i].value.count, "ReconstructionTrainer.restore: shape differs")
            parameters[i].value.storage = snapshot.parameters[i]
        }
        model.parameters = parameters
        optimizer.state = snapshot.optimizer
        generator = snapshot.generator
        epoch = snapshot.epoch
        losses = snapshot.losses
        gradientNorms = snapshot.gradientNorms
        diverged = snapshot.diverged
    }

    /// JSON with non-finite numbers as strings (a diverged run records NaN losses).
    public static func encode(_ snapshot: ReconstructionSnapshot) throws -> Data {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try e.encode(snapshot)
    }

    public static func decode(_ data: Data) throws -> ReconstructionSnapshot {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try d.decode(ReconstructionSnapshot.self, from: data)
    }
}
