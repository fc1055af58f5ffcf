import Engine
@testable import Experiments
import Foundation
import HDF5
import LinearAlgebra
import Models
import Testing

/// Writes a fake rPLRNN result (outcome, best test loss, learned parameters) so that the figure and
/// quantity stages can be checked on known numbers.
private func writeFakeRun(_ url: URL, aReg: Double, wReg: Double, hReg: Double, aFree: Double, mse: Double,
                          m: Int = 4, regularized: Int = 2) throws -> JobResult {
    let file = try HDF5File.create(url)
    let root = file.root
    try root.setAttribute("outcome", "completed")
    try root.setAttribute("best_test_loss", mse)
    try root.setAttribute("best_test_metric", 0.5)
    var w = Matrix<Float>(rows: m, columns: m, storage: Array(repeating: 0.1, count: m * m))
    for i in 0..<regularized { for j in 0..<m { w[i, j] = Float(wReg) } }
    let a = (0..<m).map { Float($0 < regularized ? aReg : aFree) }
    let h = (0..<m).map { Float($0 < regularized ? hReg : 0.3) }
    func column(_ v: [Float]) -> Matrix<Float> { Matrix(rows: v.count, columns: 1, storage: v) }
    let parameters = [
        Parameter("A.weight", column(a)), Parameter("B.weight", Matrix(rows: 1, columns: m, storage: Array(repeating: 1, count: m))),
        Parameter("W.weight", w), Parameter("W.bias", column(h)),
        Parameter("CLinear.weight", Matrix(rows: m, columns: 2, storage: Array(repeating: 3, count: 2 * m))),
        Parameter("mu0", column(Array(repeating: 0, count: m))),
    ]
    try RPLRNNLearnedParameters.write(parameters, hidden: m, regularizedUnits: regularized, to: root)
    try file.close()
    return JobResult(name: url.deletingPathExtension().lastPathComponent, file: try HDF5File.open(url), failure: nil)
}

@Suite struct RPLRNNFigS4Tests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(RPLRNNFigS4.self, scale: scale)
        let jobs = try RPLRNNFigS4.jobs(config: config)
        #expect(Set(jobs.map(\.name)).count == jobs.count)
        #expect(jobs.count == config.taus.count * config.seeds)
        #expect(jobs.allSatisfy { $0.parameters.model == .rPLRNN && $0.parameters.task == .addition && $0.parameters.regularizedFraction == 0.5 })
        if scale == "paper" {
            // The Fig. S3B setting: T = 200, M = 40, batch 16, 100 epochs, clip 10, 11 values of τ, 5 seeds.
            #expect(jobs.count == 11 * 5)
            let p = try #require(jobs.first { $0.name == "tau=0.3,seed=5" }).parameters
            #expect(p.tau == 0.3 && p.steps == 200 && p.hidden == 40 && p.batchSize == 16 && p.epochs == 100 && p.clip == 10)
            #expect(p.trainCount == 100_000 && p.testCount == 10_000)
        }
        #expect(jobs.allSatisfy { (RPLRNNFigS4.estimatedCPUSeconds($0.parameters) ?? 0) > 0 })
    }

    @Test func summarySplitsRegularisedAndFreeUnits() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let run = try writeFakeRun(harness.directory.appendingPathComponent("a.h5"), aReg: 0.9, wReg: 0.5, hReg: -0.2, aFree: 0.4, mse: 0.1)
        let stored = try RPLRNNLearnedParameters(from: run.root())
        #expect(stored.regularizedUnits == 2)
        #expect((0..<4).allSatisfy { stored.w[$0, $0] == 0 })  // diagonal zeroed as in the forward pass
        let s = try #require(stored.summary)
        #expect(s.units(.a, .regularized).map { Float($0) } == [0.9, 0.9])
        #expect(s.units(.a, .free).map { Float($0) } == [0.4, 0.4])
        // Row 0: three off-diagonal entries 0.5 → norm 0.5·√3; free rows: three 0.1 entries.
        #expect(abs(s.mean(.w, .regularized) - 0.5 * 3.0.squareRoot()) < 1e-6)
        #expect(abs(s.mean(.w, .free) - 0.1 * 3.0.squareRoot()) < 1e-6)
        #expect(abs(s.mean(.h, .regularized) - 0.2) < 1e-6)  // |h|
        #expect(abs(s.mean(.c, .free) - 3 * 2.0.squareRoot()) < 1e-5)
        // Distance from the penalty's targets (A → 1, W, h → 0), regularised units only.
        #expect(abs(s.meanDistanceFromTarget(.a) - 0.1) < 1e-6)
        #expect(abs(s.meanDistanceFromTarget(.w) - 0.5 * 3.0.squareRoot()) < 1e-6)
        #expect(abs(s.meanDistanceFromTarget(.h) - 0.2) < 1e-6)
    }

    @Test func claimsFollowThePinnedAndTheFreeParameters() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        var config = try ExperimentHarness.config(RPLRNNFigS4.self, scale: "smoke")
        config.taus = [0, 100]
        config.seeds = 2
        func results(aRegStrong: Double, aFreeStrong: Double) throws -> ResultSet {
            var jobs: [JobResult] = []
            for s in 1...2 {
                let jitter = 0.01 * Double(s)
                let dir = harness.directory
                jobs.append(try writeFakeRun(dir.appendingPathComponent("tau=0,seed=\(s).h5"), aReg: 0.7 + jitter, wReg: 0.3, hReg: 0.2,
                                             aFree: 0.5 + jitter, mse: 0.16))
                jobs.append(try writeFakeRun(dir.appendingPathComponent("tau=100,seed=\(s).h5"), aReg: aRegStrong + jitter / 10, wReg: 0.001,
                                             hReg: 0.001, aFree: aFreeStrong + jitter, mse: 1e-4))
            }
            return ResultSet(jobs: jobs)
        }
        func claim(_ q: [Quantity], _ name: String) -> Bool? {
            guard case .claim(let holds) = q.first(where: { $0.name == name })?.value else { return nil }
            return holds
        }
        let good = try RPLRNNFigS4.quantities(config: config, results: results(aRegStrong: 0.999, aFreeStrong: 0.8))
        #expect(claim(good, "regularised units pinned at large tau") == true)
        #expect(claim(good, "free-unit parameters shift with tau") == true)
        #expect(good.contains { $0.name == "A regularized vs tau" && $0.published == nil })
        let bad = try RPLRNNFigS4.quantities(config: config, results: results(aRegStrong: 0.8, aFreeStrong: 0.5))
        #expect(claim(bad, "regularised units pinned at large tau") == false)
        #expect(claim(bad, "free-unit parameters shift with tau") == false)
    }

    @Test func smokeRunStoresParametersAndDrawsBothFigures() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(RPLRNNFigS4.self, scale: "smoke")
        let (jobs, results) = try harness.run(RPLRNNFigS4.self, config: config)
        #expect(jobs.count == 2)
        for job in jobs {
            let root = try #require(results.result(named: job.name)).root()
            #expect(try root.doubleAttribute("best_test_loss").isFinite)
            let stored = try RPLRNNLearnedParameters(from: root)
            #expect(stored.a.count == config.hidden && stored.regularizedUnits == config.hidden / 2)
            #expect(try root.group("parameters").read("C", as: Double.self).shape == [config.hidden, 2])
            #expect(stored.summary != nil)
        }
        // The line-attractor initialisation: after two short epochs at τ = 5 the regularised A_mm are still near 1.
        let pinned = try RPLRNNLearnedParameters(from: #require(results.result(named: "tau=5,seed=1")).root()).summary!
        #expect(pinned.units(.a, .regularized).allSatisfy { abs($0 - 1) < 0.1 })
        let canvas = try harness.figures(RPLRNNFigS4.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["figS4", "figS4-error"])
        let panels = canvas.figures[0].panels
        #expect(panels.count == 8 && panels.allSatisfy(\.logX))
        #expect(panels[0].series.count == 2 && panels[0].series[0].columns[0] == [5.0 / 3, 5])  // τ = 0 drawn at a third of the smallest τ
        #expect(panels[0].referenceLines.map(\.value) == [1])
        #expect(panels[3].referenceLines.isEmpty)  // C is not regularised
        #expect(panels[4].series[0].columns[1].count == 2 * config.hidden / 2)  // every regularised unit of both runs
        #expect(canvas.tables.first?.rows.count == 2)
        let q = try RPLRNNFigS4.quantities(config: config, results: results)
        #expect(q.filter { if case .claim = $0.value { true } else { false } }.count == 2)
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }
    }
}

@Suite struct RPLRNNFigS6Tests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(RPLRNNFigS6.self, scale: scale)
        let jobs = try RPLRNNFigS6.jobs(config: config)
        #expect(Set(jobs.map(\.name)).count == jobs.count)
        if scale != "smoke" {
            #expect(config.models.map(\.label) == ["iRNN (100)", "rPLRNN (100)", "rPLRNN (40)", "LSTM (25)"])
            let lstm = try #require(jobs.first { $0.parameters.model == .LSTM }).parameters
            #expect(lstm.hidden == 25 && lstm.tau == nil)
            let r = try #require(jobs.first { $0.name == "task=addition,model=rPLRNN,M=100,T=150,seed=2" || $0.name == "task=multiplication,model=rPLRNN,M=100,T=200,seed=2" }).parameters
            #expect(r.hidden == 100 && r.tau == 5 && r.regularizedFraction == 0.5)
            #expect(jobs.allSatisfy { $0.parameters.batchSize == 16 && $0.parameters.clip == 10 })  // paper-text protocol
        }
        if scale == "paper" {
            #expect(jobs.count == 2 * 4 * 5 * 10)
            #expect(jobs.allSatisfy { $0.parameters.epochs == 100 && $0.parameters.trainCount == 100_000 })
            // The published protocol is one setting away.
            var published = config
            published.trainingProtocol = .published
            #expect(try RPLRNNFigS6.jobs(config: published).allSatisfy { $0.parameters.batchSize == 500 && $0.parameters.epochs == 200 && $0.parameters.clip == 3 })
        }
    }

    @Test func duplicateCurvesAreRejected() throws {
        var config = try ExperimentHarness.config(RPLRNNFigS6.self, scale: "default")
        config.models.append(config.models[0])
        #expect(throws: (any Error).self) { try config.validate() }
    }

    @Test func claimFailsWhenMoreUnitsHelp() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        var config = try ExperimentHarness.config(RPLRNNFigS6.self, scale: "smoke")
        config.models = [.init(model: .rPLRNN, hidden: 40), .init(model: .rPLRNN, hidden: 100)]
        config.seeds = 2
        func results(mse40: Double, mse100: Double) throws -> ResultSet {
            var jobs: [JobResult] = []
            for entry in config.models {
                for s in 1...2 {
                    let name = RPLRNNFigS6.jobName(.addition, entry, steps: 20, seed: s)
                    let url = harness.directory.appendingPathComponent("\(entry.hidden)-\(s)-\(mse40)-\(mse100).h5")
                    let file = try HDF5File.create(url)
                    try file.root.setAttribute("outcome", "completed")
                    try file.root.setAttribute("best_test_loss", (entry.hidden == 40 ? mse40 : mse100) * (1 + 0.01 * Double(s)))
                    try file.root.setAttribute("best_test_metric", 0.5)
                    try file.close()
                    jobs.append(JobResult(name: name, file: try HDF5File.open(url), failure: nil))
                }
            }
            return ResultSet(jobs: jobs)
        }
        func holds(_ q: [Quantity]) -> Bool? {
            guard case .claim(let h) = q.first(where: { $0.published == "rplrnn-iclr2021/figS6.no-improvement-M100" })?.value else { return nil }
            return h
        }
        #expect(holds(try RPLRNNFigS6.quantities(config: config, results: results(mse40: 1e-4, mse100: 1e-4))) == true)
        #expect(holds(try RPLRNNFigS6.quantities(config: config, results: results(mse40: 0.1, mse100: 1e-4))) == false)
    }

    @Test func smokeRunDrawsCurvesWithPublishedMarkers() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(RPLRNNFigS6.self, scale: "smoke")
        let (jobs, results) = try harness.run(RPLRNNFigS6.self, config: config)
        #expect(jobs.count == 2)
        for job in jobs { #expect(try results.result(named: job.name)!.root().intAttribute("hidden") == job.parameters.hidden) }
        let canvas = try harness.figures(RPLRNNFigS6.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["figS6"])
        let fig = canvas.figures[0]
        #expect(fig.rows == 2 && fig.columns == 1)
        #expect(fig.panels[0].series.compactMap(\.title).prefix(3) == ["rPLRNN (10)", "rPLRNN (20)", "published rPLRNN (40), Fig. 2"])
        #expect(fig.panels[0].referenceLines.map(\.value) == [0.166])
        #expect(canvas.tables.first?.rows.count == 2)
        let q = try RPLRNNFigS6.quantities(config: config, results: results)
        #expect(q.count == 2)  // two curves; no claim without both M = 40 and M = 100
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }
    }
}
