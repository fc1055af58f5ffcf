import Configuration
import Engine
import Foundation
import HDF5
import Plotting
import Randomness
import Tasks
import Training

/// What Tables 2–4 of the coRNN paper (noisy CIFAR-10, HAR-2, IMDB) share: one model trained per
/// job on a fixed data set, test accuracy after every epoch, and a table of the published rows next to ours.
public enum CoRNNClassificationTables {
    /// The training settings common to the three experiments (decoded from each experiment's config).
    public struct Training: Codable, Sendable, Equatable {
        public var settings: CoRNNModelSettings
        public var hidden: Int
        public var batch: Int
        public var testBatch: Int
        public var epochs: Int
        /// Epoch (from 0) from which the learning rate is divided by 10; ≥ epochs disables it.
        public var decayEpoch: Int
    }

    static func validate(hidden: Int, batch: Int, testBatch: Int, epochs: Int, decayEpoch: Int, trainCount: Int, testCount: Int,
                         seeds: [UInt64], models: [CoRNNModelSettings]) throws {
        for (key, value) in [("hidden", hidden), ("batch", batch), ("test_batch", testBatch), ("epochs", epochs),
                             ("train_count", trainCount), ("test_count", testCount)] {
            guard value > 0 else { throw ConfigurationError.outOfRange(key: key, value: "\(value)", range: "> 0") }
        }
        guard decayEpoch >= 0 else { throw ConfigurationError.outOfRange(key: "decay_epoch", value: "\(decayEpoch)", range: "≥ 0") }
        guard !seeds.isEmpty, Set(seeds).count == seeds.count else {
            throw ConfigurationError(key: "seeds", message: "needs at least one seed, without repeats")
        }
        guard !models.isEmpty, Set(models.map(\.model)).count == models.count else {
            throw ConfigurationError(key: "models", message: "needs at least one model, each at most once")
        }
        for (i, m) in models.enumerated() { try m.validate(key: "models[\(i)]") }
    }

    static func jobName(model: CoRNNBenchmarkModel, seed: UInt64) -> String { "model=\(model.rawValue),seed=\(seed)" }

    /// Project-relative paths of a requirement's files under the conventional datasets root.
    static func paths(_ requirement: DataRequirement) -> [String] {
        requirement.files.map { "\(DataRequirement.defaultRoot)/\(requirement.folder)/\($0.name)" }
    }

    /// One `InputRequirement` per file, with the requirement's download and placement instructions.
    static func inputs(_ requirement: DataRequirement) -> [InputRequirement] {
        zip(paths(requirement), requirement.files).map { path, file in
            let size = file.bytes.map { " Expected size \($0) bytes." } ?? ""
            return InputRequirement(path: path, instructions: "\(requirement.dataset): \(requirement.instructions)\(size)", checksum: file.md5)
        }
    }

    /// `count` indices of `0..<total` in a fixed random order (all of them when count ≥ total): a
    /// reduced scale then keeps a class-balanced sample of files sorted by subject or class.
    static func sample(_ total: Int, _ count: Int, seed: UInt64, _ name: String) -> [Int] {
        var g = Generator(seed: seed).child(name)
        return Array(g.permutation(total).prefix(min(count, total)))
    }

    /// Trains one model and writes its history and description into the job's results.
    static func train<Train: SequenceDataset, Test: SequenceDataset>(
        _ t: Training, train: Train, test: Test, classes: Int, context: JobContext, label: String,
        attributes: [String: String]
    ) throws {
        let binary = classes == 2
        let data = DatasetTrainingData(train: train, test: test, batchSize: t.batch, testBatchSize: t.testBatch, scalar: Float.self)
        let configuration = TrainingConfiguration(
            epochs: t.epochs, readout: .last, loss: binary ? .binaryCrossEntropyWithLogits : .crossEntropy,
            metric: binary ? .binaryAccuracy : .argmaxAccuracy, clipping: t.settings.clipping,
            schedule: LearningRateSchedule(base: t.settings.lr, milestones: t.decayEpoch < t.epochs ? [t.decayEpoch] : [], gamma: 0.1))
        let generator = Generator(seed: context.seed).child(t.settings.model.rawValue)
        let driver = CoRNNTrainingDriver(
            settings: t.settings, configuration: configuration, generator: generator.child("batches"), checkpointEvery: 1,
            context: context, label: label, data: { _ in data })
        var initGenerator = generator.child("init")
        let outcome = try t.settings.withModel(inputs: train.inputSize, hidden: t.hidden, outputs: binary ? 1 : classes,
                                               generator: &initGenerator, driver)
        let results = context.results
        try outcome.write(to: results, stepsPerEpoch: (train.count + t.batch - 1) / t.batch,
                          sampleStepsPerEpoch: Double(train.count * train.steps),
                          probeNames: t.settings.model == .coRNN ? ["assumption8_y", "assumption8_z"] : [])
        try results.setAttribute("model", t.settings.model.rawValue)
        try results.setAttribute("hyperparameters", t.settings.summary)
        try results.setAttribute("train_sequences", train.count)
        try results.setAttribute("test_sequences", test.count)
        try results.setAttribute("sequence_length", train.steps)
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) { try results.setAttribute(key, value) }
    }

    /// Estimated CPU seconds: epochs × (training + test/3) × steps × the model's multiply-adds.
    static func estimatedSeconds(_ t: Training, inputs: Int, steps: Int, train: Int, test: Int) -> Double {
        Double(t.epochs) * (Double(train) + Double(test) / 3) * Double(steps)
            * t.settings.model.multiplyAdds(hidden: t.hidden, inputs: inputs) * CoRNNAdding.secondsPerTrainingMultiplyAdd
    }

    // MARK: - Figure

    /// A published table row: model, units, parameters, accuracy (%).
    struct PublishedRow {
        var model: String
        var units: String
        var parameters: String
        var accuracy: Double
    }

    struct Run {
        var epochs: [Double]
        var accuracy: [Double]
        var status: String
        var reason: String?
        var parameters: Int
        var data: String
    }

    static func run(_ results: ResultSet, _ model: CoRNNBenchmarkModel, _ seed: UInt64) -> Run? {
        guard let result = results.result(named: jobName(model: model, seed: seed)),
              let root = try? result.root(),
              let epochs = try? root.read("epochs", as: Double.self).values,
              let accuracy = try? root.read("test_metric", as: Double.self).values else { return nil }
        return Run(epochs: epochs, accuracy: accuracy, status: (try? root.stringAttribute("status")) ?? "unknown",
                   reason: try? root.stringAttribute("diverged_reason"), parameters: (try? root.intAttribute("parameter_count")) ?? 0,
                   data: (try? root.stringAttribute("data")) ?? "")
    }

    /// Last-epoch test accuracy (NaN for a diverged run).
    static func finalAccuracy(_ r: Run) -> Double { r.status == "diverged" ? .nan : (r.accuracy.last ?? .nan) }

    /// Accuracy-per-epoch panel and the published table with our rows appended.
    static func figures(name: String, table: String, title: String, published: [PublishedRow], publishedSource: String,
                        models: [CoRNNBenchmarkModel], seeds: [UInt64], hidden: Int, epochs: Int, chance: Double,
                        results: ResultSet, canvas: FigureCanvas) {
        var series: [Series] = []
        var dataDescription: String?
        var diverged = 0
        for model in models {
            for (k, seed) in seeds.enumerated() {
                guard let r = run(results, model, seed) else { continue }
                dataDescription = dataDescription ?? r.data
                series.append(.linePoints(x: r.epochs, y: r.accuracy, title: k == 0 ? model.label : nil,
                                          color: CoRNNAdding.colors[model], pointType: 7, pointSize: 0.6))
                if r.status == "diverged" {
                    diverged += 1
                    canvas.note("\(model.label), seed \(seed) diverged (\(r.reason ?? "no reason stored")); it is kept in the figure and its table row shows NaN.")
                }
            }
        }
        let publishedLines = published.filter { $0.model.hasPrefix("coRNN") || models.map(\.label).contains($0.model) }
            .map { ReferenceLine.horizontal($0.accuracy / 100, label: "\($0.model) published") }
        canvas.add(GnuplotFigure(
            name: name, title: "\(title): test accuracy per epoch, \(hidden) units (\(diverged) diverged run(s))",
            rows: 1, columns: 1, width: 620, height: 430,
            panels: [Panel(title: nil, xLabel: "epoch", yLabel: "test accuracy", yRange: 0...1, key: .bottomRight, series: series,
                           referenceLines: [.horizontal(chance, label: "chance")] + publishedLines)]))

        func percent(_ x: Double?) -> String { x.map { $0.isNaN ? "NaN" : String(format: "%.1f", 100 * $0) } ?? "–" }
        var rows = published.map { [$0.model, $0.units, $0.parameters, String(format: "%.1f", $0.accuracy), "published (\(publishedSource))"] }
        for model in models {
            for seed in seeds {
                guard let r = run(results, model, seed) else {
                    rows.append([model.label, "\(hidden)", "–", "–", "ours, seed \(seed): no result"])
                    continue
                }
                let p = r.parameters
                rows.append([model.label, "\(hidden)", p >= 1000 ? "\(p / 1000)k" : "\(p)", percent(finalAccuracy(r)),
                             "ours, seed \(seed), \(r.epochs.count) epochs, last-epoch test accuracy"])
            }
        }
        canvas.add(ResultTable(name: table, caption: "\(title): test accuracy (%), published rows beside ours. Ours: \(dataDescription ?? "no data").",
                               header: ["model", "units", "parameters", "test accuracy (%)", "source"], rows: rows))
        if let dataDescription { canvas.note("Data: \(dataDescription).") }
        for failed in results.failed {
            canvas.note("Job \(failed.name) has no result: \(failed.failure ?? "unknown reason").")
        }
    }

    /// Our mean last-epoch accuracy (%) per model against the published coRNN value, and whether coRNN
    /// beats every baseline trained here (the tables' ordering).
    static func quantities(table: String, task: String, publishedCoRNN: String, publishedSD: Double, models: [CoRNNBenchmarkModel],
                           seeds: [UInt64], results: ResultSet) -> [Quantity] {
        var quantities: [Quantity] = []
        var means: [CoRNNBenchmarkModel: Double] = [:]
        for model in models {
            let values = seeds.compactMap { run(results, model, $0) }.map { 100 * finalAccuracy($0) }
            guard !values.isEmpty else { continue }
            let mean = values.reduce(0, +) / Double(values.count)
            means[model] = mean
            let sd = values.count > 1
                ? (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot() : nil
            quantities.append(Quantity(
                name: "\(model.rawValue) test accuracy", meaning: "\(model.label) last-epoch test accuracy on \(task), mean over seeds",
                unit: "%", value: .scalar(mean), uncertainty: Uncertainty(sd: sd, n: values.count),
                rule: .tolerance(absolute: 1, relative: 0),
                // Table 5: s.d. over 10 re-trainings; 3 s.d. around the printed best run.
                paperRule: model == .coRNN ? .tolerance(absolute: 3 * publishedSD, relative: 0) : nil,
                published: model == .coRNN ? "cornn-iclr2021/\(publishedCoRNN)" : nil))
        }
        if let cornn = means[.coRNN], means.count > 1 {
            let others = means.filter { $0.key != .coRNN }
            quantities.append(.claim("coRNN beats every baseline",
                                     "coRNN's test accuracy on \(task) is higher than that of \(others.keys.map(\.label).sorted().joined(separator: ", ")) (\(table))",
                                     holds: others.values.allSatisfy { cornn > $0 }, paperScales: ["default", "paper"]))
        }
        return quantities
    }
}
