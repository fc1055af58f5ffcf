import Engine
import Experiments
import Foundation
import HDF5
import Tasks
import Testing

/// A temporary project folder with a datasets folder beside it (`<tmp>/project`, `<tmp>/shared/datasets`),
/// laid out as the real project, so that experiments read tiny fake data through their declared paths.
private struct FakeProject {
    let base: URL
    var project: URL { base.appendingPathComponent("project", isDirectory: true) }
    var datasets: URL { base.appendingPathComponent("shared/datasets", isDirectory: true) }

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("cornn-tables-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: datasets, withIntermediateDirectories: true)
    }

    func write(_ bytes: [UInt8], to path: String) throws {
        let url = datasets.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func remove() { try? FileManager.default.removeItem(at: base) }

    /// Declared inputs that do not exist relative to the project (what the engine shows as *needs data*).
    func missing(_ inputs: [InputRequirement]) -> [String] {
        inputs.map(\.path).filter { !FileManager.default.fileExists(atPath: project.appendingPathComponent($0).standardizedFileURL.path) }
    }

    /// Runs every job with this folder as the project root, then reopens the results read-only.
    func run<E: Experiment>(_ type: E.Type, config: E.Config, harness: ExperimentHarness) throws -> (jobs: [Job<E.JobParameters>], results: ResultSet) {
        let jobs = try E.jobs(config: config)
        var results: [JobResult] = []
        for (index, job) in jobs.enumerated() {
            let url = harness.directory.appendingPathComponent("\(index).h5")
            let file = try HDF5File.create(url)
            let context = JobContext(results: file.root, seed: job.seed, projectRoot: project,
                                     checkpointDirectory: harness.directory.appendingPathComponent("checkpoint-\(index)"), reporter: { _, _ in })
            try E.compute(job.parameters, context: context)
            try file.close()
            results.append(JobResult(name: job.name, file: try HDF5File.open(url), failure: nil))
        }
        return (jobs, ResultSet(jobs: results))
    }

    /// Computes the first job and returns the error it throws (nil if it succeeds).
    func firstJobError<E: Experiment>(_ type: E.Type, config: E.Config, harness: ExperimentHarness) throws -> Error? {
        let job = try #require(try E.jobs(config: config).first)
        let file = try HDF5File.create(harness.directory.appendingPathComponent("missing-\(UUID().uuidString).h5"))
        defer { try? file.close() }
        let context = JobContext(results: file.root, seed: job.seed, projectRoot: project,
                                 checkpointDirectory: harness.directory.appendingPathComponent("checkpoint-missing"), reporter: { _, _ in })
        do { try E.compute(job.parameters, context: context) } catch { return error }
        return nil
    }

    // MARK: Fake data in the real formats

    /// CIFAR-10 binary batches with `records` images each; the class shows in the image's brightness.
    func writeCIFAR(records: Int) throws {
        for name in (1...5).map({ "data_batch_\($0).bin" }) + ["test_batch.bin"] {
            var bytes: [UInt8] = []
            for i in 0..<records {
                let label = UInt8(i % 10)
                bytes.append(label)
                bytes += (0..<3072).map { UInt8((Int(label) * 25 + $0 % 7) % 256) }
            }
            try write(bytes, to: "cifar-10-batches-bin/\(name)")
        }
    }

    /// A 'UCI HAR Dataset' folder with `windows` windows per split; activity 1…6 cycles, the signal's level follows the class.
    func writeHAR(windows: Int) throws {
        for split in ["train", "test"] {
            let activities = (0..<windows).map { $0 % 6 + 1 }
            try write(Array(activities.map { "\($0)\n" }.joined().utf8), to: "UCI HAR Dataset/\(split)/y_\(split).txt")
            for (c, name) in HARDataset.channelNames.enumerated() {
                let lines = activities.map { a in
                    (0..<128).map { t in String(format: " %.7e", Double(HARDataset.binaryLabel(activity: a)) + Double(c) / 10 + sin(Double(t) / 9)) }.joined()
                }
                try write(Array((lines.joined(separator: "\n") + "\n").utf8), to: "UCI HAR Dataset/\(split)/Inertial Signals/\(name)_\(split).txt")
            }
        }
    }

    /// aclImdb_v1.tar.gz with `perClass` reviews per class and split, and a 100-d GloVe file for their words.
    func writeIMDB(perClass: Int) throws {
        var files: [(path: String, contents: [UInt8])] = []
        for split in ["train", "test"] {
            for (label, word) in [("pos", "great"), ("neg", "awful")] {
                for i in 0..<perClass {
                    files.append(("aclImdb/\(split)/\(label)/\(i)_\(label == "pos" ? 8 : 3).txt",
                                  Array("The film is \(word) , truly \(word) !<br /><br />Scene \(i % 4) was fine.".utf8)))
                }
            }
        }
        files.append(("aclImdb/train/unsup/0_0.txt", Array("no label".utf8)))
        try write(TarGzip.archive(files), to: "imdb/aclImdb_v1.tar.gz")
        let words = ["great": 1.0, "awful": -1.0, "film": 0.2, "fine": 0.1, "the": 0.05]
        let glove = words.sorted { $0.key < $1.key }.map { word, v in
            ([word] + (0..<100).map { String(format: "%.4f", v * Double($0 % 3 + 1) / 3) }).joined(separator: " ")
        }.joined(separator: "\n") + "\n"
        try write(Array(glove.utf8), to: "glove/glove.6B.100d.txt")
    }
}

@Suite struct CoRNNTables234Tests {
    // MARK: Configurations

    @Test(arguments: ["smoke", "default", "paper"])
    func configsDecodeAtEveryScale(scale: String) throws {
        let cifar = try ExperimentHarness.config(CoRNNNoisyCIFAR.self, scale: scale)
        let har = try ExperimentHarness.config(CoRNNHAR.self, scale: scale)
        let imdb = try ExperimentHarness.config(CoRNNIMDB.self, scale: scale)
        #expect(try CoRNNNoisyCIFAR.jobs(config: cifar).count == cifar.models.count * cifar.seeds.count)
        #expect(try CoRNNHAR.jobs(config: har).count == har.models.count * har.seeds.count)
        #expect(try CoRNNIMDB.jobs(config: imdb).count == imdb.models.count * imdb.seeds.count)
        if scale == "paper" {
            // Table 8 values and the paper's protocol (SM §B, PROTOCOLS §2.2).
            let c = try #require(cifar.models.first { $0.model == .coRNN })
            #expect(c.lr == 0.0075 && c.dt == 0.034 && c.gamma == 1.3 && c.epsilon == 12.7)
            #expect(cifar.hidden == 128 && cifar.batch == 100 && cifar.epochs == 120 && cifar.decayEpoch == 100 && cifar.noiseSteps == 968)
            let h = try #require(har.models.first { $0.model == .coRNN })
            #expect(h.lr == 0.017 && h.dt == 0.1 && h.gamma == 0.2 && h.epsilon == 6.4 && har.hidden == 64 && har.epochs == 250)
            let i = try #require(imdb.models.first { $0.model == .coRNN })
            #expect(i.lr == 0.0006 && i.dt == 0.054 && i.gamma == 4.9 && i.epsilon == 4.8 && imdb.hidden == 128 && imdb.epochs == 100)
            #expect(imdb.vocabulary == 25_000 && imdb.trainFraction == 0.7 && imdb.batch == 64)
            #expect(cifar.verifyChecksums && imdb.verifyChecksums)
            let hours = try CoRNNNoisyCIFAR.jobs(config: cifar).compactMap { CoRNNNoisyCIFAR.estimatedCPUSeconds($0.parameters) }.reduce(0, +) / 3600
            #expect(hours > 100)
        }
    }

    // MARK: Needs data

    @Test func withoutDataEveryDeclaredFileIsMissingWithInstructionsAndTheJobsSayWhatIsMissing() throws {
        let fake = try FakeProject()
        defer { fake.remove() }
        let harness = try ExperimentHarness()
        defer { harness.remove() }

        let cifar = try ExperimentHarness.config(CoRNNNoisyCIFAR.self, scale: "smoke")
        let cifarInputs = CoRNNNoisyCIFAR.inputs(config: cifar)
        #expect(cifarInputs.map(\.path) == (1...5).map { "../shared/datasets/cifar-10-batches-bin/data_batch_\($0).bin" }
            + ["../shared/datasets/cifar-10-batches-bin/test_batch.bin"])
        #expect(cifarInputs.allSatisfy { $0.instructions.contains("cifar-10-binary.tar.gz") && $0.instructions.contains("30 730 000 bytes") })
        #expect(fake.missing(cifarInputs).count == 6)
        #expect(try CoRNNNoisyCIFAR.jobs(config: cifar).allSatisfy { $0.inputs == cifarInputs.map(\.path) })

        let har = try ExperimentHarness.config(CoRNNHAR.self, scale: "smoke")
        let harInputs = CoRNNHAR.inputs(config: har)
        #expect(harInputs.count == 20 && harInputs.contains { $0.path == "../shared/datasets/UCI HAR Dataset/test/y_test.txt" })
        #expect(harInputs.allSatisfy { $0.instructions.contains("UCI HAR Dataset.zip") })
        #expect(fake.missing(harInputs).count == 20)

        let imdb = try ExperimentHarness.config(CoRNNIMDB.self, scale: "smoke")
        let imdbInputs = CoRNNIMDB.inputs(config: imdb)
        #expect(imdbInputs.map(\.path) == ["../shared/datasets/imdb/aclImdb_v1.tar.gz", "../shared/datasets/glove/glove.6B.100d.txt"])
        #expect(imdbInputs.map(\.checksum) == ["7c2ac02c03563afcf9b574c7e56c153a", nil])
        #expect(imdbInputs[0].instructions.contains("https://ai.stanford.edu/~amaas/data/sentiment/"))
        #expect(imdbInputs[1].instructions.contains("glove.6B.zip") && imdbInputs[1].instructions.contains("056ea991adb4740ac6bf1b6d9b50408b"))
        #expect(fake.missing(imdbInputs).count == 2)

        // Run anyway, the jobs fail naming the missing files and where to put them.
        let errors = [try fake.firstJobError(CoRNNNoisyCIFAR.self, config: cifar, harness: harness),
                      try fake.firstJobError(CoRNNHAR.self, config: har, harness: harness),
                      try fake.firstJobError(CoRNNIMDB.self, config: imdb, harness: harness)]
        for (error, expected) in zip(errors, ["test_batch.bin", "y_train.txt", "aclImdb_v1.tar.gz"]) {
            let message = try #require(error as? DataError).description
            #expect(message.contains(expected) && message.contains("shared/datasets"), "\(message)")
        }
    }

    // MARK: End to end on fake data

    @Test func noisyCIFARRunsEndToEndOnFakeBatches() throws {
        let fake = try FakeProject()
        defer { fake.remove() }
        try fake.writeCIFAR(records: 30)
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        var config = try ExperimentHarness.config(CoRNNNoisyCIFAR.self, scale: "smoke")
        #expect(fake.missing(CoRNNNoisyCIFAR.inputs(config: config)).isEmpty)
        // The real sizes are checked by default, so the tiny batches are rejected…
        let error = try fake.firstJobError(CoRNNNoisyCIFAR.self, config: config, harness: harness)
        #expect((error as? DataError)?.description.contains("30730000") == true)
        // …and accepted with the check off.
        config.verifyChecksums = false
        let (jobs, results) = try fake.run(CoRNNNoisyCIFAR.self, config: config, harness: harness)
        for job in jobs {
            let root = try #require(results.result(named: job.name)).root()
            let accuracy = try root.read("test_metric", as: Double.self).values
            #expect(accuracy.count == config.epochs && accuracy.allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(try root.intAttribute("sequence_length") == 32 + config.noiseSteps)
            #expect(try root.intAttribute("train_sequences") == config.trainCount)
        }
        let canvas = try harness.figures(CoRNNNoisyCIFAR.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["table2"])
        let table = try #require(canvas.tables.first)
        #expect(table.rows.contains(["coRNN", "128", "46k", "59.0", "published (Table 2)"]))
        #expect(table.rows.filter { $0.last?.hasPrefix("ours") == true }.map { $0[0] } == ["coRNN", "LSTM"])
        let quantities = try CoRNNNoisyCIFAR.quantities(config: config, results: results)
        #expect(quantities.contains { $0.published == "cornn-iclr2021/table2.cornn.noisy-cifar10" })
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }
    }

    @Test func harRunsEndToEndOnAFakeUCIFolder() throws {
        let fake = try FakeProject()
        defer { fake.remove() }
        try fake.writeHAR(windows: 48)
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(CoRNNHAR.self, scale: "smoke")
        #expect(fake.missing(CoRNNHAR.inputs(config: config)).isEmpty)
        let (jobs, results) = try fake.run(CoRNNHAR.self, config: config, harness: harness)
        for job in jobs {
            let root = try #require(results.result(named: job.name)).root()
            let accuracy = try root.read("test_metric", as: Double.self).values
            #expect(accuracy.count == config.epochs && accuracy.allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(try root.intAttribute("sequence_length") == 128)
            // Fewer windows exist than train_count asks for: all 48 are used.
            #expect(try root.intAttribute("train_sequences") == 48)
            #expect(try root.stringAttribute("data").contains("z-scored"))
        }
        let canvas = try harness.figures(CoRNNHAR.self, config: config, results: results)
        let table = try #require(canvas.tables.first)
        #expect(table.rows.contains(["coRNN", "64", "9k", "97.2", "published (Table 3)"]))
        #expect(table.rows.filter { $0.last?.hasPrefix("ours") == true }.count == config.models.count * config.seeds.count)
    }

    @Test func imdbRunsEndToEndOnAFakeArchiveAndGloVeFile() throws {
        let fake = try FakeProject()
        defer { fake.remove() }
        try fake.writeIMDB(perClass: 20)
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        var config = try ExperimentHarness.config(CoRNNIMDB.self, scale: "smoke")
        #expect(fake.missing(CoRNNIMDB.inputs(config: config)).isEmpty)
        // The fake archive is not the published one: the MD5 check rejects it…
        let error = try fake.firstJobError(CoRNNIMDB.self, config: config, harness: harness)
        #expect((error as? DataError)?.description.contains("7c2ac02c03563afcf9b574c7e56c153a") == true)
        // …and with the check off the whole pipeline runs.
        config.verifyChecksums = false
        let (jobs, results) = try fake.run(CoRNNIMDB.self, config: config, harness: harness)
        for job in jobs {
            let root = try #require(results.result(named: job.name)).root()
            let accuracy = try root.read("test_metric", as: Double.self).values
            #expect(accuracy.count == config.epochs && accuracy.allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(try root.intAttribute("sequence_length") == config.maxTokens)
            #expect(try root.intAttribute("train_sequences") == config.trainCount)
            #expect(try root.intAttribute("test_sequences") == config.testCount)
            #expect(try root.intAttribute("glove_hits") == 4)  // great, awful, fine, and "film"; "The" is capitalised
        }
        let canvas = try harness.figures(CoRNNIMDB.self, config: config, results: results)
        let table = try #require(canvas.tables.first)
        #expect(table.rows.contains(["coRNN", "128", "46k", "87.4", "published (Table 4)"]))
        #expect(canvas.notes.contains { $0.contains("frozen") })
    }
}
