import Configuration
import Engine

/// What changed between an archived run and the current results: configuration values, code
/// hashes, overrides, scale, toolchain and numerical environment (BLAS build, kernels, threads).
/// A comparison with the archive carries it, so a "differs" verdict comes with the reasons the
/// numbers may have moved.
///
/// Both sides use the same key parts the cache uses (the manifest's `code:` map was written from
/// the jobs' `KeyParts.code`; the current side reads the jobs' `KeyParts` again), so a change
/// shown here is exactly a change that also changed the cache keys.
public struct ArchiveDifference: Codable, Sendable, Equatable {
    /// The archived run's git commit, and whether its checkout had uncommitted changes.
    public var archivedCommit: String
    public var archivedDirty: Bool
    /// When the run was archived (ISO 8601).
    public var archived: String
    /// Leaf-level configuration differences, archived → current, in path order.
    public var config: [ConfigValueChange]
    /// `--set` overrides, when they differ (they are already in `config`; listed to show their origin).
    public var overrides: ValueChange<[String]>?
    public var code: CodeDifference
    public var scale: ValueChange<String>?
    public var toolchain: ValueChange<String>?
    /// Not part of the cache key, so the only change here that can move results without changing a key.
    public var numerics: ValueChange<[String]>?

    public init(archivedCommit: String, archivedDirty: Bool, archived: String, config: [ConfigValueChange],
                overrides: ValueChange<[String]>?, code: CodeDifference, scale: ValueChange<String>?, toolchain: ValueChange<String>?,
                numerics: ValueChange<[String]>? = nil) {
        self.archivedCommit = archivedCommit
        self.archivedDirty = archivedDirty
        self.archived = archived
        self.config = config
        self.overrides = overrides
        self.code = code
        self.scale = scale
        self.toolchain = toolchain
        self.numerics = numerics
    }

    /// The difference from `archive` to a current run described by its parts. `numerics` are the
    /// current results' numerical environments; nil (unknown) or an archive that did not record them
    /// shows no change.
    public init(archive: ArchiveManifest, scale: String, overrides: [String], config: ConfigValue,
                code: [String: String], toolchain: String, numerics: [String]? = nil) {
        self.init(archivedCommit: archive.gitCommit, archivedDirty: archive.gitDirty, archived: archive.archived,
                  config: configDifferences(from: archive.config, to: config).map(ConfigValueChange.init),
                  overrides: ValueChange(archive.overrides, overrides),
                  code: CodeDifference(archived: archive.code, current: code),
                  scale: ValueChange(archive.scale, scale),
                  toolchain: ValueChange(archive.toolchain, toolchain),
                  numerics: archive.numerics.flatMap { archived in numerics.flatMap { ValueChange(archived, $0) } })
    }

    /// The difference from `archive` to the experiment as planned now; nil when its configuration
    /// does not load or it has no jobs (then there are no current parts to compare).
    public init?(archive: ArchiveManifest, status: ExperimentStatus, numerics: [String]? = nil) {
        guard let config = status.config, let toolchain = status.jobs.first?.parts.toolchain else { return nil }
        self.init(archive: archive, scale: status.scale, overrides: status.overrideTexts, config: config.canonical,
                  code: status.codeHashes, toolchain: toolchain, numerics: numerics)
    }

    /// Nothing recorded in the manifest changed.
    public var isEmpty: Bool {
        config.isEmpty && overrides == nil && code.isEmpty && scale == nil && toolchain == nil && numerics == nil
    }

    /// `commit 3e1d3a9c12, archived 2026-11-22`.
    public var origin: String {
        "commit \(archivedCommit.prefix(10))\(archivedDirty ? " (dirty)" : ""), archived \(archived.prefix(10))"
    }

    /// One line per kind of change, e.g. `config: models[0].lr 0.0035 → 0.01, epochs 10 → 20`,
    /// `code changed: Models/CoRNN, Models/PackedGEMM`. Empty when nothing changed.
    public var lines: [String] {
        var lines: [String] = []
        if let scale { lines.append("scale: \(scale.archived) → \(scale.current)") }
        if !config.isEmpty { lines.append("config: " + Self.list(config.map(\.description), limit: 8)) }
        if let overrides {
            func text(_ list: [String]) -> String { list.isEmpty ? "none" : list.joined(separator: " ") }
            lines.append("overrides: \(text(overrides.archived)) → \(text(overrides.current))")
        }
        var code: [String] = []
        if !self.code.changed.isEmpty { code.append("code changed: " + Self.list(self.code.changed, limit: 10)) }
        if !self.code.added.isEmpty { code.append("code added: " + Self.list(self.code.added, limit: 10)) }
        if !self.code.removed.isEmpty { code.append("code removed: " + Self.list(self.code.removed, limit: 10)) }
        if !code.isEmpty { lines.append(code.joined(separator: "; ")) }
        if let toolchain { lines.append("toolchain: \(toolchain.archived) → \(toolchain.current)") }
        if let numerics {
            lines.append("numerics: \(numerics.archived.joined(separator: " | ")) → \(numerics.current.joined(separator: " | "))")
        }
        return lines
    }

    /// The lines as one sentence (for the notebook), or a statement that nothing changed.
    public var summary: String {
        "Since the archive (\(origin)): "
            + (isEmpty ? Self.nothingChanged : lines.joined(separator: "; ")) + "."
    }

    /// Said when a run differs from its archive although none of its recorded provenance changed
    /// (so the cause is elsewhere: input data, nondeterminism, a machine difference).
    public static let nothingChanged = "same configuration, code, scale, toolchain and numerics"

    /// `a, b, c … and 4 more`: long lists would drown the table they sit above.
    static func list(_ items: [String], limit: Int) -> String {
        items.count <= limit ? items.joined(separator: ", ")
            : items.prefix(limit).joined(separator: ", ") + " … and \(items.count - limit) more"
    }
}

/// A value recorded with the archive and its value now; only built when they differ.
public struct ValueChange<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var archived: Value
    public var current: Value

    /// nil when `archived == current`.
    public init?(_ archived: Value, _ current: Value) {
        guard archived != current else { return nil }
        self.archived = archived
        self.current = current
    }
}

/// One configuration value that differs between the archive and now (a Codable form of
/// Configuration's `ConfigChange`, whose wording it reuses).
public struct ConfigValueChange: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Flattened key path, e.g. `models[0].lr`.
    public var path: String
    /// nil when the key is new.
    public var archived: ConfigValue?
    /// nil when the key was removed.
    public var current: ConfigValue?

    public init(_ change: ConfigChange) {
        path = change.path
        archived = change.old
        current = change.new
    }

    /// `models[0].lr 0.0035 → 0.01`, `seeds[3] added (7)`.
    public var description: String { ConfigChange(path: path, old: archived, new: current).description }
}

/// `Module/File` sources whose compute hash changed, or that entered or left the experiment's keys.
public struct CodeDifference: Codable, Sendable, Equatable {
    public var changed: [String]
    public var added: [String]
    public var removed: [String]

    public init(changed: [String] = [], added: [String] = [], removed: [String] = []) {
        self.changed = changed
        self.added = added
        self.removed = removed
    }

    /// Compares two `Module/File` → hash maps (a manifest's `code:` and the current key parts').
    public init(archived: [String: String], current: [String: String]) {
        changed = archived.keys.filter { current[$0] != nil && current[$0] != archived[$0] }.sorted()
        added = current.keys.filter { archived[$0] == nil }.sorted()
        removed = archived.keys.filter { current[$0] == nil }.sorted()
    }

    public var isEmpty: Bool { changed.isEmpty && added.isEmpty && removed.isEmpty }
}

extension ExperimentStatus {
    /// `Module/File` → compute hash over all jobs' key parts: what an archive records as `code:`.
    var codeHashes: [String: String] {
        var code: [String: String] = [:]
        for job in jobs { code.merge(job.parts.code) { first, _ in first } }
        return code
    }

    /// The `--set` overrides as `path=value`, as an archive records them.
    var overrideTexts: [String] { overrides.map { "\($0.path)=\($0.value.displayText)" } }
}
