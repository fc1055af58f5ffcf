import Foundation
import Testing

/// `repro archive`, `repro compare` and `repro verify` with the real binary on a throw-away project
/// that holds copies of experiments/ and paper-results/ (the archive is found relative to the root).
@Suite(.enabled(if: ReproCLI.isAvailable, "build the repro binary first: swift build --product repro (make test does)"),
       .serialized)
struct CompareEndToEndTests {
    static let experiment = "rplrnn-state-space"

    /// A project copy with the checked-in paper-results/ (published numbers and the seeded archive).
    func project() throws -> ReproCLI {
        let cli = try ReproCLI()
        let source = ReproCLI.packageRoot.appendingPathComponent("paper-results")
        try FileManager.default.copyItem(at: source, to: cli.root.appendingPathComponent("paper-results"))
        return cli
    }

    @Test func seededArchiveAgreesWithAFreshRun() throws {
        let cli = try project()
        defer { cli.remove() }
        let result = try cli.run("compare", Self.experiment, "--run")
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output.contains("\(Self.experiment) [default] — archive: agrees; paper: agrees"), "\(result.output)")
        #expect(!result.output.contains("✗"))
    }

    @Test func archiveThenCompareThenAChangedValueDiffers() throws {
        let cli = try project()
        defer { cli.remove() }
        #expect(try cli.run("run", Self.experiment, "--scale", "smoke").status == 0)

        let refused = try cli.run("archive", Self.experiment, "--scale", "smoke")
        #expect(refused.status != 0 && refused.text.contains("--allow-dirty"), "\(refused.text)")
        let archived = try cli.run("archive", Self.experiment, "--scale", "smoke", "--allow-dirty")
        #expect(archived.status == 0, "\(archived.text)")
        #expect(archived.output.contains("replaced the archive"), "the seeded default-scale archive is replaced and recorded")
        let manifest = try cli.read("paper-results/archive/\(Self.experiment)/manifest.yaml")
        #expect(manifest.contains("replaces:"))
        // The jobs ran in worker processes with one OpenBLAS thread each, and the archive records it.
        #expect(manifest.contains("numerics:") && manifest.contains("kernels), 1 thread; recurrent Float32 GEMMs:"), "\(manifest)")

        let agrees = try cli.run("compare", Self.experiment, "--scale", "smoke", "--against", "archive")
        #expect(agrees.status == 0, "\(agrees.text)")
        #expect(agrees.output.contains("archive: agrees"), "\(agrees.output)")

        // The notebook shows the verdict on the card.
        try cli.run("report", "--scale", "smoke")
        let index = try cli.read("figures/index.html")
        #expect(index.contains("archive: agrees"), "no verdict badge in the index")
        #expect(cli.exists("figures/\(Self.experiment)/comparison-overlay.svg"))
        #expect(try cli.read("figures/\(Self.experiment)/index.html").contains("panel B z1 drift"))

        // Detune panel B a little more: its drift changes, and compare says so with the numbers.
        let yaml = try cli.read("experiments/\(Self.experiment).yaml")
        let edited = yaml.replacingOccurrences(of: "h: [0.0008, 0]", with: "h: [0.0009, 0]")
        #expect(edited != yaml, "the test's edit no longer matches experiments/\(Self.experiment).yaml")
        try cli.write(edited, to: "experiments/\(Self.experiment).yaml")
        #expect(try cli.run("run", Self.experiment, "--scale", "smoke").status == 0)
        let differs = try cli.run("compare", Self.experiment, "--scale", "smoke")
        #expect(differs.status == 1, "\(differs.text)")
        let driftLine = differs.output.split(separator: "\n").first { $0.contains("panel B z1 drift") && $0.contains("archive") }
        #expect(driftLine?.contains("✗ differs") == true, "\(differs.output)")
        #expect(differs.output.contains("|Δ| = "), "the reason carries the numbers")
        // … and what changed since the archive, under the experiment's header.
        let lines = differs.output.split(separator: "\n").map(String.init)
        #expect(lines.count > 2 && lines[1].hasPrefix("  since the archive (commit "), "\(differs.output)")
        #expect(lines.contains("    config: detuned.h[0] 0.0008 → 0.0009"), "\(differs.output)")
        #expect(!differs.output.contains("code changed"), "same binary, same code hashes: \(differs.output)")

        let json = try cli.run("compare", Self.experiment, "--scale", "smoke", "--json")
        #expect(json.status == 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
        #expect(parsed?.first?["verdict"] as? String == "differs")
        let since = parsed?.first?["sinceArchive"] as? [String: Any]
        #expect((since?["config"] as? [[String: Any]])?.first?["path"] as? String == "detuned.h[0]", "\(json.output)")

        try cli.run("report", "--scale", "smoke")
        #expect(try cli.read("figures/index.html").contains("Comparison differs"), "a differing figure is listed on the index")
        #expect(try cli.read("figures/\(Self.experiment)/index.html").contains("Since the archive (commit "), "the figure page says what changed")
    }

    @Test func nothingComputedHasNoNumericsToHoldAgainstTheArchive() throws {
        let cli = try project()
        defer { cli.remove() }
        #expect(try cli.run("run", Self.experiment, "--scale", "smoke").status == 0)
        #expect(try cli.run("archive", Self.experiment, "--scale", "smoke", "--allow-dirty").status == 0)
        let nothing = try cli.run("compare", Self.experiment, "--scale", "default", "--against", "archive")
        #expect(nothing.status == 0 && nothing.output.contains("archive: not comparable"), "\(nothing.output)")
        #expect(nothing.output.contains("    scale: smoke → default"), "\(nothing.output)")
        #expect(!nothing.output.contains("numerics:"), "nothing computed at default: \(nothing.output)")
    }

    @Test func differentScaleIsNotComparableAndSetOverridesDiffer() throws {
        let cli = try project()
        defer { cli.remove() }
        try cli.run("run", Self.experiment, "--scale", "smoke")
        let other = try cli.run("compare", Self.experiment, "--scale", "smoke", "--against", "archive")
        #expect(other.status == 0, "not comparable is not a failure")
        #expect(other.output.contains("archive: not comparable") && other.output.contains("reference is at scale default"), "\(other.output)")
        #expect(other.output.contains("    scale: default → smoke"), "\(other.output)")

        let literal = try cli.run("compare", Self.experiment, "--run", "--set", "addition.c_matrix=literal", "--against", "paper")
        #expect(literal.status == 1, "\(literal.text)")
        #expect(literal.output.contains("panel C solves addition  paper    does not hold"), "\(literal.output)")
    }

    @Test func verifyRecomputesFromScratchAndPrintsTheVerdict() throws {
        let cli = try project()
        defer { cli.remove() }
        // Pretend the archive was made with another panel B input: verify says so (the quantities
        // compared are the archived values, so the verdict still agrees).
        let manifestPath = "paper-results/archive/\(Self.experiment)/manifest.yaml"
        let manifest = try cli.read(manifestPath)
        let edited = manifest.replacingOccurrences(of: "h: [0.0008, 0.0]", with: "h: [0.0007, 0.0]")
        #expect(edited != manifest, "the test's edit no longer matches \(manifestPath)")
        try cli.write(edited, to: manifestPath)
        let result = try cli.run("verify", Self.experiment)
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output.contains("\n    config: detuned.h[0] 0.0007 → 0.0008\n"), "\(result.output)")
        #expect(result.computedJobs.count == 3, "every job is recomputed: \(result.output)")
        #expect(result.output.contains("verdict for \(Self.experiment): archive: agrees; paper: agrees"), "\(result.output)")
        let objects = cli.root.appendingPathComponent(".repro/store/objects").path
        let stored = (try? FileManager.default.subpathsOfDirectory(atPath: objects)) ?? []
        #expect(stored.isEmpty, "verify leaves the project's store alone")
    }
}
