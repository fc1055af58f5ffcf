import Engine
import Foundation
import Store

/// What `repro compare` holds our results against.
public enum ComparisonTarget: Sendable, Equatable {
    /// `paper-results/archive/<id>/`.
    case archive
    /// The published numbers in `paper-results/<paper>.yaml`.
    case paper
    /// Another archive folder (with `<id>/results.h5`, or `results.h5` itself) or another result store.
    case path(URL)

    /// Parses `archive`, `paper`, `all` (both) or a path relative to `base`.
    public static func parse(_ text: String, base: URL) -> [ComparisonTarget] {
        switch text {
        case "archive": return [.archive]
        case "paper": return [.paper]
        case "all", "": return [.archive, .paper]
        default: return [.path(URL(fileURLWithPath: text, relativeTo: base).standardizedFileURL)]
        }
    }
}

/// Compares experiments' current stored results with the archive, the paper or another run.
public struct ComparisonSession {
    public let planner: Planner
    public let published: PublishedResults
    public let archive: ArchiveFolder

    public init(planner: Planner) throws {
        self.planner = planner
        self.published = try PublishedResults.load(from: planner.project.paperResultsDirectory)
        self.archive = ArchiveFolder(root: planner.project.archiveDirectory)
    }

    /// The comparison of one experiment (at the status' scale and overrides) with `targets`.
    public func compare(_ status: ExperimentStatus, against targets: [ComparisonTarget]) -> ExperimentComparison {
        let ours: [Quantity]?, problem: String?
        switch QuantityReader(planner: planner).quantities(for: status) {
        case .success(let quantities): (ours, problem) = (quantities, nil)
        case .failure(let error): (ours, problem) = (nil, error.description)
        }
        var rows: [ComparisonRow] = []
        var sinceArchive: ArchiveDifference?
        let archived = (try? archive.read(status.id)) ?? nil
        for target in targets {
            switch target {
            case .archive:
                var reference: ReferenceRun?
                var missing = "no archived run in paper-results/archive/\(status.id) (make one with `repro archive \(status.id)`)"
                do {
                    if let run = try archive.read(status.id) {
                        reference = ReferenceRun(archived: run, location: "paper-results/archive/\(status.id)")
                        // With nothing computed yet there are no numerics of ours to hold against the archive's.
                        let numerics = planner.numerics(of: status)
                        sinceArchive = ArchiveDifference(archive: run.manifest, status: status, numerics: numerics.isEmpty ? nil : numerics)
                    }
                } catch {
                    missing = "the archive of \(status.id) is unreadable: \(error)"
                }
                rows += Comparator.rows(experiment: status.id, scale: status.scale, ours: ours, problem: problem,
                                        against: reference, label: "archive", missingReference: missing)
            case .paper:
                rows += Comparator.paperRows(experiment: status.id, scale: status.scale, ours: ours, problem: problem,
                                             published: published, mapped: archived?.measurements ?? [])
            case .path(let url):
                let label = planner.project.displayPath(url)
                let (reference, missing) = referenceRun(at: url, label: label, status: status)
                rows += Comparator.rows(experiment: status.id, scale: status.scale, ours: ours, problem: problem,
                                        against: reference, label: label, missingReference: missing)
            }
        }
        return ExperimentComparison(experiment: status.id, scale: status.scale, rows: rows, sinceArchive: sinceArchive)
    }

    /// Another archive folder or store at `url`, read for `status`' experiment.
    func referenceRun(at url: URL, label: String, status: ExperimentStatus) -> (ReferenceRun?, String) {
        let fileManager = FileManager.default
        do {
            if fileManager.fileExists(atPath: url.appendingPathComponent("STORE-FORMAT").path) {
                let other = Planner(project: planner.project, catalog: planner.catalog, store: try ResultStore(root: url))
                guard let otherStatus = try other.status(ids: [status.id], scale: status.scale, overrides: status.overrides).first else {
                    return (nil, "\(label): no status")
                }
                switch QuantityReader(planner: other).quantities(for: otherStatus) {
                case .success(let quantities):
                    return (ReferenceRun(label: label, description: "store \(label), \(status.scale) scale", scale: status.scale,
                                         quantities: quantities), "")
                case .failure(let error):
                    return (nil, "store \(label): \(error.description)")
                }
            }
            if let run = try ArchiveFolder(root: url).read(status.id) {
                return (ReferenceRun(archived: run, label: label, location: "\(label)/\(status.id)"), "")
            }
            if fileManager.fileExists(atPath: url.appendingPathComponent("results.h5").path) {
                let run = try ArchiveFolder.read(directory: url)
                if run.manifest.experiment == status.id {
                    return (ReferenceRun(archived: run, label: label, location: label), "")
                }
            }
            return (nil, "\(label) is neither a result store nor an archive folder holding \(status.id)")
        } catch {
            return (nil, "\(label): \(error)")
        }
    }
}
