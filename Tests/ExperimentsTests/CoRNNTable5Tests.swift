import Engine
import Experiments
import Foundation
import HDF5
import Testing

/// The MNIST test set the smoke scale reads (`../shared/datasets/mnist`); the training test skips without it.
private let mnistPresent = CoRNNTable5.inputs(config: try! ExperimentHarness.config(CoRNNTable5.self, scale: "smoke")).allSatisfy {
    FileManager.default.fileExists(atPath: ExperimentHarness.projectRoot.appendingPathComponent($0.path).path)
}

@Suite struct CoRNNTable5Tests {
    @Test(arguments: ["smoke", "default", "paper"])
    func oneJobPerTaskAndSeed(scale: String) throws {
        let config = try ExperimentHarness.config(CoRNNTable5.self, scale: scale)
        let jobs = try CoRNNTable5.jobs(config: config)
        #expect(jobs.count == config.tasks.count * config.seeds.count)
        #expect(Set(jobs.map(\.name)).count == jobs.count)
        #expect(jobs.first?.name == "task=\(config.tasks[0].rawValue),seed=\(config.seeds[0])")
        // A task's seeds differ only in the job seed, so adding a seed leaves existing jobs (and their keys) alone.
        let one = try #require(jobs.first { $0.name == "task=sMNIST,seed=1" })
        let two = try #require(jobs.first { $0.name == "task=sMNIST,seed=2" })
        #expect(one.parameters == two.parameters && one.seed == 1 && two.seed == 2)
    }

    @Test func paperScaleIsTheTable8ProtocolOverAllFiveTasksWithTenSeeds() throws {
        let config = try ExperimentHarness.config(CoRNNTable5.self, scale: "paper")
        #expect(config.tasks == CoRNNTable5.Task.allCases && config.seeds == Array(1...10))
        let jobs = try CoRNNTable5.jobs(config: config)
        guard case .mnist(let s) = try #require(jobs.first { $0.name == "task=sMNIST,seed=1" }).parameters,
              case .mnist(let ps) = try #require(jobs.first { $0.name == "task=psMNIST,seed=1" }).parameters,
              case .har(let har) = try #require(jobs.first { $0.name == "task=HAR2,seed=1" }).parameters else {
            Issue.record("wrong job kinds")
            return
        }
        #expect(s.task == .sMNIST && s.hidden == 256 && s.settings.lr == 0.0021 && s.settings.dt == 0.042 && s.epochs == 120 && s.decayEpoch == 100)
        #expect(ps.task == .psMNIST && ps.hidden == 256 && ps.settings.lr == 0.0054 && ps.settings.gamma == 0.4 && ps.settings.epsilon == 8)
        #expect(!s.pooled && s.batch == 120)
        #expect(har.training.hidden == 64 && har.training.epochs == 250 && har.training.settings.lr == 0.017)
        // Every file of every task is declared (the experiment waits for CIFAR, HAR and IMDB at paper scale).
        let paths = CoRNNTable5.inputs(config: config).map(\.path)
        #expect(paths.contains("../shared/datasets/mnist/t10k-images-idx3-ubyte.gz"))
        #expect(paths.contains("../shared/datasets/cifar-10-batches-bin/test_batch.bin"))
        #expect(paths.contains("../shared/datasets/UCI HAR Dataset/test/y_test.txt"))
        #expect(paths.contains("../shared/datasets/imdb/aclImdb_v1.tar.gz") && paths.contains("../shared/datasets/glove/glove.6B.100d.txt"))
        #expect(Set(paths).count == paths.count)
        #expect(jobs.compactMap { CoRNNTable5.estimatedCPUSeconds($0.parameters) }.reduce(0, +) > 1000 * 3600)
    }

    @Test func reducedScalesListOnlyTheMNISTTasksSoMissingDataDoesNotBlockThem() throws {
        for scale in ["smoke", "default"] {
            let config = try ExperimentHarness.config(CoRNNTable5.self, scale: scale)
            #expect(config.tasks == [.sMNIST, .psMNIST])
            #expect(CoRNNTable5.inputs(config: config).map(\.path)
                == ["../shared/datasets/mnist/t10k-images-idx3-ubyte.gz", "../shared/datasets/mnist/t10k-labels-idx1-ubyte.gz"])
        }
        // The other tasks bring their own files with the single-run experiments' instructions.
        let har = CoRNNTable5.inputs(task: .HAR2)
        #expect(har.count == 20 && har.allSatisfy { $0.instructions.contains("UCI HAR Dataset.zip") })
        #expect(CoRNNTable5.inputs(task: .noisyCIFAR10).allSatisfy { $0.instructions.contains("cifar-10-binary.tar.gz") })
    }

    @Test func rejectsNonCoRNNModelsAndRepeatedSeeds() throws {
        var config = try ExperimentHarness.config(CoRNNTable5.self, scale: "smoke")
        config.seeds = [1, 1]
        #expect(throws: (any Error).self) { try config.validate() }
        config.seeds = [1]
        config.har2.cornn.model = .lstm
        #expect(throws: (any Error).self) { try config.validate() }
    }

    @Test(.enabled(if: mnistPresent, "needs ../shared/datasets/mnist"))
    func smokeRunGivesMeanAndSDPerTaskBesideThePublished() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(CoRNNTable5.self, scale: "smoke")
        let (jobs, results) = try harness.run(CoRNNTable5.self, config: config)
        #expect(jobs.count == 4)
        let summaries = CoRNNTable5.summaries(config: config, results: results)
        #expect(summaries.map(\.task) == [.sMNIST, .psMNIST])
        for s in summaries {
            #expect(s.accuracies.count + s.diverged == 2 && s.missing == 0)
            #expect(s.accuracies.allSatisfy { $0 >= 0 && $0 <= 100 })
        }
        let canvas = try harness.figures(CoRNNTable5.self, config: config, results: results)
        let table = try #require(canvas.tables.first { $0.name == "table5" })
        #expect(table.rows.map { $0[0] } == ["sMNIST", "psMNIST"])
        #expect(table.rows[0][1] == "99.17 ± 0.07 (n 10, 256 units)")
        #expect(canvas.figures.map(\.name) == ["table5"])
        let quantities = try CoRNNTable5.quantities(config: config, results: results)
        let q = try #require(quantities.first { $0.name == "sMNIST coRNN test accuracy" })
        #expect(q.published == "cornn-iclr2021/table5.cornn.smnist-256")
        #expect(q.paperRule == .welch(alpha: 0.01) && q.paperScales == ["paper"])
        #expect(q.uncertainty?.n == summaries[0].accuracies.count)
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }
    }

    @Test func summaryStatisticsAreTheSampleMeanAndSD() {
        let s = CoRNNTable5.Summary(task: .HAR2, accuracies: [95, 96, 97], diverged: 1, missing: 0, hidden: 64, data: nil)
        #expect(s.mean == 96)
        #expect(abs((s.sd ?? 0) - 1) < 1e-12)
        #expect(CoRNNTable5.Summary(task: .HAR2, accuracies: [95], diverged: 0, missing: 0, hidden: 64, data: nil).sd == nil)
    }
}
