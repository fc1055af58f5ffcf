import Foundation
import Testing
@testable import Store

@Suite struct GarbageCollectionTests {
    @Test func gcKeepsWhatItIsToldAndFreesTheRest() throws {
        try withStore { store in
            let kept = key(1), dropped = key(2), alsoDropped = key(3)
            try commitResult(store, key: kept, size: 1000)
            try commitResult(store, key: dropped, size: 1000)
            try commitResult(store, key: alsoDropped, size: 1000)
            try store.recordFailure(FailureRecord(experiment: "e", job: "j", message: "m", logTail: "",
                                                  date: "", kind: "error"), key: key(4))
            try Data(count: 500).write(to: store.checkpointDirectory(for: key(5)).appendingPathComponent("c.bin"))
            try Data(count: 500).write(to: store.checkpointDirectory(for: kept).appendingPathComponent("c.bin"))

            let preview = try store.garbageCollect(keeping: [kept], dryRun: true)
            #expect(preview.removedEntries == 2)
            #expect(preview.bytesFreed > 2500)
            #expect(try store.allKeys() == [kept, dropped, alsoDropped].sorted())

            let report = try store.garbageCollect(keeping: [kept], dryRun: false)
            #expect(report == preview)
            #expect(try store.allKeys() == [kept])
            #expect(store.status(of: kept) != .missing)
            #expect(store.failure(for: key(4)) == nil)
            #expect(contents(store.root.appendingPathComponent("checkpoints")) == [kept])
            #expect(contents(store.root.appendingPathComponent("objects")) == ["01"])  // empty prefixes removed
            #expect(try store.garbageCollect(keeping: [kept], dryRun: false) == GCReport())
        }
    }

    @Test func gcSparesKeysLockedByARunningJob() throws {
        try withStore { store in
            let running = key(1)
            try Data(count: 10).write(to: store.checkpointDirectory(for: running).appendingPathComponent("c.bin"))
            let lock = try #require(try store.tryLock(key: running))
            _ = try store.garbageCollect(keeping: [], dryRun: false)
            #expect(contents(store.root.appendingPathComponent("checkpoints")) == [running])
            lock.unlock()
            _ = try store.garbageCollect(keeping: [], dryRun: false)
            #expect(contents(store.root.appendingPathComponent("checkpoints")).isEmpty)
        }
    }

    @Test func tempDirOfACrashedWriterIsInvisibleAndCollected() throws {
        try withStore { store in
            let k = key(1)
            // A writer killed before writing its manifest leaves its temp dir; its pid is then dead.
            let dead = Process()
            dead.executableURL = URL(fileURLWithPath: "/bin/true")
            try dead.run()
            dead.waitUntilExit()
            let name = TemporaryName.make(label: k)
            let orphan = store.root.appendingPathComponent("tmp")
                .appendingPathComponent(TemporaryName(label: k, host: name.host, pid: dead.processIdentifier,
                                                      nonce: "x").string)
            try FileManager.default.createDirectory(at: orphan, withIntermediateDirectories: true)
            try Data(count: 300).write(to: orphan.appendingPathComponent("result.h5"))

            // A live writer (this process) must be left alone.
            let live = try store.beginEntry(key: key(2))
            try Data(count: 10).write(to: live.directory.appendingPathComponent("result.h5"))

            #expect(store.status(of: k) == .missing)
            let report = try store.garbageCollect(keeping: [], dryRun: false)
            #expect(report.removedTemporaries == 1)
            #expect(report.bytesFreed == 300)
            #expect(!FileManager.default.fileExists(atPath: orphan.path))
            #expect(FileManager.default.fileExists(atPath: live.directory.path))
            _ = try live.commit(metadata: [:])
        }
    }
}
