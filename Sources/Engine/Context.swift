import Foundation
import HDF5
import Plotting

/// What a running job sees: its result file, its seed, its inputs, a checkpoint folder that survives
/// interruption, and a way to report progress.
public final class JobContext {
    /// Root group of the job's result file; write every array the figure stage needs here.
    public let results: HDF5Group
    /// The job's seed (from `Job.seed`).
    public let seed: UInt64
    /// The project root; inputs resolve against it.
    public let projectRoot: URL
    /// A folder that keeps its contents if the run is interrupted, so long trainings can resume.
    /// It is removed once the job's result is stored.
    public let checkpointDirectory: URL
    private let reporter: @Sendable (Double, String) -> Void

    public init(results: HDF5Group, seed: UInt64, projectRoot: URL, checkpointDirectory: URL,
                reporter: @escaping @Sendable (Double, String) -> Void) {
        self.results = results
        self.seed = seed
        self.projectRoot = projectRoot
        self.checkpointDirectory = checkpointDirectory
        self.reporter = reporter
    }

    /// The absolute location of a project-relative input path.
    public func url(forInput path: String) -> URL {
        projectRoot.appendingPathComponent(path).standardizedFileURL
    }

    /// Reports progress in [0, 1] with a short message (e.g. "epoch 3/10, loss 0.12").
    public func progress(_ fraction: Double, _ message: String = "") {
        reporter(min(max(fraction, 0), 1), message)
    }
}

/// The stored results of every job of an experiment, in job order, for the figure stage.
public struct ResultSet {
    public var jobs: [JobResult]

    public init(jobs: [JobResult]) { self.jobs = jobs }

    public func result(named name: String) -> JobResult? { jobs.first { $0.name == name } }

    /// Jobs whose results are present.
    public var succeeded: [JobResult] { jobs.filter { $0.file != nil } }
    /// Jobs that failed or diverged, with their messages: figures must show these, never drop them.
    public var failed: [JobResult] { jobs.filter { $0.file == nil } }
}

/// One job's outcome as the figure stage sees it.
public struct JobResult {
    public var name: String
    /// The job's result file, opened read-only, or nil if the job failed or has no result.
    public var file: HDF5File?
    /// Why there is no result, if there is none.
    public var failure: String?

    public init(name: String, file: HDF5File?, failure: String?) {
        self.name = name
        self.file = file
        self.failure = failure
    }

    /// The root group of the result file; throws if the job has no result.
    public func root() throws -> HDF5Group {
        guard let file else { throw EngineError.missingResult(job: name, reason: failure ?? "no result") }
        return file.root
    }
}

/// Where the figure stage puts its output: gnuplot figures, tables and notes, all shown on the
/// figure's notebook page and written into `figures/<id>/`.
public final class FigureCanvas {
    /// `figures/<id>/`.
    public let directory: URL
    /// Styling from the YAML `figure:` section.
    public let style: PlotStyle
    public private(set) var figures: [GnuplotFigure] = []
    public private(set) var tables: [ResultTable] = []
    public private(set) var notes: [String] = []

    public init(directory: URL, style: PlotStyle) {
        self.directory = directory
        self.style = style
    }

    /// Adds a figure; it is written and rendered by the engine after the figure stage returns.
    public func add(_ figure: GnuplotFigure) { figures.append(figure) }
    /// Adds a table (for paper tables, or numbers beside a figure).
    public func add(_ table: ResultTable) { tables.append(table) }
    /// Adds a sentence shown under the figure (e.g. "2 of 6 runs diverged at T = 500").
    public func note(_ text: String) { notes.append(text) }
}

/// A table shown on a figure's page and written as TSV beside the figure.
public struct ResultTable: Codable, Sendable, Equatable {
    public var name: String
    public var caption: String
    public var header: [String]
    public var rows: [[String]]

    public init(name: String, caption: String, header: [String], rows: [[String]]) {
        self.name = name
        self.caption = caption
        self.header = header
        self.rows = rows
    }
}

/// Errors of the engine, each naming what it is about.
public enum EngineError: Error, CustomStringConvertible {
    case missingResult(job: String, reason: String)
    case unknownExperiment(String, known: [String])
    case duplicateJobName(experiment: String, job: String)
    case message(String)

    public var description: String {
        switch self {
        case .missingResult(let job, let reason): return "job \(job) has no result: \(reason)"
        case .unknownExperiment(let id, let known):
            return "unknown experiment '\(id)'; known experiments: \(known.joined(separator: ", "))"
        case .duplicateJobName(let experiment, let job): return "experiment \(experiment) has two jobs named '\(job)'"
        case .message(let text): return text
        }
    }
}
