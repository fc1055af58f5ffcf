import Configuration
import Digest
import Foundation
import HDF5
import Plotting
import Store

/// What the figure stage produced for one experiment; saved as `figures/<id>/figure.json` and read
/// by the notebook.
public struct FigureRecord: Codable, Sendable {
    public struct JobEntry: Codable, Sendable {
        public var name: String
        public var key: String
        public var state: String
        public var wallSeconds: Double?
        public var cpuSeconds: Double?
        /// Failure kind and message, for failed jobs.
        public var failure: String?
    }

    public var experiment: String
    public var scale: String
    /// `path=value` overrides given with `--set`.
    public var overrides: [String]
    /// Hash of everything the figures depend on; equal ⇒ nothing to redraw.
    public var figureKey: String
    public var generated: String
    /// Stems of the rendered figures (`<stem>.svg`, `<stem>.png`, `<stem>.gp`).
    public var images: [String]
    public var tables: [ResultTable]
    public var notes: [String]
    public var jobs: [JobEntry]
    /// Why images are missing (gnuplot absent or failing), if they are.
    public var renderError: String?
    /// The figure stage's own error, if it threw.
    public var figureError: String?
    /// Every file in the folder, relative to it.
    public var files: [String]
    /// The resolved configuration, as YAML.
    public var configYAML: String
    /// Aggregated provenance of the results behind the figure.
    public var provenance: [[String]]
}

/// Draws an experiment's figures from its stored results into `figures/<id>/`, skipping the work
/// when nothing the figures depend on has changed. The folder is replaced atomically, so a reader
/// never sees half of an update.
public struct FigureStage {
    public let planner: Planner

    public init(planner: Planner) { self.planner = planner }

    var catalog: ExperimentCatalog { planner.catalog }
    var store: ResultStore { planner.store }

    public func directory(for id: String) -> URL {
        planner.project.figuresDirectory.appendingPathComponent(id)
    }

    /// The record currently on disk for an experiment, if any.
    public func existingRecord(for id: String) -> FigureRecord? {
        let url = directory(for: id).appendingPathComponent("figure.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(FigureRecord.self, from: data)
    }

    /// The hash of everything the figures of `status` depend on.
    public func figureKey(for status: ExperimentStatus) throws -> String {
        guard let config = status.config else { throw EngineError.message("no configuration") }
        var code: [String: String] = catalog.moduleHashes("Plotting")
        code["Engine/FigureStage"] = catalog.computeHash(of: "Engine/FigureStage") ?? "unknown"
        code[status.descriptor.ownSource] = catalog.figureHash(of: status.descriptor.ownSource) ?? "none"
        let parts: ConfigValue = .object([
            "experiment": .string(status.id),
            "scale": .string(status.scale),
            "config": config.canonical,
            "figure": config.figureOptions,
            "jobs": .object(Dictionary(uniqueKeysWithValues: status.jobs.map {
                ($0.job, .string("\($0.state.rawValue):\($0.key)"))
            })),
            "code": .object(code.mapValues { .string($0) }),
        ])
        return SHA256Digest.hash(parts.canonicalJSON).hex
    }

    /// Draws the figures of `status` unless they are up to date. Returns the record on disk.
    @discardableResult
    public func render(_ status: ExperimentStatus, force: Bool = false) throws -> FigureRecord {
        guard let config = status.config else {
            throw EngineError.message("\(status.id): \(status.configError ?? "configuration not loaded")")
        }
        let key = try figureKey(for: status)
        let target = directory(for: status.id)
        if !force, let existing = existingRecord(for: status.id), existing.figureKey == key,
           existing.images.allSatisfy({ FileManager.default.fileExists(atPath: target.appendingPathComponent("\($0).svg").path) }) {
            return existing
        }
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: planner.project.figuresDirectory, withIntermediateDirectories: true)
        let staging = planner.project.figuresDirectory.appendingPathComponent(".\(status.id).staging-\(getpid())")
        try? fileManager.removeItem(at: staging)
        try fileManager.createDirectory(at: staging.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: staging) }

        let style = try ConfigDecoder().decode(PlotStyle.self, from: config.figureOptions,
                                               file: planner.project.displayPath(planner.project.configFile(for: status.id)),
                                               keyPrefix: "figure")
        let canvas = FigureCanvas(directory: staging, style: style)
        var results: [JobResult] = []
        var entries: [FigureRecord.JobEntry] = []
        var manifests: [Manifest] = []
        var usedNames = Set<String>()
        for job in status.jobs {
            var entry = FigureRecord.JobEntry(name: job.job, key: job.key, state: job.state.rawValue,
                                              wallSeconds: nil, cpuSeconds: nil, failure: nil)
            if case .present(let manifest) = store.status(of: job.key, verifyChecksums: true) {
                let stored = store.directory(for: job.key).appendingPathComponent("result.h5")
                var name = slug(job.job)
                if !usedNames.insert(name).inserted { name += "-" + job.key.prefix(8) }
                let copy = staging.appendingPathComponent("data/\(name).h5")
                try fileManager.copyItem(at: stored, to: copy)
                results.append(JobResult(name: job.job, file: try HDF5File.open(copy), failure: nil))
                entry.state = JobState.fresh.rawValue
                entry.wallSeconds = manifest.metadata["wall_seconds"].flatMap(Double.init)
                entry.cpuSeconds = manifest.metadata["cpu_seconds"].flatMap(Double.init)
                manifests.append(manifest)
            } else {
                let failure = store.failure(for: job.key)
                let reason = failure.map { "\($0.kind): \($0.message)" } ?? "not computed (\(job.reasons.joined(separator: "; ")))"
                results.append(JobResult(name: job.job, file: nil, failure: reason))
                entry.failure = reason
                if failure != nil { entry.state = JobState.failed.rawValue }
            }
            entries.append(entry)
        }

        var record = FigureRecord(
            experiment: status.id, scale: status.scale,
            overrides: status.overrides.map { "\($0.path)=\($0.value.displayText)" },
            figureKey: key, generated: isoNow(), images: [], tables: [], notes: [], jobs: entries,
            renderError: nil, figureError: nil, files: [], configYAML: config.canonical.yamlText(),
            provenance: aggregateProvenance(manifests))
        do {
            try status.descriptor.figures(config: config, results: ResultSet(jobs: results), canvas: canvas)
        } catch {
            record.figureError = "\(error)"
        }
        results.removeAll()   // closes the result files before the folder moves
        let gnuplot = FigureStage.gnuplotExecutable()
        for figure in canvas.figures {
            do {
                _ = try Gnuplot.write(figure, style: style, to: staging, gnuplot: gnuplot)
            } catch let error as PlottingError {
                record.renderError = (record.renderError.map { $0 + "\n" } ?? "") + error.description
            }
            record.images.append(figure.name)
        }
        for table in canvas.tables {
            let tsv = ([table.header] + table.rows).map { $0.map(tsvField).joined(separator: "\t") }.joined(separator: "\n") + "\n"
            try tsv.write(to: staging.appendingPathComponent("\(slug(table.name)).tsv"), atomically: true, encoding: .utf8)
        }
        record.tables = canvas.tables
        record.notes = canvas.notes
        try config.resolved.yamlText().write(to: staging.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        record.files = try listFiles(in: staging) + ["figure.json"]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(record).write(to: staging.appendingPathComponent("figure.json"), options: .atomic)
        try replaceDirectory(target, with: staging)
        return record
    }

    /// gnuplot from `$REPRO_GNUPLOT` when set (a path that is not executable counts as missing, which
    /// is how tests and users check the no-gnuplot path), else the usual search.
    static func gnuplotExecutable() -> URL? {
        if let path = ProcessInfo.processInfo.environment["REPRO_GNUPLOT"] {
            return FileManager.default.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
        }
        return Gnuplot.executable()
    }

    func aggregateProvenance(_ manifests: [Manifest]) -> [[String]] {
        guard !manifests.isEmpty else { return [] }
        func distinct(_ key: String) -> String {
            let values = Set(manifests.compactMap { $0.metadata[key] })
            return values.sorted().joined(separator: ", ")
        }
        let wall = manifests.compactMap { $0.metadata["wall_seconds"].flatMap(Double.init) }.reduce(0, +)
        let cpu = manifests.compactMap { $0.metadata["cpu_seconds"].flatMap(Double.init) }.reduce(0, +)
        let started = manifests.compactMap { $0.metadata["started"] }.min() ?? ""
        let finished = manifests.compactMap { $0.metadata["finished"] }.max() ?? ""
        let dirty = manifests.contains { $0.metadata["git_dirty"] == "true" }
        return [
            ["git commit", distinct("git_commit") + (dirty ? " (dirty: uncommitted changes)" : "")],
            ["PaperRepro", distinct("paperrepro_version")], ["toolchain", distinct("toolchain")],
            ["host", distinct("host")], ["CPU", distinct("cpu")], ["operating system", distinct("operating_system")],
            ["numerics", Set(manifests.map(\.numerics)).sorted().joined(separator: " | ")],
            ["scale", distinct("scale")], ["seeds", distinct("seed")],
            ["started", started], ["finished", finished],
            ["wall time (sum over jobs)", formatDuration(wall)], ["CPU time (sum over jobs)", formatDuration(cpu)],
        ]
    }

    func listFiles(in directory: URL) throws -> [String] {
        var names: [String] = []
        let base = directory.standardizedFileURL.path + "/"
        if let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let path = url.standardizedFileURL.path
                if path.hasPrefix(base) { names.append(String(path.dropFirst(base.count))) }
            }
        }
        return names.sorted()
    }
}

/// A file-name-safe version of a job or table name.
func slug(_ name: String) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=")
    let mapped = String(name.map { allowed.contains($0) ? $0 : "_" })
    return mapped.isEmpty || mapped.hasPrefix(".") ? "_" + mapped : mapped
}

func tsvField(_ text: String) -> String {
    text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
}
