import Foundation

/// Why a store operation failed; every case names the path involved so messages are actionable.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A key that is not 64 lowercase hex characters (keys become path components).
    case invalidKey(String, store: String)
    /// A name (experiment, file in an entry) that would leave its directory.
    case invalidName(String, path: String)
    /// The store at `path` was written by a format this code does not understand.
    case unsupportedFormat(found: String, path: String)
    /// An entry exists but fails verification.
    case corrupt(path: String, reason: String)
    /// No entry at `path`.
    case notFound(path: String)
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// A `PendingEntry` was used after `commit()` or `abandon()`.
    case entryClosed(path: String)

    public var description: String {
        switch self {
        case let .invalidKey(key, store):
            return "invalid result key \"\(key)\" for store \(store): expected 64 lowercase hex characters"
        case let .invalidName(name, path):
            return "invalid name \"\(name)\" under \(path)"
        case let .unsupportedFormat(found, path):
            return "unsupported result store format \"\(found)\" in \(path) (this version of repro understands format \(ResultStore.formatVersion)); use another --store location"
        case let .corrupt(path, reason):
            return "corrupt result at \(path): \(reason)"
        case let .notFound(path):
            return "no result at \(path)"
        case let .io(operation, path, code):
            return "\(operation) failed for \(path): \(String(cString: strerror(code))) (errno \(code))"
        case let .entryClosed(path):
            return "pending entry \(path) was already committed or abandoned"
        }
    }
}
