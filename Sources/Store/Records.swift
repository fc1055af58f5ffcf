/// The checksummed list of files of one stored result, written last so its presence means "complete".
public struct Manifest: Codable, Sendable, Equatable {
    public var key: String
    /// ISO 8601 creation time.
    public var created: String
    public var files: [FileEntry]
    public var metadata: [String: String]

    public init(key: String, created: String, files: [FileEntry], metadata: [String: String]) {
        self.key = key
        self.created = created
        self.files = files
        self.metadata = metadata
    }
}

/// One file of a stored result: its path relative to the entry directory, byte size and SHA-256 hex.
public struct FileEntry: Codable, Sendable, Equatable {
    public var name: String
    public var size: Int64
    public var sha256: String

    public init(name: String, size: Int64, sha256: String) {
        self.name = name
        self.size = size
        self.sha256 = sha256
    }
}

/// What the store knows about a key: a verified result, nothing, or a result that must be recomputed.
public enum EntryStatus: Sendable, Equatable {
    case present(Manifest)
    case missing
    /// The reason names the file, e.g. "result.h5: checksum mismatch".
    case corrupt(String)
}

/// Why a job last failed, kept so `repro status` can explain it without rerunning.
public struct FailureRecord: Codable, Sendable, Equatable {
    public var experiment: String
    public var job: String
    public var message: String
    public var logTail: String
    /// ISO 8601.
    public var date: String
    /// "error", "crash", "diverged" or "interrupted".
    public var kind: String

    public init(experiment: String, job: String, message: String, logTail: String, date: String, kind: String) {
        self.experiment = experiment
        self.job = job
        self.message = message
        self.logTail = logTail
        self.date = date
        self.kind = kind
    }
}

/// The key a job resolved to most recently, so status and notebooks find results without recomputing keys.
public struct IndexRecord: Codable, Sendable, Equatable {
    public var experiment: String
    public var job: String
    public var key: String
    /// Canonical JSON of the key parts; opaque to the store.
    public var parts: String
    /// ISO 8601.
    public var date: String

    public init(experiment: String, job: String, key: String, parts: String, date: String) {
        self.experiment = experiment
        self.job = job
        self.key = key
        self.parts = parts
        self.date = date
    }
}

/// What a garbage collection removed (or would remove, in a dry run).
public struct GCReport: Sendable, Equatable {
    /// Result entries (object directories) removed; failure records and checkpoints count in bytes only.
    public var removedEntries: Int
    /// Orphaned temporary directories and files removed.
    public var removedTemporaries: Int
    public var bytesFreed: Int64

    public init(removedEntries: Int = 0, removedTemporaries: Int = 0, bytesFreed: Int64 = 0) {
        self.removedEntries = removedEntries
        self.removedTemporaries = removedTemporaries
        self.bytesFreed = bytesFreed
    }
}
