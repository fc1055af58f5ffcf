import Configuration
import Engine
import Foundation
import HDF5

/// What `paper-results/archive/<id>/manifest.yaml` records about an archived run: what it was
/// computed from (key parts, git commit, scale, date) and what it replaced.
public struct ArchiveManifest: Codable, Sendable, Equatable {
    public var experiment: String
    public var scale: String
    /// `path=value` overrides the archived run was made with (normally none).
    public var overrides: [String]
    /// When it was archived (ISO 8601, UTC).
    public var archived: String
    public var gitCommit: String
    public var gitDirty: Bool
    public var paperreproVersion: String
    public var toolchain: String
    /// The numerical environments the jobs' results were computed in (`JobRunner.numerics`); nil in
    /// archives made before it was recorded.
    public var numerics: [String]?
    /// Each job's name and cache key.
    public var jobs: [ArchivedJob]
    /// `Module/File` → compute hash of the sources behind the jobs (part of every key).
    public var code: [String: String]
    /// The resolved configuration the run used.
    public var config: ConfigValue
    /// Names of the archived measurements.
    public var measurements: [String]
    /// The archive this one replaced, if any.
    public var replaces: ReplacedArchive?

    public init(experiment: String, scale: String, overrides: [String], archived: String, gitCommit: String, gitDirty: Bool,
                paperreproVersion: String, toolchain: String, numerics: [String]? = nil, jobs: [ArchivedJob], code: [String: String], config: ConfigValue,
                measurements: [String], replaces: ReplacedArchive?) {
        self.experiment = experiment
        self.scale = scale
        self.overrides = overrides
        self.archived = archived
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
        self.paperreproVersion = paperreproVersion
        self.toolchain = toolchain
        self.numerics = numerics
        self.jobs = jobs
        self.code = code
        self.config = config
        self.measurements = measurements
        self.replaces = replaces
    }

    enum CodingKeys: String, CodingKey {
        case experiment, scale, overrides, archived, gitCommit = "git_commit", gitDirty = "git_dirty"
        case paperreproVersion = "paperrepro_version", toolchain, numerics, jobs, code, config, measurements, replaces
    }
}

/// One job of an archived run.
public struct ArchivedJob: Codable, Sendable, Equatable {
    public var name: String
    public var key: String

    public init(name: String, key: String) {
        self.name = name
        self.key = key
    }
}

/// The previous archive of an experiment, as recorded by the one that replaced it.
public struct ReplacedArchive: Codable, Sendable, Equatable {
    public var archived: String
    public var gitCommit: String
    public var scale: String
    /// Measurements whose value changed (by their own rule), were added or were removed.
    public var changed: [String]

    public init(archived: String, gitCommit: String, scale: String, changed: [String]) {
        self.archived = archived
        self.gitCommit = gitCommit
        self.scale = scale
        self.changed = changed
    }

    enum CodingKeys: String, CodingKey {
        case archived, gitCommit = "git_commit", scale, changed
    }
}

/// An archived run: its manifest and its measurements.
public struct ArchivedRun: Sendable {
    public var manifest: ArchiveManifest
    public var measurements: [Quantity]

    public init(manifest: ArchiveManifest, measurements: [Quantity]) {
        self.manifest = manifest
        self.measurements = measurements
    }

    public func measurement(named name: String) -> Quantity? { measurements.first { $0.name == name } }
}

/// `paper-results/archive/` (or another folder of the same layout): one sub-folder per experiment
/// with `results.h5` (the measurements) and `manifest.yaml`.
public struct ArchiveFolder: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    public func directory(for id: String) -> URL { root.appendingPathComponent(id) }

    public func contains(_ id: String) -> Bool {
        FileManager.default.fileExists(atPath: directory(for: id).appendingPathComponent("results.h5").path)
    }

    /// The archived run of `id`, or nil if there is none.
    public func read(_ id: String) throws -> ArchivedRun? {
        guard contains(id) else { return nil }
        return try ArchiveFolder.read(directory: directory(for: id))
    }

    /// Reads `results.h5` and `manifest.yaml` in `directory`.
    public static func read(directory: URL) throws -> ArchivedRun {
        let manifestURL = directory.appendingPathComponent("manifest.yaml")
        let text = try String(contentsOf: manifestURL, encoding: .utf8)
        let tree = try ConfigValue.parseYAML(text, file: manifestURL.path)
        let manifest = try ConfigDecoder().decode(ArchiveManifest.self, from: tree, file: manifestURL.path)
        let file = try HDF5File.open(directory.appendingPathComponent("results.h5"))
        defer { try? file.close() }
        let group = try file.root.group("measurements")
        var measurements: [Quantity] = []
        for child in try group.children().sorted() {
            measurements.append(try QuantityHDF5.read(try group.group(child)))
        }
        // Keep the order of the manifest (the experiment's order), not HDF5's alphabetical one.
        let order = Dictionary(uniqueKeysWithValues: manifest.measurements.enumerated().map { ($1, $0) })
        measurements.sort { (order[$0.name] ?? .max, $0.name) < (order[$1.name] ?? .max, $1.name) }
        return ArchivedRun(manifest: manifest, measurements: measurements)
    }

    /// Writes `run` as the archive of its experiment, replacing any previous one atomically: the
    /// new folder is built beside the old and swapped in by two renames.
    public func write(_ run: ArchivedRun) throws {
        let fileManager = FileManager.default
        let id = run.manifest.experiment
        try fileManager.createDirectory(at: root, withIntermediateDirectories: true)
        let staging = root.appendingPathComponent(".\(id).staging-\(getpid())")
        try? fileManager.removeItem(at: staging)
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: staging) }

        let file = try HDF5File.create(staging.appendingPathComponent("results.h5"))
        try file.root.setAttribute("experiment", id)
        try file.root.setAttribute("scale", run.manifest.scale)
        try file.root.setAttribute("git_commit", run.manifest.gitCommit)
        try file.root.setAttribute("archived", run.manifest.archived)
        let group = try file.root.createGroup("measurements")
        for (index, measurement) in run.measurements.enumerated() {
            try QuantityHDF5.write(measurement, into: try group.createGroup(String(format: "%03d", index)))
        }
        try file.close()
        let yaml = "# Archived results of \(id); written by `repro archive`. Values are in results.h5.\n"
            + (try ConfigValueEncoder().encode(run.manifest)).yamlText()
        try yaml.write(to: staging.appendingPathComponent("manifest.yaml"), atomically: true, encoding: .utf8)

        try replaceDirectory(directory(for: id), with: staging)
    }
}

/// One measurement as an HDF5 group: readable datasets (`value`, or `x` and `y`) and attributes.
enum QuantityHDF5 {
    static func write(_ m: Quantity, into group: HDF5Group) throws {
        try group.setAttribute("name", m.name)
        try group.setAttribute("meaning", m.meaning)
        if let unit = m.unit { try group.setAttribute("unit", unit) }
        if let published = m.published { try group.setAttribute("published", published) }
        try group.setAttribute("paper_scales", m.paperScales.joined(separator: ","))
        try group.setAttribute("rule", String(decoding: try JSONEncoder().encode(m.rule), as: UTF8.self))
        if let paperRule = m.paperRule {
            try group.setAttribute("paper_rule", String(decoding: try JSONEncoder().encode(paperRule), as: UTF8.self))
        }
        if let u = m.uncertainty {
            if let sd = u.sd { try group.setAttribute("sd", sd) }
            if let sem = u.sem { try group.setAttribute("sem", sem) }
            if let n = u.n { try group.setAttribute("n", n) }
        }
        switch m.value {
        case .scalar(let value):
            try group.setAttribute("kind", "scalar")
            try group.write([value], to: "value")
        case .curve(let x, let y):
            try group.setAttribute("kind", "curve")
            try group.write(x, to: "x")
            try group.write(y, to: "y")
        case .claim(let holds):
            try group.setAttribute("kind", "claim")
            try group.write([holds ? 1 : 0], to: "value")
        }
    }

    static func read(_ group: HDF5Group) throws -> Quantity {
        func optionalString(_ name: String) -> String? { group.hasAttribute(name) ? try? group.stringAttribute(name) : nil }
        let kind = try group.stringAttribute("kind")
        let value: QuantityValue
        switch kind {
        case "scalar": value = .scalar(try group.read("value", as: Double.self).values.first ?? .nan)
        case "curve": value = .curve(x: try group.read("x", as: Double.self).values, y: try group.read("y", as: Double.self).values)
        case "claim": value = .claim((try group.read("value", as: Int.self).values.first ?? 0) != 0)
        default: throw EngineError.message("archived measurement \(group.path) has unknown kind '\(kind)'")
        }
        let rule = try JSONDecoder().decode(ComparisonRule.self, from: Data(try group.stringAttribute("rule").utf8))
        let paperRule = try optionalString("paper_rule").map {
            try JSONDecoder().decode(ComparisonRule.self, from: Data($0.utf8))
        }
        var uncertainty: Uncertainty?
        if group.hasAttribute("sd") || group.hasAttribute("sem") || group.hasAttribute("n") {
            uncertainty = Uncertainty(sd: try? group.doubleAttribute("sd"), sem: try? group.doubleAttribute("sem"),
                                      n: try? group.intAttribute("n"))
        }
        let scales = (optionalString("paper_scales") ?? "paper").split(separator: ",").map(String.init)
        return Quantity(name: try group.stringAttribute("name"), meaning: try group.stringAttribute("meaning"),
                           unit: optionalString("unit"), value: value, uncertainty: uncertainty, rule: rule, paperRule: paperRule,
                           published: optionalString("published"), paperScales: scales)
    }
}
