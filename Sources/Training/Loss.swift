import Foundation
import LinearAlgebra

/// A training loss with PyTorch's reduction conventions, evaluated on the read-out of a recurrent model.
///
/// `outputs` and `targets` are the per-step matrices the model produced (`batch × outputSize`, one
/// for `.last`, T for `.all`). Values and gradients are computed in Double and rounded once, so Float
/// training sees the same numbers as PyTorch's float32 kernels to within rounding.
public enum Loss: String, Sendable, Equatable, Codable, CaseIterable {
    /// `nn.MSELoss()`: mean of squared errors over batch, steps and output dimensions.
    case meanSquaredError
    /// `nn.CrossEntropyLoss()` on logits: mean over batch (and steps) of `logsumexp(z) − z[class]`.
    /// Targets are class indices (`batch × 1`) or class probabilities (`batch × classes`).
    case crossEntropy
    /// `nn.BCEWithLogitsLoss()`: mean over all elements of `max(x,0) − x·y + log(1 + e^{−|x|})`.
    case binaryCrossEntropyWithLogits

    /// The loss value and dL/d(output), with freshly allocated gradients.
    public func evaluate<S: BLASScalar>(outputs: [Matrix<S>], targets: [Matrix<S>]) -> (loss: S, gradients: [Matrix<S>]) {
        var gradients: [Matrix<S>] = []
        let loss = evaluate(outputs: outputs, targets: targets, gradients: &gradients)
        return (loss, gradients)
    }

    /// The loss value; dL/d(output) is written into `gradients`, whose buffers are reused when their
    /// shapes already match (the training loop keeps one set across steps).
    @inlinable
    public func evaluate<S: BLASScalar>(outputs: [Matrix<S>], targets: [Matrix<S>], gradients: inout [Matrix<S>]) -> S {
        precondition(outputs.count == targets.count, "\(self): \(outputs.count) outputs but \(targets.count) targets")
        prepareGradientBuffers(like: outputs, &gradients)
        switch self {
        case .meanSquaredError: return Self.meanSquaredError(outputs, targets, &gradients)
        case .crossEntropy: return Self.crossEntropy(outputs, targets, &gradients)
        case .binaryCrossEntropyWithLogits: return Self.binaryCrossEntropy(outputs, targets, &gradients)
        }
    }

    @inlinable
    func prepareGradientBuffers<S: BLASScalar>(like outputs: [Matrix<S>], _ gradients: inout [Matrix<S>]) {
        if gradients.count != outputs.count { gradients = outputs.map { Matrix(rows: $0.rows, columns: $0.columns) } }
        for i in outputs.indices where gradients[i].rows != outputs[i].rows || gradients[i].columns != outputs[i].columns {
            gradients[i] = Matrix(rows: outputs[i].rows, columns: outputs[i].columns)
        }
    }

    @inlinable
    static func meanSquaredError<S: BLASScalar>(_ outputs: [Matrix<S>], _ targets: [Matrix<S>], _ gradients: inout [Matrix<S>]) -> S {
        let n = outputs.reduce(0) { $0 + $1.count }
        precondition(n > 0, "meanSquaredError: empty outputs")
        let scale = 2 / Double(n)
        var sum = 0.0
        for k in outputs.indices {
            precondition(targets[k].rows == outputs[k].rows && targets[k].columns == outputs[k].columns,
                         "meanSquaredError: target \(k) is \(targets[k].rows)×\(targets[k].columns), output is \(outputs[k].rows)×\(outputs[k].columns)")
            outputs[k].storage.withUnsafeBufferPointer { o in
                targets[k].storage.withUnsafeBufferPointer { t in
                    gradients[k].storage.withUnsafeMutableBufferPointer { g in
                        for i in 0..<o.count {
                            let e = Double(o[i]) - Double(t[i])
                            sum += e * e
                            g[i] = S(scale * e)
                        }
                    }
                }
            }
        }
        return S(sum / Double(n))
    }

    @inlinable
    static func crossEntropy<S: BLASScalar>(_ outputs: [Matrix<S>], _ targets: [Matrix<S>], _ gradients: inout [Matrix<S>]) -> S {
        let rows = outputs.reduce(0) { $0 + $1.rows }
        precondition(rows > 0, "crossEntropy: empty outputs")
        let inverse = 1 / Double(rows)
        var sum = 0.0
        var probabilities = [Double](repeating: 0, count: outputs.first?.columns ?? 0)
        for k in outputs.indices {
            let logits = outputs[k], target = targets[k]
            let classes = logits.columns
            let byIndex = target.columns == 1 && classes > 1
            precondition(target.rows == logits.rows && (byIndex || target.columns == classes),
                         "crossEntropy: target \(k) must be \(logits.rows)×1 class indices or \(logits.rows)×\(classes) probabilities")
            if probabilities.count != classes { probabilities = [Double](repeating: 0, count: classes) }
            for r in 0..<logits.rows {
                let base = r * classes
                var largest = -Double.infinity
                for c in 0..<classes { largest = Swift.max(largest, Double(logits.storage[base + c])) }
                var total = 0.0
                for c in 0..<classes {
                    let e = Foundation.exp(Double(logits.storage[base + c]) - largest)
                    probabilities[c] = e
                    total += e
                }
                let logTotal = Foundation.log(total) + largest
                for c in 0..<classes { probabilities[c] /= total }
                if byIndex {
                    let label = Int(target.storage[r])
                    precondition(label >= 0 && label < classes, "crossEntropy: class index \(label) outside 0..<\(classes)")
                    sum += logTotal - Double(logits.storage[base + label])
                    for c in 0..<classes {
                        gradients[k].storage[base + c] = S((probabilities[c] - (c == label ? 1 : 0)) * inverse)
                    }
                } else {
                    var mass = 0.0
                    for c in 0..<classes {
                        let y = Double(target.storage[base + c])
                        sum += y * (logTotal - Double(logits.storage[base + c]))
                        mass += y
                    }
                    // d/dz of −Σ y_c log softmax_c = softmax·Σy − y (Σy = 1 for a distribution).
                    for c in 0..<classes {
                        gradients[k].storage[base + c] = S((probabilities[c] * mass - Double(target.storage[base + c])) * inverse)
                    }
                }
            }
        }
        return S(sum * inverse)
    }

    @inlinable
    static func binaryCrossEntropy<S: BLASScalar>(_ outputs: [Matrix<S>], _ targets: [Matrix<S>], _ gradients: inout [Matrix<S>]) -> S {
        let n = outputs.reduce(0) { $0 + $1.count }
        precondition(n > 0, "binaryCrossEntropyWithLogits: empty outputs")
        let inverse = 1 / Double(n)
        var sum = 0.0
        for k in outputs.indices {
            precondition(targets[k].rows == outputs[k].rows && targets[k].columns == outputs[k].columns,
                         "binaryCrossEntropyWithLogits: target \(k) shape differs from output")
            for i in 0..<outputs[k].count {
                let x = Double(outputs[k].storage[i]), y = Double(targets[k].storage[i])
                // Stable form: never exponentiates a positive number.
                sum += Swift.max(x, 0) - x * y + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
                let sigmoid = x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
                gradients[k].storage[i] = S((sigmoid - y) * inverse)
            }
        }
        return S(sum * inverse)
    }
}
