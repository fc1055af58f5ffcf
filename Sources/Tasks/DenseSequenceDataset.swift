import LinearAlgebra

/// Sequences stored as one flat `Float` array of N × T × K (sample-major, then step, then feature)
/// with flat targets of N × T_target × O, where T_target is 1 (`.last`) or T (`.everyStep`).
///
/// The general-purpose container: synthetic test sets, HAR-2, anything small enough to hold as floats.
public struct DenseSequenceDataset: SequenceDataset, Equatable {
    public let count: Int
    public let steps: Int
    public let inputSize: Int
    public let outputSize: Int
    public let targetTiming: TargetTiming
    public let loss: LossKind
    /// N × T × K inputs.
    public var inputs: [Float]
    /// N × T_target × O targets (one-hot rows for cross-entropy).
    public var targets: [Float]
    /// Class indices (classification only).
    public var labels: [Int]?

    public init(
        count: Int, steps: Int, inputSize: Int, outputSize: Int,
        targetTiming: TargetTiming, loss: LossKind,
        inputs: [Float], targets: [Float], labels: [Int]? = nil
    ) {
        let targetSteps = targetTiming == .last ? 1 : steps
        precondition(inputs.count == count * steps * inputSize, "inputs must hold N×T×K = \(count * steps * inputSize) values, got \(inputs.count)")
        precondition(targets.count == count * targetSteps * outputSize, "targets must hold \(count * targetSteps * outputSize) values, got \(targets.count)")
        precondition(labels == nil || labels!.count == count, "one label per sequence")
        self.count = count
        self.steps = steps
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.targetTiming = targetTiming
        self.loss = loss
        self.inputs = inputs
        self.targets = targets
        self.labels = labels
    }

    /// A classification dataset: targets are derived from `labels` (one-hot for cross-entropy, 0/1 for binary).
    public init(count: Int, steps: Int, inputSize: Int, inputs: [Float], labels: [Int], loss: LossKind) {
        let outputs: Int
        switch loss {
        case .crossEntropy(let classes): outputs = classes
        case .binaryCrossEntropy: outputs = 1
        case .meanSquaredError: preconditionFailure("use the regression initialiser for MSE tasks")
        }
        self.init(count: count, steps: steps, inputSize: inputSize, outputSize: outputs, targetTiming: .last,
                  loss: loss, inputs: inputs, targets: classificationTargets(labels, loss: loss), labels: labels)
    }

    public func batch<Scalar: BLASScalar>(indices: [Int]) -> SequenceBatch<Scalar> {
        let b = indices.count
        var xs = (0..<steps).map { _ in Matrix<Scalar>(rows: b, columns: inputSize) }
        for (row, n) in indices.enumerated() {
            precondition(n >= 0 && n < count, "index \(n) out of 0..<\(count)")
            let base = n * steps * inputSize
            for t in 0..<steps {
                let src = base + t * inputSize
                let dst = row * inputSize
                for k in 0..<inputSize { xs[t].storage[dst + k] = Scalar(inputs[src + k]) }
            }
        }
        let targetSteps = targetTiming == .last ? 1 : steps
        var ys = (0..<targetSteps).map { _ in Matrix<Scalar>(rows: b, columns: outputSize) }
        for (row, n) in indices.enumerated() {
            let base = n * targetSteps * outputSize
            for t in 0..<targetSteps {
                for o in 0..<outputSize { ys[t].storage[row * outputSize + o] = Scalar(targets[base + t * outputSize + o]) }
            }
        }
        return SequenceBatch(inputs: xs, targets: ys, labels: labels.map { l in indices.map { l[$0] } })
    }

    /// The sequences at `indices` as a new dataset (e.g. a subset for a smoke run, or a train/validation split).
    public func subset(_ indices: [Int]) -> DenseSequenceDataset {
        let targetSteps = targetTiming == .last ? 1 : steps
        let xStride = steps * inputSize, yStride = targetSteps * outputSize
        var x: [Float] = [], y: [Float] = []
        x.reserveCapacity(indices.count * xStride)
        y.reserveCapacity(indices.count * yStride)
        for n in indices {
            x.append(contentsOf: inputs[(n * xStride)..<((n + 1) * xStride)])
            y.append(contentsOf: targets[(n * yStride)..<((n + 1) * yStride)])
        }
        return DenseSequenceDataset(count: indices.count, steps: steps, inputSize: inputSize, outputSize: outputSize,
                                    targetTiming: targetTiming, loss: loss, inputs: x, targets: y,
                                    labels: labels.map { l in indices.map { l[$0] } })
    }
}

/// Flat target rows for class labels: one-hot rows for cross-entropy, the label itself for binary.
func classificationTargets(_ labels: [Int], loss: LossKind) -> [Float] {
    switch loss {
    case .crossEntropy(let classes):
        var t = [Float](repeating: 0, count: labels.count * classes)
        for (i, l) in labels.enumerated() {
            precondition(l >= 0 && l < classes, "label \(l) outside 0..<\(classes)")
            t[i * classes + l] = 1
        }
        return t
    case .binaryCrossEntropy:
        return labels.map { l in
            precondition(l == 0 || l == 1, "binary labels must be 0 or 1")
            return Float(l)
        }
    case .meanSquaredError:
        return labels.map { Float($0) }
    }
}

/// Target matrix for classification batches (one-hot / 0-1 column) from labels.
func classificationTargetMatrix<Scalar: BLASScalar>(_ labels: [Int], loss: LossKind) -> Matrix<Scalar> {
    let flat = classificationTargets(labels, loss: loss)
    let columns = labels.isEmpty ? 0 : flat.count / labels.count
    return Matrix(rows: labels.count, columns: columns, storage: flat.map { Scalar($0) })
}
