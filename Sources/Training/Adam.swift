import Foundation
import LinearAlgebra
import Models

/// `torch.optim.Adam` (amsgrad off, not maximising), single-tensor CPU path:
///
///     g ← g + weight_decay·θ                      (L2, if weight_decay ≠ 0)
///     m ← m + (1−β1)(g − m)                       (exp_avg.lerp_)
///     v ← β2·v + (1−β2)·g²
///     θ ← θ − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)
///
/// The bias corrections are Python-float (Double) scalars as in PyTorch; element arithmetic is in `Scalar`.
public struct Adam<Scalar: BLASScalar>: Optimizer {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    @usableFromInline var step: Int = 0
    @usableFromInline var m: [[Scalar]] = []
    @usableFromInline var v: [[Scalar]] = []

    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    @inlinable
    public mutating func update(_ parameters: inout [Parameter<Scalar>], gradients: [Matrix<Scalar>]) {
        precondition(gradients.count == parameters.count, "Adam: \(gradients.count) gradients for \(parameters.count) parameters")
        if m.count != parameters.count {
            m = .zeros(like: parameters)
            v = .zeros(like: parameters)
        }
        step += 1
        let t = Double(step)
        let correction1 = 1 - Foundation.pow(beta1, t)
        let correction2Root = (1 - Foundation.pow(beta2, t)).squareRoot()
        let stepSize = Scalar(learningRate / correction1)
        let oneMinusBeta1 = Scalar(1 - beta1), b2 = Scalar(beta2), oneMinusBeta2 = Scalar(1 - beta2)
        let eps = Scalar(epsilon), decay = Scalar(weightDecay), root2 = Scalar(correction2Root)
        let decaying = weightDecay != 0
        for p in parameters.indices {
            precondition(gradients[p].count == parameters[p].value.count, "Adam: gradient \(p) has the wrong size")
            gradients[p].storage.withUnsafeBufferPointer { g in
                parameters[p].value.storage.withUnsafeMutableBufferPointer { theta in
                    m[p].withUnsafeMutableBufferPointer { mp in
                        v[p].withUnsafeMutableBufferPointer { vp in
                            // Two copies of the loop, so the common no-decay case has no branch inside.
                            if decaying {
                                for i in 0..<g.count {
                                    let gi = g[i] + decay * theta[i]
                                    let mi = mp[i] + oneMinusBeta1 * (gi - mp[i])
                                    let vi = b2 * vp[i] + oneMinusBeta2 * (gi * gi)
                                    mp[i] = mi
                                    vp[i] = vi
                                    theta[i] -= stepSize * (mi / (vi.squareRoot() / root2 + eps))
                                }
                            } else {
                                for i in 0..<g.count {
                                    let gi = g[i]
                                    let mi = mp[i] + oneMinusBeta1 * (gi - mp[i])
                                    let vi = b2 * vp[i] + oneMinusBeta2 * (gi * gi)
                                    mp[i] = mi
                                    vp[i] = vi
                                    theta[i] -= stepSize * (mi / (vi.squareRoot() / root2 + eps))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    public var state: OptimizerState<Scalar> {
        get { OptimizerState(kind: "adam", step: step, buffers: m.isEmpty ? [:] : ["exp_avg": m, "exp_avg_sq": v]) }
        set {
            precondition(newValue.kind == "adam", "Adam: cannot restore \(newValue.kind) state")
            step = newValue.step
            m = newValue.buffers["exp_avg"] ?? []
            v = newValue.buffers["exp_avg_sq"] ?? []
            precondition(m.count == v.count, "Adam: exp_avg and exp_avg_sq cover different parameters")
        }
    }
}
