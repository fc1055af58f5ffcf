import ArgumentParser
import Comparison
import Engine
import Foundation

/// `repro archive`: stores the current results of experiments in paper-results/archive/.
struct Archive: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the current results of experiments into paper-results/archive/ (replacing, atomically, what was there).",
        discussion: """
            Every job must be fresh at the chosen scale (run `repro make` first). Refuses uncommitted changes \
            to tracked files (the archive records the git commit the results come from) unless --allow-dirty. \
            The manifest records what the new archive replaced and which quantities changed.
            """)
    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var configOptions: ConfigOptions
    @Flag(help: "Archive even with uncommitted changes or outside a git checkout.") var allowDirty = false
    @Argument(help: "Experiment ids (default: all).") var ids: [String] = []

    func run() throws {
        let planner = try projectOptions.makePlanner()
        let archiver = Archiver(planner: planner)
        if !allowDirty {
            guard let dirty = archiver.dirtyFiles() else {
                throw ValidationError("\(planner.project.root.path) is not a git checkout, so the archive could not name the commit its results come from; use --allow-dirty to archive anyway")
            }
            if !dirty.isEmpty {
                throw ValidationError("uncommitted changes (commit them, or use --allow-dirty):\n" + dirty.prefix(10).joined(separator: "\n"))
            }
        }
        let statuses = try configOptions.statuses(planner, ids: ids)
        var failures = 0
        for status in statuses {
            do {
                let outcome = try archiver.archive(status)
                let location = planner.project.displayPath(archiver.folder.directory(for: status.id))
                print("▣ \(status.id): \(outcome.run.measurements.count) quantities archived in \(location) [\(status.scale)]")
                if let replaced = outcome.replaced {
                    let changed = outcome.run.manifest.replaces?.changed ?? []
                    print("    replaced the archive of \(replaced.manifest.archived) (commit \(replaced.manifest.gitCommit.prefix(10)), \(replaced.manifest.scale) scale)"
                          + (changed.isEmpty ? "; no quantity changed" : "; changed:"))
                    for line in changed { print("      \(line)") }
                }
            } catch {
                failures += 1
                print("✗ \(status.id): \(error)")
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
