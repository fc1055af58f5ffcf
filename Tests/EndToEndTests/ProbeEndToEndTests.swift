import Foundation
import HDF5
import Testing

/// `repro probe` with the real binary: the file an external gradient check (scripts/check_probe.py) reads.
@Suite(.enabled(if: ReproCLI.isAvailable, "build the repro binary first: swift build --product repro (make test does)"))
struct ProbeEndToEndTests {
    @Test func probeWritesParametersBatchLossAndGradients() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        let result = try cli.run("probe", "--model", "cornn", "--damping", "implicit", "--loss", "cross-entropy",
                                 "--hidden", "5", "--steps", "6", "--batch", "2", "--output", "probe.h5")
        #expect(result.status == 0, "\(result.text)")
        let file = try HDF5File.open(cli.root.appendingPathComponent("probe.h5"))
        defer { try? file.close() }
        let root = file.root
        #expect(try root.stringAttribute("model") == "cornn")
        #expect(try root.stringAttribute("damping") == "implicit")
        #expect(try root.stringAttribute("scalar") == "float64")
        #expect(try root.group("batch").read("inputs", as: Double.self).shape == [6, 2, 3])
        let names = try JSONDecoder().decode([String].self, from: Data(root.group("gradients").stringAttribute("parameter_names").utf8))
        #expect(names == ["cell.i2h.weight", "cell.i2h.bias", "readout.weight", "readout.bias"])
        #expect(try root.group("gradients").read("cell.i2h.weight", as: Double.self).shape == [5, 13])
        #expect(try root.read("loss", as: Double.self).values[0] > 0)
    }

    @Test func unknownModelListsTheAllowedKinds() throws {
        let cli = try ReproCLI()
        defer { cli.remove() }
        let result = try cli.run("probe", "--model", "transformer", "--output", "x.h5")
        #expect(result.status != 0)
        #expect(result.errors.contains("allowed: plrnn, iplrnn, rplrnn"), "\(result.text)")
        #expect(!cli.exists("x.h5"))
    }
}
