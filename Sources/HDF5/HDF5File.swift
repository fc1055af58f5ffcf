import CHDF5
import Foundation

/// An open HDF5 file. Owns the file handle and closes it in `close()` or when released.
/// Sendable: every use of the handle goes through a per-file lock, and the library itself is built
/// thread-safe (one global lock), so sharing a file across tasks is safe, though not parallel.
public final class HDF5File: @unchecked Sendable {
    public let url: URL
    /// Guards `id`; recursive because operations call each other while holding it.
    private let lock = NSRecursiveLock()
    private var id: hid_t

    /// Marks the descriptor close-on-exec (HDF5 opens it without), so processes this one starts
    /// never hold a result file open after it is closed here.
    private init(url: URL, id: hid_t, _ context: Context) throws {  // deinit closes `id` if this throws
        self.url = url
        self.id = id
        var handle: UnsafeMutableRawPointer?
        try context.status(H5Fget_vfd_handle(id, chdf5_p_default(), &handle))
        guard let descriptor = handle?.assumingMemoryBound(to: Int32.self).pointee else {
            throw HDF5Error.library(operation: context.operation, file: url.path, object: "/",
                                    message: "the file driver gave no file descriptor to mark close-on-exec")
        }
        guard fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC) == 0 else {
            throw HDF5Error.library(operation: context.operation, file: url.path, object: "/",
                                    message: "cannot mark the file descriptor close-on-exec: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if id >= 0 { _ = H5Fclose(id) }
    }

    /// Creates a new file, truncating any existing one.
    public static func create(_ url: URL) throws -> HDF5File {
        let context = Context(operation: "create file", file: url.path, object: "/")
        ErrorStack.silence()
        ErrorStack.clear()
        let access = try unlockedFileAccessList(context)
        defer { _ = H5Pclose(access) }
        let id = try context.id(H5Fcreate(url.path, chdf5_acc_trunc(), chdf5_p_default(), access))
        return try HDF5File(url: url, id: id, context)
    }

    /// Opens an existing file, read-only by default.
    public static func open(_ url: URL, readOnly: Bool = true) throws -> HDF5File {
        let context = Context(operation: "open file", file: url.path, object: "/")
        ErrorStack.silence()
        ErrorStack.clear()
        let flags = readOnly ? chdf5_acc_rdonly() : chdf5_acc_rdwr()
        let access = try unlockedFileAccessList(context)
        defer { _ = H5Pclose(access) }
        let id = try context.id(H5Fopen(url.path, flags, access))
        return try HDF5File(url: url, id: id, context)
    }

    /// The root group "/".
    public var root: HDF5Group { HDF5Group(file: self, path: "/") }

    /// Writes buffered data to disk.
    public func flush() throws {
        try withHandle("flush file", object: "/") { id, context in
            try context.status(H5Fflush(id, H5F_SCOPE_GLOBAL))
        }
    }

    /// Closes the file; later operations on it throw. Closing twice is harmless.
    public func close() throws {
        lock.lock()
        defer { lock.unlock() }
        guard id >= 0 else { return }
        ErrorStack.silence()
        ErrorStack.clear()
        let status = H5Fclose(id)
        id = -1
        try Context(operation: "close file", file: url.path, object: "/").status(status)
    }

    /// Runs `body` with the open file handle under the file's lock, with HDF5's stderr printing off
    /// and a clean error stack, so a failure reports only its own causes.
    @discardableResult
    func withHandle<R>(_ operation: String, object: String, _ body: (hid_t, Context) throws -> R) throws -> R {
        lock.lock()
        defer { lock.unlock() }
        let context = Context(operation: operation, file: url.path, object: object)
        guard id >= 0 else {
            throw HDF5Error.library(operation: operation, file: url.path, object: object, message: "file is closed")
        }
        ErrorStack.silence()
        ErrorStack.clear()
        return try body(id, context)
    }
}
