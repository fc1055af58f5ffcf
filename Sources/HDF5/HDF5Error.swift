/// A failure from the HDF5 wrapper: which operation failed, on which file and object, and the
/// message HDF5 put on its error stack (or the wrapper's own reason when HDF5 was not at fault).
public enum HDF5Error: Error, CustomStringConvertible, Sendable {
    /// An HDF5 library call failed; `message` is HDF5's error stack, innermost cause last.
    case library(operation: String, file: String, object: String, message: String)
    /// The object exists but holds something other than what was asked for (e.g. a string read as Double).
    case typeMismatch(operation: String, file: String, object: String, message: String)
    /// No object of that name exists; `message` is HDF5's error stack when HDF5 reported it.
    case notFound(operation: String, file: String, object: String, message: String)

    /// The wrapper operation that failed, e.g. "open file" or "read dataset".
    public var operation: String {
        switch self {
        case .library(let op, _, _, _), .typeMismatch(let op, _, _, _), .notFound(let op, _, _, _): return op
        }
    }

    /// Path of the HDF5 file on disk.
    public var file: String {
        switch self {
        case .library(_, let f, _, _), .typeMismatch(_, let f, _, _), .notFound(_, let f, _, _): return f
        }
    }

    /// Path of the object inside the file ("/" for the file itself).
    public var object: String {
        switch self {
        case .library(_, _, let o, _), .typeMismatch(_, _, let o, _), .notFound(_, _, let o, _): return o
        }
    }

    /// HDF5's own message (or the wrapper's reason).
    public var message: String {
        switch self {
        case .library(_, _, _, let m), .typeMismatch(_, _, _, let m), .notFound(_, _, _, let m): return m
        }
    }

    public var description: String {
        "HDF5 error: \(operation) failed for '\(object)' in \(file): \(message)"
    }
}
