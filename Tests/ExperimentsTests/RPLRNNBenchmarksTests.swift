import Engine
@testable import Experiments
import Foundation
import HDF5
import Testing

@Suite struct RPLRNNFig2Tests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(RPLRNNFig2.self, scale: scale)
        #expect(config.trainingProtocol == .published)
        #expect(config.aggregation == .kept)
        #expect(!config.mnistEnabled)
        #expect(RPLRNNFig2.inputs(config: config).isEmpty)
        let jobs = try RPLRNNFig2.jobs(config: config)
        #expect(Set(jobs.map(\.name)).count == jobs.count)
        switch scale {
        case "smoke":
            #expect(jobs.count == 2 * 2 * 2)  // tasks × models × T, one seed
            #expect(jobs.allSatisfy { $0.parameters.epochs == 3 && $0.parameters.hidden == 16 && $0.parameters.trainCount == 500 })
        case "paper":
            #expect(config.seeds == 10)
            let p = try #require(jobs.first { $0.name == "task=addition,model=LSTM,T=50,seed=1" }).parameters
            #expect(p.batchSize == 500 && p.epochs == 200 && p.clip == 3 && p.hidden == 40 && p.trainCount == 100_000)
            #expect(config.lengths(.multiplication, .rPLRNN) == [100, 200, 300, 400, 600, 700, 900])
            // Every (task, model) of the published table appears with its lengths.
            #expect(jobs.count == 10 * (2 * (4 + 5 + 5 + 4 + 4 + 4 + 5) + 6 + 7))
        default:
            let p = try #require(jobs.first { $0.parameters.model == .rPLRNN }).parameters
            #expect(p.tau == 5 && p.regularizedFraction == 0.5)
        }
        #expect(jobs.allSatisfy { (RPLRNNFig2.estimatedCPUSeconds($0.parameters) ?? 0) > 0 })
    }

    @Test func paperTextProtocolAndMNISTInputs() throws {
        var config = try ExperimentHarness.config(RPLRNNFig2.self, scale: "paper")
        config.trainingProtocol = .paperText
        config.tasks.append(.mnist)
        config.models = [.LSTM]
        let jobs = try RPLRNNFig2.jobs(config: config)
        let lstm = try #require(jobs.first { $0.name == "task=addition,model=LSTM,T=100,seed=1" }).parameters
        #expect(lstm.batchSize == 16 && lstm.epochs == 100 && lstm.clip == 10 && lstm.hidden == 10)
        let inputs = RPLRNNFig2.inputs(config: config).map(\.path)
        #expect(inputs == ["../shared/datasets/mnist/t10k-images-idx3-ubyte.gz", "../shared/datasets/mnist/t10k-labels-idx1-ubyte.gz"])
        let mnist = jobs.filter { $0.parameters.task == .mnist }
        #expect(mnist.count == 10 && mnist.allSatisfy { $0.inputs == inputs && $0.parameters.steps == 784 })
    }

    @Test func raisingSeedsOnlyAddsJobs() throws {
        var config = try ExperimentHarness.config(RPLRNNFig2.self, scale: "default")
        let seedsBefore = config.seeds
        let three = try RPLRNNFig2.jobs(config: config)
        config.seeds = seedsBefore + 2
        let five = try RPLRNNFig2.jobs(config: config)
        let old = Dictionary(uniqueKeysWithValues: three.map { ($0.name, $0) })
        #expect(five.count == three.count / seedsBefore * (seedsBefore + 2))
        #expect(five.filter { old[$0.name] != nil }.count == three.count)
        for job in five { if let before = old[job.name] { #expect(before.parameters == job.parameters && before.seed == job.seed) } }
    }

    @Test func smokeRunHasFiniteMetricsAndFigure() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(RPLRNNFig2.self, scale: "smoke")
        let (jobs, results) = try harness.run(RPLRNNFig2.self, config: config)
        for job in jobs {
            let root = try #require(results.result(named: job.name)).root()
            #expect(try root.stringAttribute("outcome") == "completed")
            let loss = try root.doubleAttribute("best_test_loss"), p = try root.doubleAttribute("best_test_metric")
            #expect(loss.isFinite && loss > 0 && loss < 10, "\(job.name)")
            #expect(p >= 0 && p <= 1)
            let history = try root.group("history").read("test_loss", as: Double.self).values
            #expect(history.count == 3 && history.min() == loss)
        }
        let canvas = try harness.figures(RPLRNNFig2.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["fig2"])
        let fig = canvas.figures[0]
        #expect(fig.panels.count == 4 && fig.rows == 2 && fig.columns == 2)
        #expect(fig.panels[0].series.compactMap(\.title) == ["PLRNN", "rPLRNN", "published (open)"])
        #expect(fig.panels[0].referenceLines.map(\.value) == [0.166])
        #expect(fig.panels[3].referenceLines.map(\.value) == [0.11])
        #expect(canvas.tables.first?.rows.count == 8)
        #expect(canvas.notes.contains { $0.contains("0 of 8 runs diverged") })
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }
    }

    @Test func divergedRunIsRecordedAndCounted() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        var config = try ExperimentHarness.config(RPLRNNFig2.self, scale: "smoke")
        config.learningRate = 1e3
        config.tasks = [.addition]
        config.models = [.PLRNN]
        config.lengths = ["addition": ["all": [20]]]
        let (jobs, results) = try harness.run(RPLRNNFig2.self, config: config)
        #expect(jobs.count == 1)
        let root = try results.jobs[0].root()
        #expect(try root.stringAttribute("outcome") == "diverged")
        #expect(try !root.stringAttribute("diverged_reason").isEmpty)
        let canvas = try harness.figures(RPLRNNFig2.self, config: config, results: results)
        #expect(canvas.figures[0].panels[0].series.first?.title == "PLRNN (1/1 diverged)")
        let row = try #require(canvas.tables.first?.rows.first)
        #expect(row[0...4] == ["addition", "PLRNN", "20", "1", "1"])
        #expect(canvas.notes.contains { $0.contains("1 of 1 runs diverged") })
        // The papers' aggregation drops it from the mean but still counts it.
        config.aggregation = .paper
        let paper = try harness.figures(RPLRNNFig2.self, config: config, results: results)
        #expect(paper.tables.first?.rows.first?[4] == "1" && paper.tables.first?.rows.first?[6] == "0")
    }

    @Test func resumingFromACheckpointGivesTheUninterruptedResult() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(RPLRNNFig2.self, scale: "smoke")
        let full = try #require(try RPLRNNFig2.jobs(config: config).first { $0.parameters.model == .rPLRNN })
        var first = full
        first.parameters.epochs = 1  // stands in for a run stopped after its first epoch's checkpoint
        let uninterrupted = try HDF5File.open(harness.compute(RPLRNNFig2.self, job: full, index: 0)).root
        _ = try harness.compute(RPLRNNFig2.self, job: first, index: 1)
        #expect(FileManager.default.fileExists(atPath: harness.directory.appendingPathComponent("checkpoint-1/checkpoint.h5").path))
        let resumed = try HDF5File.open(harness.compute(RPLRNNFig2.self, job: full, index: 1)).root
        for column in ["test_loss", "test_metric", "train_loss", "regularization"] {
            #expect(try resumed.group("history").read(column, as: Double.self) == uninterrupted.group("history").read(column, as: Double.self))
        }
        #expect(try resumed.doubleAttribute("best_test_loss") == uninterrupted.doubleAttribute("best_test_loss"))
    }
}

@Suite struct RPLRNNFigS3Tests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(RPLRNNFigS3.self, scale: scale)
        let jobs = try RPLRNNFigS3.jobs(config: config)
        #expect(Set(jobs.map(\.name)).count == jobs.count)
        #expect(jobs.allSatisfy { $0.parameters.model == .rPLRNN && $0.parameters.task == .addition })
        if scale == "paper" {
            #expect(jobs.allSatisfy { $0.parameters.batchSize == 16 && $0.parameters.epochs == 100 && $0.parameters.clip == 10 })
            #expect(jobs.count == 5 * (7 + 11 + 8))
            let tau2 = try #require(jobs.first { $0.name == "sweep=tau,value=2,seed=1" }).parameters
            #expect(tau2.tau == 2 && tau2.steps == 200 && tau2.hidden == 40 && tau2.regularizedFraction == 0.5)
            #expect(jobs.contains { $0.name == "sweep=tau,value=0.3,seed=5" })
        }
    }

    @Test func smokeRunDrawsThreePanels() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(RPLRNNFigS3.self, scale: "smoke")
        let (jobs, results) = try harness.run(RPLRNNFigS3.self, config: config)
        #expect(jobs.count == 5)
        for job in jobs { #expect(try results.result(named: job.name)!.root().doubleAttribute("best_test_loss").isFinite) }
        let hidden8 = try results.result(named: "sweep=hidden,value=8,seed=1")!.root()
        #expect(try hidden8.intAttribute("hidden") == 8)
        let canvas = try harness.figures(RPLRNNFigS3.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["figS3"])
        let panels = canvas.figures[0].panels
        #expect(panels.count == 3)
        #expect(panels[1].logX && panels[1].series.count == 2 && panels[2].series.count == 1)
        #expect(panels[1].series[0].columns[0] == [0.1, 2])  // τ = 0 drawn at 0.1
        #expect(canvas.tables.first?.rows.count == 5)
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }
    }
}
