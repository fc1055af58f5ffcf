import Foundation

/// Loader for coRNN's HAR-2 task from the UCI HAR Dataset: 9 raw inertial channels × 128 steps
/// (50 Hz, 2.56 s windows), binarised activities.
///
/// Binarisation (P3 Table 3): {SITTING 4, LAYING 6, WALKING_UPSTAIRS 2} → 1 and {STANDING 5, WALKING 1,
/// WALKING_DOWNSTAIRS 3} → 0, using the ids of the dataset's `activity_labels.txt`. coRNN loads
/// pre-processed arrays (FastGRNN recipe) that are not in its repository, so the exact train/validation
/// split and normalisation it used are unknown; `standardize` z-scores each channel with the training-set
/// mean and standard deviation.
public enum HARDataset {
    /// Channel order of the 9 inputs (file-name stems in `Inertial Signals/`).
    public static let channelNames = [
        "body_acc_x", "body_acc_y", "body_acc_z",
        "body_gyro_x", "body_gyro_y", "body_gyro_z",
        "total_acc_x", "total_acc_y", "total_acc_z",
    ]
    public static let steps = 128

    /// Activity ids (1…6) mapped to the positive class.
    public static let positiveActivities: Set<Int> = [2, 4, 6]

    /// 1 for SITTING, LAYING, WALKING_UPSTAIRS; 0 for the others.
    public static func binaryLabel(activity: Int) -> Int { positiveActivities.contains(activity) ? 1 : 0 }

    /// Train and test sets as `binaryCrossEntropy` datasets (N × 128 × 9).
    public static func load(root: URL, standardize: Bool = true) throws -> (train: DenseSequenceDataset, test: DenseSequenceDataset) {
        let requirement = DataRequirement.uciHAR
        try requirement.check(root: root)
        let dir = requirement.directory(root: root)
        var train = try loadSplit("train", in: dir)
        var test = try loadSplit("test", in: dir)
        if standardize {
            let (mean, std) = channelStatistics(train)
            train = standardized(train, mean: mean, std: std)
            test = standardized(test, mean: mean, std: std)
        }
        return (train, test)
    }

    /// One split ("train" or "test") without normalisation.
    public static func loadSplit(_ split: String, in dir: URL) throws -> DenseSequenceDataset {
        let labelsURL = dir.appendingPathComponent("\(split)/y_\(split).txt")
        let activities = try parseNumbers(labelsURL, columns: 1).map { v -> Int in
            guard v == v.rounded(), (1...6).contains(Int(v)) else {
                throw DataError.malformed(file: labelsURL.path, reason: "activity id \(v) outside 1…6")
            }
            return Int(v)
        }
        let n = activities.count
        var inputs = [Float](repeating: 0, count: n * steps * channelNames.count)
        for (c, name) in channelNames.enumerated() {
            let url = dir.appendingPathComponent("\(split)/Inertial Signals/\(name)_\(split).txt")
            let values = try parseNumbers(url, columns: steps)
            guard values.count == n * steps else {
                throw DataError.malformed(file: url.path, reason: "\(values.count / steps) windows, but \(labelsURL.lastPathComponent) has \(n) labels")
            }
            for i in 0..<n {
                for t in 0..<steps { inputs[(i * steps + t) * channelNames.count + c] = Float(values[i * steps + t]) }
            }
        }
        return DenseSequenceDataset(count: n, steps: steps, inputSize: channelNames.count, inputs: inputs,
                                    labels: activities.map(binaryLabel(activity:)), loss: .binaryCrossEntropy)
    }

    /// Whitespace-separated numbers, `columns` per non-empty line (checked).
    static func parseNumbers(_ url: URL, columns: Int) throws -> [Double] {
        let bytes = try readFile(url)
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw DataError.malformed(file: url.path, reason: "not UTF-8 text")
        }
        var values: [Double] = []
        var lineNumber = 0
        for line in text.split(whereSeparator: \.isNewline) {
            lineNumber += 1
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            guard fields.count == columns else {
                throw DataError.malformed(file: url.path, reason: "line \(lineNumber) has \(fields.count) values, expected \(columns)")
            }
            for f in fields {
                guard let v = Double(f) else { throw DataError.malformed(file: url.path, reason: "line \(lineNumber): '\(f)' is not a number") }
                values.append(v)
            }
        }
        return values
    }

    /// Per-channel mean and standard deviation over all windows and steps.
    public static func channelStatistics(_ d: DenseSequenceDataset) -> (mean: [Double], std: [Double]) {
        let k = d.inputSize
        var sum = [Double](repeating: 0, count: k), sq = [Double](repeating: 0, count: k)
        for (i, v) in d.inputs.enumerated() { sum[i % k] += Double(v); sq[i % k] += Double(v) * Double(v) }
        let m = Double(d.count * d.steps)
        let mean = sum.map { $0 / max(m, 1) }
        let std = zip(sq, mean).map { s, mu in (max(s / max(m, 1) - mu * mu, 0)).squareRoot() }
        return (mean, std.map { $0 > 0 ? $0 : 1 })
    }

    static func standardized(_ d: DenseSequenceDataset, mean: [Double], std: [Double]) -> DenseSequenceDataset {
        var out = d
        let k = d.inputSize
        for i in out.inputs.indices { out.inputs[i] = Float((Double(out.inputs[i]) - mean[i % k]) / std[i % k]) }
        return out
    }
}
