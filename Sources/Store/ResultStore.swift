import Digest
import Foundation

/// The content-addressed result cache: one directory of files per 64-hex key, verified on read,
/// safe against crashes and against several processes (or hosts) sharing the same root.
///
/// Layout: `objects/<2>/<key>/` (committed results, each with `manifest.json`), `tmp/` (entries being
/// written), `locks/<key>.lock`, `failures/<key>.json`, `index/<experiment>/<sha256(job)>.json`,
/// `checkpoints/<key>/`, and `STORE-FORMAT`.
///
/// Intended use per job, so two processes never compute the same key: `tryLock(key:)` (skip or wait if
/// nil), then re-check `status(of:)` (another process may have finished it meanwhile), compute into
/// `beginEntry(key:)`, `commit`, unlock. A killed process loses only its temp dir and its lock; the kernel
/// drops the lock and `garbageCollect` removes the temp dir.
public struct ResultStore: Sendable {
    /// The on-disk layout version written to `STORE-FORMAT`.
    public static let formatVersion = "1"
    static let formatFileName = "STORE-FORMAT"
    static let subdirectories = ["objects", "tmp", "locks", "failures", "index", "checkpoints"]

    public let root: URL

    /// Opens the store at `root`, creating it if needed; refuses a store written in another format.
    public init(root: URL) throws {
        self.root = root.standardizedFileURL
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: self.root, withIntermediateDirectories: true)
        } catch {
            throw StoreError.io(operation: "create store directory", path: self.root.path, errno: Self.errnoOf(error))
        }
        try checkOrWriteFormat()
        for name in Self.subdirectories {
            let url = self.root.appendingPathComponent(name)
            do {
                try fm.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw StoreError.io(operation: "create directory", path: url.path, errno: Self.errnoOf(error))
            }
        }
    }

    /// Where a committed result lives (whether or not it exists).
    /// - Precondition: `key` is 64 lowercase hex characters; keys come from SHA-256, so anything else is a bug.
    public func directory(for key: String) -> URL {
        precondition(Keys.isValid(key), "invalid result key \"\(key)\"")
        return objectsDirectory.appendingPathComponent(String(key.prefix(2))).appendingPathComponent(key)
    }

    /// Whether `key` has a usable result. With `verifyChecksums: false` only presence and sizes are checked.
    /// An invalid key is reported as missing (it can never have been stored).
    public func status(of key: String, verifyChecksums: Bool = true) -> EntryStatus {
        guard Keys.isValid(key) else { return .missing }
        switch Verification.check(directory: directory(for: key), key: key, verifyChecksums: verifyChecksums) {
        case .missing: return .missing
        case let .valid(manifest): return .present(manifest)
        case let .corrupt(reason, _): return .corrupt(reason)
        }
    }

    /// The verified manifest of `key`; throws `.notFound` or `.corrupt` naming the file and reason.
    public func manifest(for key: String) throws -> Manifest {
        try validate(key)
        let dir = directory(for: key)
        switch Verification.check(directory: dir, key: key, verifyChecksums: true) {
        case .missing: throw StoreError.notFound(path: dir.path)
        case let .valid(manifest): return manifest
        case let .corrupt(reason, file): throw StoreError.corrupt(path: file, reason: reason)
        }
    }

    /// Starts writing a result for `key` in a fresh private directory under `tmp/`.
    public func beginEntry(key: String) throws -> PendingEntry {
        try validate(key)
        let url = tmpDirectory.appendingPathComponent(TemporaryName.make(label: key).string)
        guard mkdir(url.path, 0o755) == 0 else {
            throw StoreError.io(operation: "mkdir", path: url.path, errno: errno)
        }
        return PendingEntry(directory: url, key: key, store: self)
    }

    /// A per-key directory for training checkpoints that survives crashes; removed when the result commits.
    /// - Precondition: `key` is valid (see `directory(for:)`).
    public func checkpointDirectory(for key: String) -> URL {
        precondition(Keys.isValid(key), "invalid result key \"\(key)\"")
        let url = checkpointsDirectory.appendingPathComponent(key)
        // Creation failures surface when the caller writes into it, with the real error.
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Deletes a result (e.g. a corrupt one). It is first renamed into `tmp/` so readers never see it half-deleted.
    public func removeEntry(key: String) throws {
        try validate(key)
        try removeAtomically(directory(for: key), label: key)
    }

    /// Every key with a directory under `objects/`, valid or not, sorted.
    public func allKeys() throws -> [String] {
        let fm = FileManager.default
        var keys: [String] = []
        let prefixes: [String]
        do {
            prefixes = try fm.contentsOfDirectory(atPath: objectsDirectory.path)
        } catch {
            throw StoreError.io(operation: "list", path: objectsDirectory.path, errno: Self.errnoOf(error))
        }
        for prefix in prefixes where prefix.utf8.count == 2 {
            let dir = objectsDirectory.appendingPathComponent(prefix)
            guard let names = try? fm.contentsOfDirectory(atPath: dir.path) else { continue }
            keys += names.filter { Keys.isValid($0) && $0.hasPrefix(prefix) }
        }
        return keys.sorted()
    }

    // MARK: - Layout

    var objectsDirectory: URL { root.appendingPathComponent("objects") }
    var tmpDirectory: URL { root.appendingPathComponent("tmp") }
    var locksDirectory: URL { root.appendingPathComponent("locks") }
    var failuresDirectory: URL { root.appendingPathComponent("failures") }
    var indexDirectory: URL { root.appendingPathComponent("index") }
    var checkpointsDirectory: URL { root.appendingPathComponent("checkpoints") }

    func validate(_ key: String) throws {
        guard Keys.isValid(key) else { throw StoreError.invalidKey(key, store: root.path) }
    }

    // MARK: - Helpers shared by the extensions

    /// Writes `data` to `url` so readers see either the old or the new contents, never a partial file.
    func writeAtomically(_ data: Data, to url: URL, label: String) throws {
        let temp = tmpDirectory.appendingPathComponent(TemporaryName.make(label: label).string)
        do {
            try POSIX.writeNewFile(data, path: temp.path)
            try POSIX.move(temp.path, url.path)
        } catch {
            _ = unlink(temp.path)
            throw error
        }
        try POSIX.syncToDisk(path: url.deletingLastPathComponent().path, directory: true)
    }

    /// Moves `url` into `tmp/` and deletes it there; a missing `url` is not an error.
    @discardableResult
    func removeAtomically(_ url: URL, label: String) throws -> Bool {
        let aside = tmpDirectory.appendingPathComponent(TemporaryName.make(label: label).string)
        if rename(url.path, aside.path) != 0 {
            if errno == ENOENT { return false }
            throw StoreError.io(operation: "rename to \(aside.path)", path: url.path, errno: errno)
        }
        do {
            try FileManager.default.removeItem(at: aside)
        } catch {
            // Already out of sight; gc removes the rest once this process has exited.
        }
        return true
    }

    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    static func errnoOf(_ error: Error) -> Int32 {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        return EIO
    }

    private func checkOrWriteFormat() throws {
        let url = root.appendingPathComponent(Self.formatFileName)
        if POSIX.fileInfo(url.path) == nil {
            // link(2) publishes the file only if none exists, so a concurrent writer of another version wins cleanly.
            let temp = root.appendingPathComponent(".\(Self.formatFileName)~\(POSIX.pid)~\(UInt64.random(in: 0...UInt64.max))")
            try POSIX.writeNewFile(Data("\(Self.formatVersion)\n".utf8), path: temp.path)
            let linked = link(temp.path, url.path)
            let code = errno
            _ = unlink(temp.path)
            if linked != 0 && code != EEXIST {
                throw StoreError.io(operation: "link", path: url.path, errno: code)
            }
        }
        guard let data = try? Data(contentsOf: url) else {
            throw StoreError.io(operation: "read", path: url.path, errno: EIO)
        }
        let found = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard found == Self.formatVersion else {
            throw StoreError.unsupportedFormat(found: found, path: url.path)
        }
    }
}
