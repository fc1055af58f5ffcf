import LinearAlgebra

/// A test-set score reported next to the loss (higher is better), as the papers' figures show it.
public enum Metric: Sendable, Equatable, Codable {
    /// No metric; histories record NaN.
    case none
    /// Fraction of output elements with |output − target| < threshold (strict), e.g. the rPLRNN
    /// protocol's P_correct with threshold 0.04 for addition and multiplication.
    case fractionWithin(threshold: Double)
    /// Fraction of rows whose argmax over logits equals the target class (index column or one-hot row).
    case argmaxAccuracy
    /// Fraction of elements where (logit > 0) equals (target > 0.5): accuracy for BCE-with-logits tasks.
    case binaryAccuracy

    /// (number correct, number scored) over all steps, so batches can be pooled exactly.
    public func count<S: BLASScalar>(outputs: [Matrix<S>], targets: [Matrix<S>]) -> (correct: Int, total: Int) {
        precondition(outputs.count == targets.count, "Metric: \(outputs.count) outputs but \(targets.count) targets")
        var correct = 0, total = 0
        for k in outputs.indices {
            let o = outputs[k], t = targets[k]
            switch self {
            case .none:
                return (0, 0)
            case .fractionWithin(let threshold):
                precondition(o.count == t.count, "Metric: output and target shapes differ")
                for i in 0..<o.count where Swift.abs(Double(o.storage[i]) - Double(t.storage[i])) < threshold { correct += 1 }
                total += o.count
            case .binaryAccuracy:
                precondition(o.count == t.count, "Metric: output and target shapes differ")
                for i in 0..<o.count where (o.storage[i] > 0) == (t.storage[i] > S(0.5)) { correct += 1 }
                total += o.count
            case .argmaxAccuracy:
                precondition(t.rows == o.rows, "Metric: output and target row counts differ")
                for r in 0..<o.rows {
                    let predicted = argmax(o, row: r)
                    let label = t.columns == 1 && o.columns > 1 ? Int(t.storage[r]) : argmax(t, row: r)
                    if predicted == label { correct += 1 }
                }
                total += o.rows
            }
        }
        return (correct, total)
    }

    /// The fraction correct, NaN for `.none` or nothing scored.
    public func evaluate<S: BLASScalar>(outputs: [Matrix<S>], targets: [Matrix<S>]) -> Double {
        let (correct, total) = count(outputs: outputs, targets: targets)
        return total == 0 ? .nan : Double(correct) / Double(total)
    }

    private func argmax<S: BLASScalar>(_ m: Matrix<S>, row: Int) -> Int {
        var best = 0
        for c in 1..<Swift.max(m.columns, 1) where m[row, c] > m[row, best] { best = c }
        return best
    }
}
