import ArgumentParser
import Configuration
import Engine
import Experiments
import Foundation
import LinearAlgebra
import MachineNumerics
import Report
import Store

@main
struct Repro: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repro",
        abstract: "Regenerate the figures and tables of the PaperRepro papers, cached by configuration and code.",
        discussion: """
            Typical use:
              repro make                      compute everything stale at the default scale, draw figures, write figures/index.html
              repro status                    what is fresh, stale (and why), running, failed or waiting for data
              repro run cornn-oscillators --scale smoke --set dt=0.01
                                              rerun one experiment with one setting changed
            """,
        version: paperReproVersion,
        subcommands: [List.self, Status.self, Run.self, Make.self, ReportCommand.self, GC.self, Worker.self, Bench.self, Compare.self, Archive.self, Verify.self, Probe.self])
}

/// Options every command shares: where the project, the store and the notebook are.
struct ProjectOptions: ParsableArguments {
    @Option(help: "Project root (default: the nearest folder above the current one with an experiments/ folder).")
    var project: String?

    @Option(help: "Result store folder, shareable between checkouts (default: $REPRO_STORE or <project>/.repro/store).")
    var store: String?

    @Option(help: "Where the notebook is written (default: <project>/figures).")
    var output: String?

    func makePlanner() throws -> Planner {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let root = try project.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL } ?? Project.discover(from: cwd)
        let storePath = store ?? ProcessInfo.processInfo.environment["REPRO_STORE"]
        let project = Project(
            root: root,
            figuresDirectory: output.map { URL(fileURLWithPath: $0, relativeTo: cwd) },
            storeDirectory: storePath.map { URL(fileURLWithPath: $0, relativeTo: cwd) })
        return Planner(project: project, catalog: ExperimentRegistry.catalog(), store: try ResultStore(root: project.storeDirectory))
    }
}

/// Options that select a configuration: scale and overrides.
struct ConfigOptions: ParsableArguments {
    @Option(help: "Scale: smoke (minutes, tests), default (what `make figures` runs), paper (the published protocol).")
    var scale: String = ProcessInfo.processInfo.environment["REPRO_SCALE"] ?? "default"

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a configuration value: key=value (e.g. training.lr=0.002), or id:key=value for one experiment.",
        valueName: "key=value"))
    var overrides: [String] = []

    func validateScale() throws {
        let allowed = ["smoke", "default", "paper"]
        guard allowed.contains(scale) else {
            throw ValidationError("unknown scale '\(scale)'; allowed: \(allowed.joined(separator: ", "))")
        }
    }

    /// Overrides that apply to experiment `id`.
    func overrides(for id: String) throws -> [(path: String, value: ConfigValue)] {
        try overrides.compactMap { text in
            guard let equals = text.firstIndex(of: "=") else {
                throw ValidationError("--set '\(text)': expected key=value, e.g. --set training.lr=0.002")
            }
            var path = String(text[..<equals])
            let value = ConfigValue.parseScalar(String(text[text.index(after: equals)...]))
            if let colon = path.firstIndex(of: ":") {
                guard path[..<colon] == id else { return nil }
                path = String(path[path.index(after: colon)...])
            }
            guard !path.isEmpty else { throw ValidationError("--set '\(text)': the key is empty") }
            return (path, value)
        }
    }

    func statuses(_ planner: Planner, ids: [String]) throws -> [ExperimentStatus] {
        try validateScale()
        let selected = ids.isEmpty ? planner.catalog.ids : ids
        return try selected.flatMap { id in
            try planner.status(ids: [id], scale: scale, overrides: try overrides(for: id))
        }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the experiments: id, paper item and title.")
    @OptionGroup var projectOptions: ProjectOptions

    func run() throws {
        let planner = try projectOptions.makePlanner()
        let width = planner.catalog.ids.map(\.count).max() ?? 10
        for experiment in planner.catalog.experiments {
            let ref = experiment.reference
            print(experiment.id.padding(toLength: width + 2, withPad: " ", startingAt: 0) + "\(ref.paper) — \(ref.item): \(ref.title)")
        }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show each experiment and job as fresh, stale (and why), running, failed or needs-data.")
    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var configOptions: ConfigOptions
    @Flag(help: "Machine-readable output.") var json = false
    @Flag(name: .shortAndLong, help: "List every job, not only those that are not fresh.") var verbose = false
    @Argument(help: "Experiment ids (default: all).") var ids: [String] = []

    func run() throws {
        let planner = try projectOptions.makePlanner()
        let statuses = try configOptions.statuses(planner, ids: ids)
        if json {
            print(try StatusPrinter.json(statuses))
        } else {
            print(StatusPrinter.text(statuses, verbose: verbose), terminator: "")
        }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute the stale jobs of the given experiments, draw their figures and update the notebook.")
    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var configOptions: ConfigOptions
    @Option(name: .short, help: "Jobs in parallel (default: number of cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Recompute even fresh jobs.") var force = false
    @Argument(help: "Experiment ids.") var ids: [String]

    func validate() throws {
        if ids.isEmpty { throw ValidationError("name at least one experiment (see `repro list`), or use `repro make`") }
    }

    func run() throws {
        try Pipeline(projectOptions: projectOptions, configOptions: configOptions)
            .execute(ids: ids, options: RunOptions(parallelJobs: jobs, force: force))
    }
}

struct Make: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute everything stale, draw every figure and write the notebook (figures/index.html).")
    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var configOptions: ConfigOptions
    @Option(name: .short, help: "Jobs in parallel (default: number of cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        try Pipeline(projectOptions: projectOptions, configOptions: configOptions)
            .execute(ids: [], options: RunOptions(parallelJobs: jobs))
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Redraw figures from stored results and rewrite the notebook; computes nothing.")
    @OptionGroup var projectOptions: ProjectOptions
    @OptionGroup var configOptions: ConfigOptions

    func run() throws {
        let planner = try projectOptions.makePlanner()
        let statuses = try configOptions.statuses(planner, ids: [])
        let stage = FigureStage(planner: planner)
        for status in statuses where status.config != nil && status.jobs.contains(where: { $0.state == .fresh }) {
            do {
                try stage.render(status)
            } catch {
                print("✗ \(status.id): figures: \(error)")
            }
        }
        try NotebookReport(figureStage: stage).write(statuses)
        print("notebook: \(planner.project.displayPath(planner.project.figuresDirectory.appendingPathComponent("index.html")))")
    }
}

struct GC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete stored results that no experiment needs at any scale with its current configuration.")
    @OptionGroup var projectOptions: ProjectOptions
    @Flag(help: "Only report what would be removed.") var dryRun = false

    func run() throws {
        let planner = try projectOptions.makePlanner()
        var keep = Set<String>()
        for scale in ["smoke", "default", "paper"] {
            for status in try planner.status(ids: [], scale: scale, verifyChecksums: false) {
                keep.formUnion(status.jobs.map(\.key))
            }
        }
        let report = try planner.store.garbageCollect(keeping: keep, dryRun: dryRun)
        print("\(dryRun ? "would remove" : "removed") \(report.removedEntries) result(s) and \(report.removedTemporaries) temporary folder(s), \(ByteCountFormatter.string(fromByteCount: report.bytesFreed, countStyle: .file))")
    }
}

/// Computes one job; started by the orchestrator with the job's spec on standard input.
struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_worker", abstract: "Internal: compute one job.", shouldDisplay: false)

    func run() throws {
        // One OpenBLAS thread per job: jobs already run in parallel processes (threads would spin against
        // each other), and a threaded GEMM's rounding depends on the core count, which would make results
        // differ between machines and between `-j` settings.
        LinearAlgebraRuntime.configureForTraining()
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let spec = try JSONDecoder().decode(WorkerSpec.self, from: input)
        let outcome = JobRunner(catalog: ExperimentRegistry.catalog(), numerics: NumericalEnvironment.description).run(spec) { fraction, message in
            let clean = message.replacingOccurrences(of: "\n", with: " ")
            FileHandle.standardOutput.write(Data("PROGRESS \(fraction) \(clean)\n".utf8))
        }
        throw ExitCode(outcome.rawValue)
    }
}
