import Digest
import Foundation

/// The content-addressed result cache: one directory of files per 64-hex key, verified on read,
/// safe against crashes and against several processes sharing the same root.
public struct ResultStore: Sendable {
    public static let formatVersion = "1"
    public let root: URL

    public init(root: URL) throws {
        self.root = root
    }

    public func directory(for key: String) -> URL {
        root.appendingPathComponent("objects").appendingPathComponent(String(key.prefix(2))).appendingPathComponent(key)
    }

    public func status(of key: String, verifyChecksums: Bool = true) -> EntryStatus { fatalError("not yet implemented") }
    public func manifest(for key: String) throws -> Manifest { fatalError("not yet implemented") }
    public func beginEntry(key: String) throws -> PendingEntry { fatalError("not yet implemented") }
    public func tryLock(key: String) throws -> StoreLock? { fatalError("not yet implemented") }
    public func lock(key: String) throws -> StoreLock { fatalError("not yet implemented") }
    public func isLocked(key: String) -> Bool { fatalError("not yet implemented") }
    public func recordFailure(_ failure: FailureRecord, key: String) throws { fatalError("not yet implemented") }
    public func failure(for key: String) -> FailureRecord? { fatalError("not yet implemented") }
    public func clearFailure(key: String) { fatalError("not yet implemented") }
    public func recordLatest(_ record: IndexRecord) throws { fatalError("not yet implemented") }
    public func latest(experiment: String, job: String) -> IndexRecord? { fatalError("not yet implemented") }
    public func checkpointDirectory(for key: String) -> URL { fatalError("not yet implemented") }
    public func removeEntry(key: String) throws { fatalError("not yet implemented") }
    public func garbageCollect(keeping keys: Set<String>, dryRun: Bool) throws -> GCReport { fatalError("not yet implemented") }
    public func allKeys() throws -> [String] { fatalError("not yet implemented") }
}
