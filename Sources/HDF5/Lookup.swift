import CHDF5

// Resolving member names to absolute paths and telling missing objects from other failures.

/// Joins a group path and a member name; a name starting with "/" is taken as absolute.
func join(_ base: String, _ name: String) -> String {
    if name.hasPrefix("/") { return name }
    let trimmed = name.hasSuffix("/") ? String(name.dropLast()) : name
    return base == "/" ? "/" + trimmed : base + "/" + trimmed
}

/// Whether every link along an absolute path exists (H5Lexists fails if an intermediate is missing).
func exists(_ absolutePath: String, in fileID: hid_t) -> Bool {
    var prefix = ""
    for component in absolutePath.split(separator: "/") {
        prefix += "/" + component
        guard H5Lexists(fileID, prefix, chdf5_p_default()) > 0 else {
            ErrorStack.clear()
            return false
        }
    }
    return true
}

/// Passes a successful HDF5 result through; on failure throws `notFound` when the path does not
/// resolve (so callers can tell a missing name from other failures), otherwise `library`. Both carry
/// HDF5's own message.
@discardableResult
func resolve<R: BinaryInteger>(_ result: R, _ absolutePath: String, in fileID: hid_t, _ context: Context) throws -> R {
    guard result < 0 else { return result }
    let message = ErrorStack.take()
    if !exists(absolutePath, in: fileID) {
        throw HDF5Error.notFound(operation: context.operation, file: context.file, object: context.object, message: message)
    }
    throw HDF5Error.library(operation: context.operation, file: context.file, object: context.object, message: message)
}
