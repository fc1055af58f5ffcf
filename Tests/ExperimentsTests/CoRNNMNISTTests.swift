import Engine
import Experiments
import Foundation
import HDF5
import Testing

/// The MNIST test set the experiment reads (`../shared/datasets/mnist`); tests that train skip without it.
private let mnistPresent = CoRNNMNIST.inputs(config: try! ExperimentHarness.config(CoRNNMNIST.self, scale: "smoke")).allSatisfy {
    FileManager.default.fileExists(atPath: ExperimentHarness.projectRoot.appendingPathComponent($0.path).path)
}

@Suite struct CoRNNMNISTTests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(CoRNNMNIST.self, scale: scale)
        let jobs = try CoRNNMNIST.jobs(config: config)
        #expect(jobs.count == config.tasks.count * config.models.count * config.seeds.count)
        #expect(Set(jobs.map(\.name)).count == jobs.count)
        // Table 8's coRNN values differ between sMNIST and psMNIST.
        let s = try #require(jobs.first { $0.name == "task=sMNIST,model=coRNN,seed=1" }).parameters.settings
        let ps = try #require(jobs.first { $0.name == "task=psMNIST,model=coRNN,seed=1" }).parameters.settings
        #expect(s.dt == 0.053 && s.gamma == 1.7 && s.epsilon == 4 && s.lr == 0.0035)
        #expect(ps.dt == 0.083 && ps.gamma == 0.13 && ps.epsilon == 4.1 && ps.lr == 0.0037)
        // Every job declares the MNIST files it reads, so a missing data set shows as "needs data".
        #expect(jobs.allSatisfy { $0.inputs == CoRNNMNIST.inputs(config: config).map(\.path) })
        if scale == "paper" {
            #expect(config.hidden == 128 && config.batch == 120 && config.epochs == 120 && config.decayEpoch == 100 && !config.pooled)
            #expect(jobs.compactMap { CoRNNMNIST.estimatedCPUSeconds($0.parameters) }.reduce(0, +) > 10 * 3600)
        }
    }

    @Test func declaresTheMNISTTestFilesWithChecksums() throws {
        let config = try ExperimentHarness.config(CoRNNMNIST.self, scale: "smoke")
        let inputs = CoRNNMNIST.inputs(config: config)
        #expect(inputs.map(\.path) == ["../shared/datasets/mnist/t10k-images-idx3-ubyte.gz", "../shared/datasets/mnist/t10k-labels-idx1-ubyte.gz"])
        #expect(inputs.map(\.checksum) == ["9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c"])
    }

    @Test(.enabled(if: mnistPresent, "needs ../shared/datasets/mnist"))
    func smokeRunGivesAccuracyCurvesAndTable1() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(CoRNNMNIST.self, scale: "smoke")
        let (jobs, results) = try harness.run(CoRNNMNIST.self, config: config)
        for job in jobs {
            let root = try #require(results.result(named: job.name)).root()
            let accuracy = try root.read("test_metric", as: Double.self).values
            #expect(accuracy.count == config.epochs)
            #expect(accuracy.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "\(job.name)")
            #expect(try root.intAttribute("sequence_length") == 196)
            #expect(try root.intAttribute("train_images") == config.trainCount)
            #expect(try root.stringAttribute("data").contains("test set only"))
        }
        let canvas = try harness.figures(CoRNNMNIST.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["fig2"])
        #expect(canvas.figures[0].panels.compactMap(\.title) == ["psMNIST, 16 units", "sMNIST, 16 units"])
        #expect(canvas.figures[0].panels[0].series.compactMap(\.title) == ["coRNN", "tanh RNN"])
        let table = try #require(canvas.tables.first)
        #expect(table.name == "table1")
        // The published coRNN (128) row, then one row of ours per model.
        #expect(table.rows.contains(["coRNN", "128", "34k", "99.3", "96.6", "published (Table 1)"]))
        #expect(table.rows.filter { $0.last?.hasPrefix("ours") == true }.map { $0[0] } == ["coRNN", "tanh RNN"])
        #expect(canvas.notes.contains { $0.contains("test set only") })
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }
    }
}
