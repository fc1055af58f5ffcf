import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Thin wrappers over the system calls whose atomicity and durability Foundation does not promise.
enum POSIX {
    /// Flushes a file or directory to stable storage; for a directory this makes renames in it durable.
    static func syncToDisk(path: String, directory: Bool) throws {
        let flags = directory ? (O_RDONLY | O_DIRECTORY | O_CLOEXEC) : (O_RDONLY | O_CLOEXEC)
        let fd = open(path, flags)
        guard fd >= 0 else { throw StoreError.io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.io(operation: "fsync", path: path, errno: errno) }
    }

    static func move(_ from: String, _ to: String) throws {
        guard rename(from, to) == 0 else {
            throw StoreError.io(operation: "rename to \(to)", path: from, errno: errno)
        }
    }

    /// Writes `data` to a new file with O_EXCL, then fsyncs it.
    static func writeNewFile(_ data: Data, path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(operation: "create", path: path, errno: errno) }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.io(operation: "write", path: path, errno: errno)
                }
                offset += written
            }
        }
        guard fsync(fd) == 0 else { throw StoreError.io(operation: "fsync", path: path, errno: errno) }
    }

    enum Kind { case regular, directory, other }

    /// Type and size without following symlinks; nil if the path does not exist.
    static func fileInfo(_ path: String) -> (kind: Kind, size: Int64)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        let kind: Kind = type == S_IFREG ? .regular : (type == S_IFDIR ? .directory : .other)
        return (kind, Int64(info.st_size))
    }

    static func modificationTime(_ path: String) -> Date? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
    }

    /// Whether a process with this pid exists on this host (EPERM means it exists but is not ours).
    static func processExists(_ pid: Int32) -> Bool {
        if kill(pid, 0) == 0 { return true }
        return errno != ESRCH
    }

    static var pid: Int32 { getpid() }

    /// The host name, with the separator used in temp names replaced, so names parse back unambiguously.
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown-host" }
        let name = String(cString: buffer).replacingOccurrences(of: "~", with: "-").replacingOccurrences(of: "/", with: "-")
        return name.isEmpty ? "unknown-host" : name
    }
}

/// Names of entries under tmp/: `<label>~<host>~<pid>~<random>`. The host and pid let gc tell an orphan
/// (owner dead) from a live writer; the label is the key when there is one, so gc can also check its lock.
struct TemporaryName: Equatable {
    var label: String
    var host: String
    var pid: Int32
    var nonce: String

    static func make(label: String) -> TemporaryName {
        TemporaryName(label: label, host: POSIX.hostName, pid: POSIX.pid,
                      nonce: String(UInt64.random(in: 0...UInt64.max), radix: 36))
    }

    var string: String { "\(label)~\(host)~\(pid)~\(nonce)" }

    init(label: String, host: String, pid: Int32, nonce: String) {
        self.label = label
        self.host = host
        self.pid = pid
        self.nonce = nonce
    }

    init?(parsing name: String) {
        let parts = name.split(separator: "~", omittingEmptySubsequences: false)
        guard parts.count == 4, let pid = Int32(parts[2]) else { return nil }
        self.init(label: String(parts[0]), host: String(parts[1]), pid: pid, nonce: String(parts[3]))
    }
}
