import Dynamics
import Foundation
import LinearAlgebra
import Randomness
import Training

/// The Lorenz-96 prediction task of Rusch & Mishra (2021, SM §A, Table 6): trajectories of the
/// N-site Lorenz-96 system sampled every Δt from x0 ~ U[F − w, F + w]^N, and for each trajectory the
/// sequence-to-sequence problem "read x(t), output x(t + h)" at every step.
public struct Lorenz96Prediction: Codable, Sendable, Equatable {
    public var dimension: Int
    public var forcing: Double
    /// Samples per trajectory (the paper: 2000).
    public var length: Int
    /// Time between samples (the paper: 0.01).
    public var sampleInterval: Double
    /// RK4 steps per sample interval.
    public var substeps: Int
    /// Prediction horizon in samples (the paper: 25).
    public var horizon: Int
    /// Half-width w of the initial-condition box around (F, …, F) (the paper: ½).
    public var initialHalfWidth: Double

    public init(dimension: Int, forcing: Double, length: Int, sampleInterval: Double, substeps: Int, horizon: Int,
                initialHalfWidth: Double) {
        precondition(length > horizon + 1 && horizon >= 1 && substeps >= 1 && sampleInterval > 0)
        self.dimension = dimension
        self.forcing = forcing
        self.length = length
        self.sampleInterval = sampleInterval
        self.substeps = substeps
        self.horizon = horizon
        self.initialHalfWidth = initialHalfWidth
    }

    /// Input (and output) steps per sequence: every sample that has a target h samples later.
    public var steps: Int { length - horizon }

    /// One trajectory from a random initial state: `length × dimension`, row-major.
    public func trajectory(generator: inout Generator) -> [Double] {
        let x0 = (0..<dimension).map { _ in generator.uniform(forcing - initialHalfWidth, forcing + initialHalfWidth) }
        let path = RK4.integrate(Lorenz96(dimension: dimension, forcing: forcing), from: x0,
                                 dt: sampleInterval / Double(substeps), steps: (length - 1) * substeps, every: substeps)
        precondition(path.count == length, "Lorenz-96 trajectory blew up after \(path.count) samples")
        return path.values
    }

    /// `count` trajectories, each from its own child stream of `generator` (so the i-th trajectory does
    /// not depend on how many are drawn).
    public func trajectories(_ count: Int, generator: Generator) -> [[Double]] {
        (0..<count).map { i in
            var g = generator.child("trajectory-\(i)")
            return trajectory(generator: &g)
        }
    }

    /// The trajectories as one batch: inputs x(t)/scale for t < length − h, targets x(t + h)/scale.
    public func batch(_ trajectories: [[Double]], scale: Double) -> Batch<Float> {
        let n = dimension
        var inputs: [Matrix<Float>] = []
        var targets: [Matrix<Float>] = []
        inputs.reserveCapacity(steps)
        targets.reserveCapacity(steps)
        for t in 0..<steps {
            var input = Matrix<Float>(rows: trajectories.count, columns: n)
            var target = Matrix<Float>(rows: trajectories.count, columns: n)
            for (b, path) in trajectories.enumerated() {
                for j in 0..<n {
                    input.storage[b * n + j] = Float(path[t * n + j] / scale)
                    target.storage[b * n + j] = Float(path[(t + horizon) * n + j] / scale)
                }
            }
            inputs.append(input)
            targets.append(target)
        }
        return Batch(inputs: inputs, targets: targets)
    }

    /// Root mean square over every value of `trajectories`.
    public static func rootMeanSquare(_ trajectories: [[Double]]) -> Double {
        var sum = 0.0, count = 0
        for path in trajectories {
            for v in path { sum += v * v }
            count += path.count
        }
        return count == 0 ? .nan : (sum / Double(count)).squareRoot()
    }

    /// Peak-to-peak range of x1 over `window` time units after `settle` time units from x0 = F + ½e1:
    /// ≈ 0 at a stable fixed point, positive on a limit cycle or chaotic attractor.
    public func longRunRange(settle: Double = 2000, window: Double = 200) -> Double {
        var x0 = [Double](repeating: forcing, count: dimension)
        x0[0] += initialHalfWidth
        let dt = sampleInterval / Double(substeps)
        let system = Lorenz96(dimension: dimension, forcing: forcing)
        let settled = RK4.integrate(system, from: x0, dt: dt, steps: Int((settle / dt).rounded()), every: Int((settle / dt).rounded()))
        guard let start = settled.last, settled.count == 2 else { return .nan }
        let path = RK4.integrate(system, from: start, dt: dt, steps: Int((window / dt).rounded()))
        let x1 = path.component(0)
        return (x1.max() ?? .nan) - (x1.min() ?? .nan)
    }
}
