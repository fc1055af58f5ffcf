import ArgumentParser
import Comparison
import Engine
import Foundation

/// `repro verify`: the reviewer's flow — recompute one experiment from scratch, compare it with the
/// archive and the paper, print the verdict.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute one experiment from scratch (in a fresh store) and compare it with the archive and the paper.",
        discussion: """
            Nothing cached is reused: the jobs run in a temporary result store, and figures go to a temporary \
            folder (kept with --keep). Exits 1 if any quantity differs.
              repro verify rplrnn-state-space
              repro verify cornn-oscillators --scale smoke
            """)
    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var configOptions: ConfigOptions
    @Option(name: .short, help: "Jobs in parallel (default: number of cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Keep the temporary store and figures.") var keep = false
    @Flag(help: "Machine-readable comparison.") var json = false
    @Argument(help: "The experiment id.") var id: String

    func run() throws {
        let base = try projectOptions.makePlanner()
        _ = try base.catalog.experiment(id)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("repro-verify-\(id)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: scratch) } }
        var options = projectOptions
        options.project = base.project.root.path
        options.store = scratch.appendingPathComponent("store").path
        options.output = scratch.appendingPathComponent("figures").path
        print("verify \(id) [\(configOptions.scale)]: recomputing from scratch in \(scratch.path)")
        var runError: Error?
        do {
            try Pipeline(projectOptions: options, configOptions: configOptions).execute(ids: [id], options: RunOptions(parallelJobs: jobs))
        } catch {
            runError = error
        }
        let planner = try options.makePlanner()
        let statuses = try configOptions.statuses(planner, ids: [id])
        let comparison = try ComparisonSession(planner: planner).compare(statuses[0], against: [.archive, .paper])
        print(json ? try ComparisonTable.json([comparison]) : ComparisonTable.text([comparison]), terminator: json ? "\n" : "")
        let verdicts = ["archive", "paper"].map(comparison.summary(against:))
        print("verdict for \(id): \(verdicts.joined(separator: "; "))")
        if keep { print("kept: \(scratch.path)") }
        if comparison.differs { throw ExitCode(1) }
        if let runError { throw runError }
    }
}
