import Foundation
import Testing
import Store

@Suite struct CommitTests {
    @Test func committedResultReadsBackWithChecksums() throws {
        try withStore { store in
            let k = key(1)
            #expect(store.status(of: k) == .missing)
            let manifest = try commitResult(store, key: k, metadata: ["experiment": "fig2"])

            #expect(manifest.key == k)
            #expect(manifest.files.map(\.name) == ["log.txt", "result.h5"])
            #expect(manifest.files.first { $0.name == "result.h5" }?.size == 2048)
            #expect(manifest.files.allSatisfy { $0.sha256.count == 64 })
            #expect(manifest.metadata == ["experiment": "fig2"])
            #expect(store.status(of: k) == .present(manifest))
            #expect(try store.manifest(for: k) == manifest)
            #expect(store.directory(for: k).path.hasSuffix("objects/01/\(k)"))
            let stored = try Data(contentsOf: store.directory(for: k).appendingPathComponent("result.h5"))
            #expect(stored == Data(repeating: 7, count: 2048))
            #expect(try store.allKeys() == [k])
            #expect(contents(store.root.appendingPathComponent("tmp")).isEmpty)
        }
    }

    @Test func subdirectoriesAreRecordedWithRelativeNames() throws {
        try withStore { store in
            let pending = try store.beginEntry(key: key(2))
            let sub = pending.directory.appendingPathComponent("figures")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: sub.appendingPathComponent("a.svg"))
            let manifest = try pending.commit(metadata: [:])
            #expect(manifest.files.map(\.name) == ["figures/a.svg"])
            #expect(store.status(of: key(2)) == .present(manifest))
        }
    }

    @Test func pendingEntryIsInvisibleUntilCommitted() throws {
        try withStore { store in
            let pending = try store.beginEntry(key: key(3))
            try Data(count: 10).write(to: pending.directory.appendingPathComponent("result.h5"))
            #expect(store.status(of: key(3)) == .missing)
            #expect(pending.directory.path.hasPrefix(store.root.appendingPathComponent("tmp").path))
            pending.abandon()
            #expect(!FileManager.default.fileExists(atPath: pending.directory.path))
            #expect(store.status(of: key(3)) == .missing)
            #expect(throws: StoreError.self) { try pending.commit(metadata: [:]) }
        }
    }

    @Test func commitRemovesCheckpointsAndFailureRecord() throws {
        try withStore { store in
            let k = key(4)
            let checkpoints = store.checkpointDirectory(for: k)
            try Data("epoch 5".utf8).write(to: checkpoints.appendingPathComponent("epoch5.bin"))
            try store.recordFailure(FailureRecord(experiment: "e", job: "j", message: "boom", logTail: "",
                                                  date: "2024-01-01T00:00:00Z", kind: "crash"), key: k)
            try commitResult(store, key: k)
            #expect(!FileManager.default.fileExists(atPath: checkpoints.path))
            #expect(store.failure(for: k) == nil)
        }
    }

    @Test func secondCommitterKeepsTheFirstResult() throws {
        try withStore { store in
            let k = key(5)
            let first = try store.beginEntry(key: k)
            let second = try store.beginEntry(key: k)
            try Data(repeating: 1, count: 100).write(to: first.directory.appendingPathComponent("result.h5"))
            try Data(repeating: 2, count: 100).write(to: second.directory.appendingPathComponent("result.h5"))

            let winner = try first.commit(metadata: ["by": "first"])
            let loser = try second.commit(metadata: ["by": "second"])

            #expect(loser == winner)
            #expect(store.status(of: k) == .present(winner))
            #expect(try store.allKeys() == [k])
            #expect(contents(store.root.appendingPathComponent("tmp")).isEmpty)
        }
    }

    @Test func concurrentCommittersOnThreadsLeaveOneValidEntry() throws {
        try withStore { store in
            let k = key(6)
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: 8) { i in
                do {
                    let manifest = try commitResult(store, key: k, size: 4096, fill: UInt8(i))
                    results.append(.success(manifest))
                } catch {
                    results.append(.failure(error))
                }
            }
            let manifests = try results.all.map { try $0.get() }
            #expect(manifests.count == 8)
            guard case let .present(stored) = store.status(of: k) else {
                Issue.record("expected a present entry, got \(store.status(of: k))")
                return
            }
            #expect(manifests.allSatisfy { $0 == stored })
            #expect(try store.allKeys() == [k])
            #expect(contents(store.root.appendingPathComponent("tmp")).isEmpty)
        }
    }

    @Test func corruptEntryIsReplacedByCommit() throws {
        try withStore { store in
            let k = key(7)
            try commitResult(store, key: k, fill: 1)
            try truncate(store.directory(for: k).appendingPathComponent("result.h5"), to: 100)
            let fresh = try commitResult(store, key: k, fill: 2)
            #expect(store.status(of: k) == .present(fresh))
            let stored = try Data(contentsOf: store.directory(for: k).appendingPathComponent("result.h5"))
            #expect(stored == Data(repeating: 2, count: 2048))
        }
    }

    @Test func manifestIsAReservedName() throws {
        try withStore { store in
            let pending = try store.beginEntry(key: key(8))
            try Data("{}".utf8).write(to: pending.directory.appendingPathComponent("manifest.json"))
            #expect(throws: StoreError.self) { try pending.commit(metadata: [:]) }
            #expect(store.status(of: key(8)) == .missing)
        }
    }
}

/// Collects results from concurrent closures.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Result<Manifest, Error>] = []
    func append(_ item: Result<Manifest, Error>) { lock.lock(); items.append(item); lock.unlock() }
    var all: [Result<Manifest, Error>] { lock.lock(); defer { lock.unlock() }; return items }
}
