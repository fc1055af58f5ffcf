import Comparison
import Configuration
import Engine
import Foundation
import Notebook

/// Builds the static HTML notebook from the experiments' current status and the figure records
/// the figure stage left in `figures/<id>/figure.json`.
public struct NotebookReport {
    public let figureStage: FigureStage

    public init(figureStage: FigureStage) { self.figureStage = figureStage }

    /// The site for `statuses`, in their order.
    public func site(for statuses: [ExperimentStatus]) -> NotebookSite {
        let session = try? ComparisonSession(planner: figureStage.planner)
        let formatter = ISO8601DateFormatter()
        let scales = Set(statuses.map(\.scale)).sorted().joined(separator: ", ")
        return NotebookSite(
            title: "PaperRepro notebook",
            subtitle: "Figures and tables of five papers on recurrent networks and dynamical systems, regenerated from code and data (scale: \(scales)).",
            generatedAt: formatter.string(from: Date()),
            pages: statuses.map { page($0, session: session) })
    }

    /// Writes the notebook into the figures folder.
    public func write(_ statuses: [ExperimentStatus]) throws {
        try NotebookWriter.write(site(for: statuses), to: figureStage.planner.project.figuresDirectory)
    }

    func page(_ status: ExperimentStatus, session: ComparisonSession? = nil) -> FigurePage {
        let reference = status.descriptor.reference
        let record = figureStage.existingRecord(for: status.id)
        var notes = record?.notes ?? []
        var failures: [PageFailure] = []
        if let error = status.configError {
            failures.append(PageFailure(job: "configuration", kind: "invalid", message: error))
        }
        if let record {
            if let upToDate = try? figureStage.figureKey(for: status), upToDate != record.figureKey {
                notes.insert("The figure below was drawn from earlier results or settings (scale \(record.scale)); run the command below to bring it up to date.", at: 0)
            }
            if let error = record.renderError { failures.append(PageFailure(job: "figure", kind: "render", message: error)) }
            if let error = record.figureError { failures.append(PageFailure(job: "figure", kind: "error", message: error)) }
            for job in record.jobs where job.failure != nil && job.state == JobState.failed.rawValue {
                failures.append(PageFailure(job: job.name, kind: "job", message: job.failure ?? ""))
            }
        }
        for job in status.jobs where job.state == .failed && !failures.contains(where: { $0.job == job.job }) {
            failures.append(PageFailure(job: job.job, kind: "job", message: job.reasons.joined(separator: "; ")))
        }
        let pageStatus: PageStatus
        switch status.state {
        case .fresh: pageStatus = record == nil ? .notRun : .fresh
        case .stale: pageStatus = status.jobs.allSatisfy({ $0.state != .fresh }) && record == nil ? .notRun : .stale
        case .running: pageStatus = .running
        case .failed: pageStatus = .failed
        case .needsData: pageStatus = .needsData
        }
        var page = FigurePage(
            id: status.id, title: reference.title, paper: reference.paper, item: reference.item,
            caption: reference.caption, status: pageStatus, statusDetail: statusDetail(status),
            runtimeSeconds: status.jobs.isEmpty ? nil : status.wallSeconds, key: record?.figureKey,
            images: (record?.images ?? []).map { PageImage(svg: "\($0).svg", png: "\($0).png", alt: "\(reference.item): \(reference.title)") },
            tables: (record?.tables ?? []).map { PageTable(caption: $0.caption, header: $0.header, rows: $0.rows) },
            notes: notes, failures: failures,
            needsData: status.missingInputs.map { "\($0.path): \($0.instructions)" + ($0.checksum.map { " (checksum \($0))" } ?? "") },
            configYAML: record?.configYAML ?? status.config?.canonical.yamlText() ?? "",
            provenance: (record?.provenance ?? []).compactMap { $0.count == 2 ? ProvenanceItem(label: $0[0], value: $0[1]) : nil },
            rerunCommand: rerunCommand(status),
            files: (record?.files ?? []).filter { !$0.hasSuffix(".html") }.map { PageFile(label: fileLabel($0), path: $0) },
            comparison: nil,
            jobs: status.jobs.map { job in
                PageJob(name: job.job, status: job.state.rawValue, seconds: job.wallSeconds, key: job.key)
            })
        if let session { addComparison(to: &page, status: status, session: session) }
        return page
    }

    /// Compares the figure's results with the archive and the paper: verdict badges, the table and
    /// the overlay figure (written into `figures/<id>/`).
    func addComparison(to page: inout FigurePage, status: ExperimentStatus, session: ComparisonSession) {
        let comparison = session.compare(status, against: [.archive, .paper])
        page.verdicts = ["archive", "paper"].map { against in
            PageVerdict(against: against, verdict: comparison.verdict(against: against).rawValue,
                        tally: comparison.mixedTally(against: against) ?? "")
        }
        page.comparison = "\(comparison.rows.count) comparisons at scale \(status.scale): \(Verdict.tally(comparison.rows.map(\.verdict))). "
            + "`repro compare \(status.id) --scale \(status.scale)` prints this table; `repro verify \(status.id)` recomputes from scratch first."
        // Why the archive comparison may have moved; said even when nothing changed if it differs.
        if let since = comparison.sinceArchive, !since.isEmpty || comparison.verdict(against: "archive") == .differs {
            page.comparison! += " " + since.summary
        }
        page.comparisonTable = PageTable(
            caption: "Ours vs archived (paper-results/archive) and published (paper-results/*.yaml) values",
            header: ["quantity", "against", "ours", "reference", "tolerance", "verdict", "why", "source"],
            rows: comparison.rows.map { [$0.quantity, $0.against, $0.ours, $0.reference, $0.tolerance, $0.verdict.rawValue, $0.detail, $0.source] })
        let directory = figureStage.directory(for: status.id)
        if FileManager.default.fileExists(atPath: directory.path),
           let stem = try? OverlayFigure.write(comparison, to: directory) {
            page.comparisonImages = [PageImage(svg: "\(stem).svg", png: "\(stem).png",
                                               alt: "\(status.descriptor.reference.item): ours (blue, solid) vs archived (orange, dashed) vs published (black, dotted)")]
        }
    }

    /// Up to three missing files by name, else the first two and a count: a card stays a card
    /// (HAR-2 alone needs 20 files), and the figure page lists them all with instructions.
    static func namedBriefly(_ paths: [String]) -> String {
        paths.count <= 3 ? paths.joined(separator: ", ")
            : paths.prefix(2).joined(separator: ", ") + " and \(paths.count - 2) more files (all listed on the figure page)"
    }

    func statusDetail(_ status: ExperimentStatus) -> String {
        if let error = status.configError { return "configuration error: \(error)" }
        if !status.missingInputs.isEmpty { return "needs data: " + Self.namedBriefly(status.missingInputs.map(\.path)) }
        let total = status.jobs.count
        var parts: [String] = []
        for state in JobState.allCases {
            let jobs = status.jobs.filter { $0.state == state }
            guard !jobs.isEmpty else { continue }
            var text = "\(jobs.count) of \(total) \(state.rawValue)"
            if state != .fresh {
                let reasons = Array(Set(jobs.flatMap(\.reasons))).sorted().prefix(3)
                if !reasons.isEmpty { text += " (" + reasons.joined(separator: "; ") + ")" }
            }
            parts.append(text)
        }
        return parts.joined(separator: ", ")
    }

    func fileLabel(_ path: String) -> String {
        switch (path as NSString).pathExtension {
        case "h5": return "HDF5 result"
        case "gp": return "gnuplot script"
        case "dat": return "plot data"
        case "svg": return "SVG image"
        case "png": return "PNG image"
        case "tsv": return "table (TSV)"
        case "yaml": return "resolved configuration"
        case "json": return "figure record"
        default: return "file"
        }
    }
}

/// The command that reruns just this experiment with the same scale and overrides.
public func rerunCommand(_ status: ExperimentStatus) -> String {
    var words = ["repro", "run", status.id, "--scale", status.scale]
    for override in status.overrides {
        words += ["--set", shellQuoted("\(override.path)=\(override.value.displayText)")]
    }
    return words.joined(separator: " ")
}

/// Quotes a word for display in a POSIX shell command line.
func shellQuoted(_ word: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=/:,+")
    if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
