import LinearAlgebra
import Models

/// `torch.optim.RMSprop` (not maximising):
///
///     g ← g + weight_decay·θ
///     s ← α·s + (1−α)·g²
///     centered: a ← a + (1−α)(g − a),  d ← √(s − a²) + ε;   else d ← √s + ε
///     momentum > 0: b ← momentum·b + g/d,  θ ← θ − lr·b;     else θ ← θ − lr·g/d
public struct RMSprop<Scalar: BLASScalar>: Optimizer {
    public var learningRate: Double
    public var alpha: Double
    public var epsilon: Double
    public var momentum: Double
    public var centered: Bool
    public var weightDecay: Double
    @usableFromInline var step: Int = 0
    @usableFromInline var squareAverage: [[Scalar]] = []
    @usableFromInline var gradientAverage: [[Scalar]] = []
    @usableFromInline var momentumBuffer: [[Scalar]] = []

    public init(learningRate: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8, momentum: Double = 0,
                centered: Bool = false, weightDecay: Double = 0) {
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.momentum = momentum
        self.centered = centered
        self.weightDecay = weightDecay
    }

    @inlinable
    public mutating func update(_ parameters: inout [Parameter<Scalar>], gradients: [Matrix<Scalar>]) {
        precondition(gradients.count == parameters.count, "RMSprop: \(gradients.count) gradients for \(parameters.count) parameters")
        if squareAverage.count != parameters.count {
            squareAverage = .zeros(like: parameters)
            gradientAverage = centered ? .zeros(like: parameters) : []
            momentumBuffer = momentum > 0 ? .zeros(like: parameters) : []
        }
        step += 1
        let lr = Scalar(learningRate), a = Scalar(alpha), oneMinusAlpha = Scalar(1 - alpha)
        let eps = Scalar(epsilon), mu = Scalar(momentum), decay = Scalar(weightDecay)
        let decaying = weightDecay != 0, usesMomentum = momentum > 0
        var unusedAverage: [Scalar] = [], unusedMomentum: [Scalar] = []
        for p in parameters.indices {
            precondition(gradients[p].count == parameters[p].value.count, "RMSprop: gradient \(p) has the wrong size")
            gradients[p].storage.withUnsafeBufferPointer { g in
                parameters[p].value.storage.withUnsafeMutableBufferPointer { theta in
                    squareAverage[p].withUnsafeMutableBufferPointer { s in
                        Self.withBuffer(&gradientAverage, p, centered, &unusedAverage) { avg in
                            Self.withBuffer(&momentumBuffer, p, usesMomentum, &unusedMomentum) { b in
                                for i in 0..<g.count {
                                    var gi = g[i]
                                    if decaying { gi += decay * theta[i] }
                                    s[i] = a * s[i] + oneMinusAlpha * (gi * gi)
                                    let d: Scalar
                                    if centered {
                                        avg[i] += oneMinusAlpha * (gi - avg[i])
                                        d = (s[i] - avg[i] * avg[i]).squareRoot() + eps
                                    } else {
                                        d = s[i].squareRoot() + eps
                                    }
                                    if usesMomentum {
                                        b[i] = mu * b[i] + gi / d
                                        theta[i] -= lr * b[i]
                                    } else {
                                        theta[i] -= lr * (gi / d)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs `body` on buffer `p` when `active`, otherwise on an empty placeholder (never indexed).
    @inlinable
    static func withBuffer(_ buffers: inout [[Scalar]], _ p: Int, _ active: Bool, _ placeholder: inout [Scalar],
                    _ body: (UnsafeMutableBufferPointer<Scalar>) -> Void) {
        if active { buffers[p].withUnsafeMutableBufferPointer { body($0) } } else { placeholder.withUnsafeMutableBufferPointer { body($0) } }
    }

    public var state: OptimizerState<Scalar> {
        get {
            var buffers: [String: [[Scalar]]] = [:]
            if !squareAverage.isEmpty { buffers["square_avg"] = squareAverage }
            if !gradientAverage.isEmpty { buffers["grad_avg"] = gradientAverage }
            if !momentumBuffer.isEmpty { buffers["momentum_buffer"] = momentumBuffer }
            return OptimizerState(kind: "rmsprop", step: step, buffers: buffers)
        }
        set {
            precondition(newValue.kind == "rmsprop", "RMSprop: cannot restore \(newValue.kind) state")
            step = newValue.step
            squareAverage = newValue.buffers["square_avg"] ?? []
            gradientAverage = newValue.buffers["grad_avg"] ?? []
            momentumBuffer = newValue.buffers["momentum_buffer"] ?? []
        }
    }
}
