import LinearAlgebra
import Randomness

/// The rPLRNN addition and multiplication problems (reg-PLRNN `gen_marked_input_problem`, P1′ §3.3).
///
/// Each sequence has two input channels over T steps: channel 0 holds values U[0,1), channel 1 is 1 at
/// two marker steps t1, t2 and 0 elsewhere. t1 is uniform in `0..<firstMarkerBound` (10) and t2 uniform in
/// `0..<secondMarkerBound` (T/2, rounded down as `int(T/2)`); the pair is re-drawn while t1 == t2, so
/// t2 < t1 is allowed. The target, at the last step only, is the sum (addition) or product
/// (multiplication) of the two marked values. The paper text ("t1 < 10, t2 < T/2") and the released code
/// agree; both bounds are configurable in case a protocol differs.
///
/// Data come from our own `Generator` seeded with `trainSeed` (100) and `testSeed` (101), not NumPy's
/// Mersenne Twister: the draws differ from the reference files, the distribution is the same.
public struct MarkedInputProblem: Sendable, Equatable, Hashable, Codable {
    /// Which combination of the two marked values is the target.
    public enum Operation: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
        case addition, multiplication

        /// MSE of always predicting the target mean: Var(U1+U2) = 1/6, Var(U1·U2) = 1/9 − 1/16.
        public var chanceMSE: Double {
            switch self {
            case .addition: 1.0 / 6.0
            case .multiplication: 1.0 / 9.0 - 1.0 / 16.0
            }
        }

        /// The dashed chance line for P_correct in the reference plotting code (0.0783 resp. 0.11).
        public var chanceFractionCorrect: Double {
            switch self {
            case .addition: 0.0783
            case .multiplication: 0.11
            }
        }

        /// Mean of the target (the constant predictor behind `chanceMSE`).
        public var targetMean: Double {
            switch self {
            case .addition: 1.0
            case .multiplication: 0.25
            }
        }
    }

    public var operation: Operation
    /// Sequence length T.
    public var steps: Int
    /// t1 is drawn from 0..<firstMarkerBound.
    public var firstMarkerBound: Int
    /// t2 is drawn from 0..<secondMarkerBound (default T/2).
    public var secondMarkerBound: Int
    public var trainCount: Int
    public var testCount: Int
    public var trainSeed: UInt64
    public var testSeed: UInt64

    /// The reference protocol: 100 000 training and 10 000 test sequences, seeds 100 and 101.
    public init(
        operation: Operation, steps: Int,
        firstMarkerBound: Int = 10, secondMarkerBound: Int? = nil,
        trainCount: Int = 100_000, testCount: Int = 10_000,
        trainSeed: UInt64 = 100, testSeed: UInt64 = 101
    ) {
        let second = secondMarkerBound ?? steps / 2
        precondition(firstMarkerBound >= 1 && second >= 1 && firstMarkerBound <= steps && second <= steps,
                     "marker bounds must lie in 1...T")
        precondition(firstMarkerBound > 1 || second > 1, "markers could never differ")
        self.operation = operation
        self.steps = steps
        self.firstMarkerBound = firstMarkerBound
        self.secondMarkerBound = second
        self.trainCount = trainCount
        self.testCount = testCount
        self.trainSeed = trainSeed
        self.testSeed = testSeed
    }

    public var chanceMSE: Double { operation.chanceMSE }
    public var chanceFractionCorrect: Double { operation.chanceFractionCorrect }

    /// Tolerance of P_correct: a prediction counts as correct when |error| < 0.04 (strict).
    public static let correctTolerance = 0.04

    public func trainingSet() -> MarkedInputDataset { generate(count: trainCount, seed: trainSeed) }
    public func testSet() -> MarkedInputDataset { generate(count: testCount, seed: testSeed) }

    /// `count` sequences from `Generator(seed:)`. Per sequence: T values, then (t1, t2) re-drawn until distinct.
    public func generate(count: Int, seed: UInt64) -> MarkedInputDataset {
        var g = Generator(seed: seed)
        var values = [Float](repeating: 0, count: count * steps)
        var first = [Int32](repeating: 0, count: count)
        var second = [Int32](repeating: 0, count: count)
        for n in 0..<count {
            for t in 0..<steps { values[n * steps + t] = Float(g.uniform()) }
            var t1 = 0, t2 = 0
            repeat {
                t1 = g.integer(below: firstMarkerBound)
                t2 = g.integer(below: secondMarkerBound)
            } while t1 == t2
            first[n] = Int32(t1)
            second[n] = Int32(t2)
        }
        return MarkedInputDataset(operation: operation, steps: steps, values: values, firstMarkers: first, secondMarkers: second)
    }

    /// Fraction of rows with |prediction − target| < 0.04 (P_correct), from the final-step output column 0.
    public static func fractionCorrect<S: BLASScalar>(predictions: Matrix<S>, targets: Matrix<S>, tolerance: Double = correctTolerance) -> Double {
        precondition(predictions.rows == targets.rows && predictions.columns == targets.columns)
        if predictions.rows == 0 { return 0 }
        var hits = 0
        for i in 0..<predictions.rows where abs(Double(predictions[i, 0]) - Double(targets[i, 0])) < tolerance { hits += 1 }
        return Double(hits) / Double(predictions.rows)
    }
}

/// Marked-input sequences stored compactly: the N × T values plus the two marker steps per sequence.
/// The marker channel and the target are rebuilt per batch (target = sum/product in the batch's scalar type,
/// so it equals the sum/product of the batch's own input values exactly).
public struct MarkedInputDataset: SequenceDataset, Equatable {
    public let operation: MarkedInputProblem.Operation
    public let steps: Int
    /// N × T values of channel 0.
    public let values: [Float]
    public let firstMarkers: [Int32]
    public let secondMarkers: [Int32]

    public var count: Int { firstMarkers.count }
    public var inputSize: Int { 2 }
    public var outputSize: Int { 1 }
    public var targetTiming: TargetTiming { .last }
    public var loss: LossKind { .meanSquaredError }

    public func markers(of n: Int) -> (Int, Int) { (Int(firstMarkers[n]), Int(secondMarkers[n])) }

    /// The target of sequence n in Double (sum or product of its two marked values).
    public func target(of n: Int) -> Double {
        let (t1, t2) = markers(of: n)
        let a = Double(values[n * steps + t1]), b = Double(values[n * steps + t2])
        return operation == .addition ? a + b : a * b
    }

    public func batch<Scalar: BLASScalar>(indices: [Int]) -> SequenceBatch<Scalar> {
        let b = indices.count
        var xs = (0..<steps).map { _ in Matrix<Scalar>(rows: b, columns: 2) }
        var y = Matrix<Scalar>(rows: b, columns: 1)
        for (row, n) in indices.enumerated() {
            precondition(n >= 0 && n < count, "index \(n) out of 0..<\(count)")
            let base = n * steps
            for t in 0..<steps { xs[t].storage[row * 2] = Scalar(values[base + t]) }
            let (t1, t2) = markers(of: n)
            xs[t1].storage[row * 2 + 1] = 1
            xs[t2].storage[row * 2 + 1] = 1
            let a = Scalar(values[base + t1]), c = Scalar(values[base + t2])
            y.storage[row] = operation == .addition ? a + c : a * c
        }
        return SequenceBatch(inputs: xs, targets: [y])
    }
}
