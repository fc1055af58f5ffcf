import Foundation

/// A result being written: files go into `directory` (a private temp dir) until `commit` moves it in.
public final class PendingEntry {
    public let directory: URL
    let key: String
    let store: ResultStore

    init(directory: URL, key: String, store: ResultStore) {
        self.directory = directory
        self.key = key
        self.store = store
    }

    public func commit(metadata: [String: String]) throws -> Manifest {
        fatalError("not yet implemented")
    }

    public func abandon() {
        try? FileManager.default.removeItem(at: directory)
    }
}
