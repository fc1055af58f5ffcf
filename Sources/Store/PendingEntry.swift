import Digest
import Foundation

/// A result being written: files go into `directory`, a private temp dir under `tmp/`, and `commit`
/// moves it under `objects/` in one rename once its manifest is complete. Not Sendable: one writer owns it.
/// An entry neither committed nor abandoned is deleted when released.
public final class PendingEntry {
    /// Write the result files here.
    public let directory: URL
    let key: String
    let store: ResultStore
    private var closed = false

    init(directory: URL, key: String, store: ResultStore) {
        self.directory = directory
        self.key = key
        self.store = store
    }

    deinit {
        if !closed { abandon() }
    }

    /// Checksums every regular file (recursively), writes `manifest.json` last, makes it all durable, then
    /// publishes it with rename(2). If a valid entry for the key already exists (another process computed it
    /// too), ours is discarded and the existing manifest returned; a corrupt one is replaced. On success the
    /// key's checkpoints and failure record are removed.
    public func commit(metadata: [String: String]) throws -> Manifest {
        guard !closed else { throw StoreError.entryClosed(path: directory.path) }
        let manifest = try writeManifest(metadata: metadata)
        let published = try publish(manifest)
        closed = true
        _ = try? store.removeAtomically(store.checkpointsDirectory.appendingPathComponent(key), label: key)
        store.clearFailure(key: key)
        return published
    }

    /// Deletes the temp dir; the entry cannot be used afterwards.
    public func abandon() {
        closed = true
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - Steps

    private func writeManifest(metadata: [String: String]) throws -> Manifest {
        var files: [String] = []
        var directories: [String] = []
        try walk(relative: "", files: &files, directories: &directories)
        guard !files.contains(Verification.manifestName) else {
            throw StoreError.invalidName(Verification.manifestName, path: directory.path)
        }
        var entries: [FileEntry] = []
        for name in files.sorted() {
            let url = directory.appendingPathComponent(name)
            try POSIX.syncToDisk(path: url.path, directory: false)
            let digest: SHA256Digest
            do {
                digest = try SHA256Digest.hash(fileAt: url)
            } catch {
                throw StoreError.io(operation: "read", path: url.path, errno: ResultStore.errnoOf(error))
            }
            // Size after hashing, from the same file; a writer still appending would be a caller bug.
            let size = POSIX.fileInfo(url.path)?.size ?? 0
            entries.append(FileEntry(name: name, size: size, sha256: digest.hex))
        }
        let manifest = Manifest(key: key, created: ResultStore.now(), files: entries, metadata: metadata)
        let manifestURL = directory.appendingPathComponent(Verification.manifestName)
        try POSIX.writeNewFile(try ResultStore.encode(manifest), path: manifestURL.path)
        for dir in directories.reversed() {
            try POSIX.syncToDisk(path: directory.appendingPathComponent(dir).path, directory: true)
        }
        try POSIX.syncToDisk(path: directory.path, directory: true)
        return manifest
    }

    /// Collects regular files and subdirectories (relative names); other file types are ignored.
    private func walk(relative: String, files: inout [String], directories: inout [String]) throws {
        let url = relative.isEmpty ? directory : directory.appendingPathComponent(relative)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw StoreError.io(operation: "list", path: url.path, errno: ResultStore.errnoOf(error))
        }
        for name in names.sorted() {
            let child = relative.isEmpty ? name : "\(relative)/\(name)"
            switch POSIX.fileInfo(url.appendingPathComponent(name).path)?.kind {
            case .regular: files.append(child)
            case .directory:
                directories.append(child)
                try walk(relative: child, files: &files, directories: &directories)
            default: continue
            }
        }
    }

    private func publish(_ manifest: Manifest) throws -> Manifest {
        let destination = store.directory(for: key)
        let prefix = destination.deletingLastPathComponent()
        // Serialises committers of this key (threads or processes); held only for the rename dance.
        guard let commitLock = try store.acquire(store.commitLockFile(for: key), key: key, blocking: true) else {
            throw StoreError.io(operation: "flock", path: store.commitLockFile(for: key).path, errno: EWOULDBLOCK)
        }
        defer { commitLock.unlock() }
        var lastError: Int32 = 0
        for _ in 0..<16 {
            switch Verification.check(directory: destination, key: key, verifyChecksums: true) {
            case let .valid(existing):
                abandon()
                return existing
            case .corrupt:
                try store.removeAtomically(destination, label: key)
                continue
            case .missing:
                if mkdir(prefix.path, 0o755) == 0 {
                    try POSIX.syncToDisk(path: store.objectsDirectory.path, directory: true)
                } else if errno != EEXIST {
                    throw StoreError.io(operation: "mkdir", path: prefix.path, errno: errno)
                }
                if rename(directory.path, destination.path) == 0 {
                    try POSIX.syncToDisk(path: prefix.path, directory: true)
                    return manifest
                }
                lastError = errno
                // ENOENT: gc removed the empty prefix dir meanwhile; ENOTEMPTY/EEXIST: an entry appeared.
                guard lastError == ENOENT || lastError == ENOTEMPTY || lastError == EEXIST else {
                    throw StoreError.io(operation: "rename to \(destination.path)", path: directory.path, errno: lastError)
                }
            }
        }
        throw StoreError.io(operation: "rename to \(destination.path)", path: directory.path, errno: lastError)
    }
}
