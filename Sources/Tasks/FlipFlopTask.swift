import LinearAlgebra
import Randomness

/// The 3-bit flip-flop task (Sussillo & Barak 2013, "Opening the black box").
///
/// Three input channels carry sparse pulses: at each step each channel independently fires with
/// probability `pulseProbability`, with sign ±1 equally likely. Output channel i must hold the sign of
/// the most recent pulse on input i (0 before the first pulse), at every step. A trained network
/// implements the 2³ = 8 stable fixed points of a 3-bit memory.
public struct FlipFlopTask: BatchStream, Equatable, Hashable, Codable {
    public var steps: Int
    public var bits: Int
    public var pulseProbability: Double

    public init(steps: Int, bits: Int = 3, pulseProbability: Double = 0.05) {
        precondition(steps >= 1 && bits >= 1 && pulseProbability >= 0 && pulseProbability <= 1)
        self.steps = steps
        self.bits = bits
        self.pulseProbability = pulseProbability
    }

    public var inputSize: Int { bits }
    public var outputSize: Int { bits }
    public var targetTiming: TargetTiming { .everyStep }
    public var loss: LossKind { .meanSquaredError }

    public func nextBatch<Scalar: BLASScalar>(size: Int, generator: inout Generator) -> SequenceBatch<Scalar> {
        dataset(count: size, generator: &generator).batch(range: 0..<size)
    }

    /// A fixed set of `count` sequences (e.g. a test set from `Generator(seed:)`).
    public func dataset(count: Int, generator: inout Generator) -> DenseSequenceDataset {
        let stride = steps * bits
        var inputs = [Float](repeating: 0, count: count * stride)
        var targets = [Float](repeating: 0, count: count * stride)
        for n in 0..<count {
            var state = [Float](repeating: 0, count: bits)
            for t in 0..<steps {
                for i in 0..<bits {
                    if generator.uniform() < pulseProbability {
                        let sign: Float = generator.integer(below: 2) == 0 ? -1 : 1
                        inputs[n * stride + t * bits + i] = sign
                        state[i] = sign
                    }
                    targets[n * stride + t * bits + i] = state[i]
                }
            }
        }
        return DenseSequenceDataset(count: count, steps: steps, inputSize: bits, outputSize: bits,
                                    targetTiming: .everyStep, loss: .meanSquaredError, inputs: inputs, targets: targets)
    }
}
