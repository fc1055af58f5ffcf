import Engine
@testable import Experiments
import Foundation
import HDF5
import Testing

@Suite struct RPLRNNFigS2Tests {
    @Test(arguments: ["smoke", "default", "paper"])
    func configDecodesAtEveryScale(scale: String) throws {
        let config = try ExperimentHarness.config(RPLRNNFigS2.self, scale: scale)
        #expect(config.steps % config.spectrumChunks == 0)
        #expect(try RPLRNNFigS2.jobs(config: config).map(\.name) == ["panel=A", "panel=B"])
    }

    /// The figure's claim: the MSE prefers the fixed-point model (A) to the exact system from a nearby
    /// start (B), while D_stsp and D_H prefer B.
    @Test func mseOrderingContradictsAttractorMetrics() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        let config = try ExperimentHarness.config(RPLRNNFigS2.self, scale: "smoke")
        let (_, results) = try harness.run(RPLRNNFigS2.self, config: config)
        let a = try results.result(named: "panel=A")!.root(), b = try results.result(named: "panel=B")!.root()
        #expect(try a.doubleAttribute("mse") < b.doubleAttribute("mse"))
        #expect(try a.doubleAttribute("d_stsp") > b.doubleAttribute("d_stsp"))
        #expect(try a.doubleAttribute("d_h") > b.doubleAttribute("d_h"))
        #expect(try b.doubleAttribute("mse") > 1)  // the twins decorrelate: ≈ 2 in z-scored units
        #expect(try b.intAttribute("separation_step") > 0)

        let canvas = try harness.figures(RPLRNNFigS2.self, config: config, results: results)
        #expect(canvas.figures.map(\.name) == ["figS2"])
        #expect(canvas.figures[0].panels.count == 5)
        #expect(canvas.tables.first?.rows.count == 2)
        #expect(canvas.notes.contains { $0.hasPrefix("As in the paper") })
        if let written = try harness.render(canvas) {
            for figure in written { #expect(FileManager.default.fileExists(atPath: figure.png.path)) }
        }

        let quantities = try RPLRNNFigS2.quantities(config: config, results: results)
        #expect(quantities.count == 2 * 4 + 1)
        #expect(try QuantityCheck.named("panel A MSE", in: quantities).value == .scalar(a.doubleAttribute("mse")))
        #expect(try QuantityCheck.named("panel B separation step", in: quantities).value == .scalar(Double(b.intAttribute("separation_step"))))
        let claim = try QuantityCheck.named("MSE misranks", in: quantities)
        #expect(claim.value == .claim(true) && claim.published == "rplrnn-iclr2021/figS2.mse-misranks" && claim.paperScales.contains("smoke"))
        try QuantityCheck.expectPublishedIdsExist(quantities)
    }

    /// A different fixed-point model (ρ = 15 instead of 20) gives panel-A numbers that differ from the
    /// archived ones by their tolerance; panel B, which does not depend on it, still agrees.
    @Test func changedModelDiffersFromTheArchivedQuantities() throws {
        let harness = try ExperimentHarness()
        defer { harness.remove() }
        var config = try ExperimentHarness.config(RPLRNNFigS2.self, scale: "smoke")
        let archived = try RPLRNNFigS2.quantities(config: config, results: harness.run(RPLRNNFigS2.self, config: config).results)
        config.fixedPointRho = 15
        let changed = try RPLRNNFigS2.quantities(config: config, results: harness.run(RPLRNNFigS2.self, config: config).results)
        for name in ["panel A MSE", "panel A D_stsp", "panel A D_H"] {
            #expect(QuantityCheck.agrees(try QuantityCheck.named(name, in: changed), try QuantityCheck.named(name, in: archived)) == false, "\(name)")
        }
        for name in ["panel B MSE", "panel B D_stsp", "panel B D_H", "MSE misranks"] {
            #expect(QuantityCheck.agrees(try QuantityCheck.named(name, in: changed), try QuantityCheck.named(name, in: archived)) == true, "\(name)")
        }
    }
}
