import LinearAlgebra
import Models

/// `torch.optim.SGD` (not maximising):
///
///     g ← g + weight_decay·θ
///     b ← g on the first step, else momentum·b + (1−dampening)·g     (if momentum ≠ 0)
///     g ← g + momentum·b if nesterov, else b
///     θ ← θ − lr·g
public struct SGD<Scalar: BLASScalar>: Optimizer {
    public var learningRate: Double
    public var momentum: Double
    public var dampening: Double
    public var nesterov: Bool
    public var weightDecay: Double
    @usableFromInline var step: Int = 0
    @usableFromInline var buffer: [[Scalar]] = []

    public init(learningRate: Double, momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false, weightDecay: Double = 0) {
        precondition(!nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov momentum requires a momentum and zero dampening")
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    @inlinable
    public mutating func update(_ parameters: inout [Parameter<Scalar>], gradients: [Matrix<Scalar>]) {
        precondition(gradients.count == parameters.count, "SGD: \(gradients.count) gradients for \(parameters.count) parameters")
        let usesMomentum = momentum != 0
        let first = usesMomentum && buffer.count != parameters.count
        if first { buffer = .zeros(like: parameters) }
        step += 1
        let lr = Scalar(learningRate), mu = Scalar(momentum), keep = Scalar(1 - dampening), decay = Scalar(weightDecay)
        let decaying = weightDecay != 0
        for p in parameters.indices {
            precondition(gradients[p].count == parameters[p].value.count, "SGD: gradient \(p) has the wrong size")
            gradients[p].storage.withUnsafeBufferPointer { g in
                parameters[p].value.storage.withUnsafeMutableBufferPointer { theta in
                    if !usesMomentum {
                        for i in 0..<g.count {
                            var d = g[i]
                            if decaying { d += decay * theta[i] }
                            theta[i] -= lr * d
                        }
                        return
                    }
                    buffer[p].withUnsafeMutableBufferPointer { b in
                        for i in 0..<g.count {
                            var d = g[i]
                            if decaying { d += decay * theta[i] }
                            b[i] = first ? d : mu * b[i] + keep * d
                            d = nesterov ? d + mu * b[i] : b[i]
                            theta[i] -= lr * d
                        }
                    }
                }
            }
        }
    }

    public var state: OptimizerState<Scalar> {
        get { OptimizerState(kind: "sgd", step: step, buffers: buffer.isEmpty ? [:] : ["momentum_buffer": buffer]) }
        set {
            precondition(newValue.kind == "sgd", "SGD: cannot restore \(newValue.kind) state")
            step = newValue.step
            buffer = newValue.buffers["momentum_buffer"] ?? []
        }
    }
}
