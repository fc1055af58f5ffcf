import CHDF5
import Foundation

/// An open HDF5 file. Owns the file handle and closes it in `close()` or when released.
/// Sendable: every use of the handle goes through a per-file lock, and the library itself is built
/// thread-safe (one global lock), so sharing a file across tasks is safe, though not parallel.
public final class HDF5File: @unchecked Sendable {
    public let url: URL
    var id: hid_t

    init(url: URL, id: hid_t) {
        self.url = url
        self.id = id
    }

    deinit {
        if id >= 0 { _ = H5Fclose(id) }
    }

    /// Creates a new file, truncating any existing one.
    public static func create(_ url: URL) throws -> HDF5File {
        fatalError("not implemented yet")
    }

    /// Opens an existing file, read-only by default.
    public static func open(_ url: URL, readOnly: Bool = true) throws -> HDF5File {
        fatalError("not implemented yet")
    }

    /// The root group "/".
    public var root: HDF5Group { HDF5Group(file: self, path: "/") }

    /// Writes buffered data to disk.
    public func flush() throws {
        fatalError("not implemented yet")
    }

    /// Closes the file; later operations on it throw.
    public func close() throws {
        fatalError("not implemented yet")
    }
}
