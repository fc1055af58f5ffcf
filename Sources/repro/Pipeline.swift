import ArgumentParser
import Engine
import Foundation
import Report

/// `run` and `make`: status, compute what is stale, draw figures as experiments settle, write the notebook.
struct Pipeline {
    let projectOptions: ProjectOptions
    let configOptions: ConfigOptions

    func execute(ids: [String], options: RunOptions) throws {
        let planner = try projectOptions.makePlanner()
        let statuses = try configOptions.statuses(planner, ids: ids)
        let stage = FigureStage(planner: planner)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let orchestrator = Orchestrator(planner: planner, workerExecutable: executable)
        var figureFailures: [String] = []
        let summary = orchestrator.run(statuses, options: options, provenance: Provenance.collect(projectRoot: planner.project.root)) { settled in
            do {
                guard let refreshed = try planner.status(ids: [settled.id], scale: settled.scale, overrides: settled.overrides).first else { return }
                let record = try stage.render(refreshed)
                let problems = [record.figureError, record.renderError].compactMap { $0 }
                if problems.isEmpty {
                    print("▣ \(settled.id): figures in \(planner.project.displayPath(stage.directory(for: settled.id)))")
                } else {
                    figureFailures.append(settled.id)
                    print("✗ \(settled.id): figures: \(problems.joined(separator: "; "))")
                }
            } catch {
                figureFailures.append(settled.id)
                print("✗ \(settled.id): figures: \(error)")
            }
        }
        // The notebook always shows every experiment at the scale of this run; overrides apply only to
        // the experiments this run was about.
        let others = ids.isEmpty ? [] : planner.catalog.ids.filter { !ids.contains($0) }
        let ran = try configOptions.statuses(planner, ids: ids)
        let rest = others.isEmpty ? [] : try planner.status(ids: others, scale: configOptions.scale)
        let all = planner.catalog.ids.compactMap { id in (ran + rest).first { $0.id == id } }
        try NotebookReport(figureStage: stage).write(all)
        print("notebook: \(planner.project.displayPath(planner.project.figuresDirectory.appendingPathComponent("index.html")))")
        if summary.interrupted { throw ExitCode(130) }
        if !summary.failed.isEmpty || !figureFailures.isEmpty {
            print("\(summary.failed.count) job(s) failed\(figureFailures.isEmpty ? "" : ", figures failed for \(figureFailures.joined(separator: ", "))"); see `repro status`")
            throw ExitCode(1)
        }
    }
}
