import ArgumentParser
import Comparison
import Engine
import Foundation

/// `repro compare`: holds the current stored results against the archive, the paper or another run.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare current results with the archived run and the published numbers; exits 1 if any quantity differs.",
        discussion: """
            Runs nothing unless --run is given. Verdicts: agrees, differs, not comparable (different scale, \
            nothing computed, no reference). Examples:
              repro compare                          every experiment against paper-results/archive and the paper
              repro compare rplrnn-state-space --against paper
              repro compare --against ../other-checkout/paper-results/archive
              repro compare --against /shared/store  --run
            """)
    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var configOptions: ConfigOptions
    @Option(help: "archive, paper, all (default: archive and paper), or the path of another archive folder or result store.")
    var against: String = "all"
    @Flag(name: .customLong("run"), help: "Compute what is stale first (like `repro run`).") var runFirst = false
    @Flag(help: "Machine-readable output.") var json = false
    @Argument(help: "Experiment ids (default: all).") var ids: [String] = []

    func run() throws {
        if runFirst {
            try Pipeline(projectOptions: projectOptions, configOptions: configOptions)
                .execute(ids: ids.isEmpty ? try projectOptions.makePlanner().catalog.ids : ids,
                         options: RunOptions())
        }
        let planner = try projectOptions.makePlanner()
        let statuses = try configOptions.statuses(planner, ids: ids)
        let session = try ComparisonSession(planner: planner)
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let targets = ComparisonTarget.parse(against, base: cwd)
        let comparisons = statuses.map { session.compare($0, against: targets) }
        print(json ? try ComparisonTable.json(comparisons) : ComparisonTable.text(comparisons), terminator: json ? "\n" : "")
        if comparisons.contains(where: \.differs) { throw ExitCode(1) }
    }
}
