import Foundation
import Testing
import Store

@Suite struct CorruptionTests {
    @Test func truncatedFileIsCorruptWithSizeReason() throws {
        try withStore { store in
            let k = key(1)
            try commitResult(store, key: k, size: 2048)
            let file = store.directory(for: k).appendingPathComponent("result.h5")
            try truncate(file, to: 100)
            #expect(store.status(of: k) == .corrupt("result.h5: size 100 ≠ 2048 (truncated)"))
            #expect(store.status(of: k, verifyChecksums: false) == .corrupt("result.h5: size 100 ≠ 2048 (truncated)"))
            #expect(throws: StoreError.corrupt(path: file.path, reason: "result.h5: size 100 ≠ 2048 (truncated)")) {
                try store.manifest(for: k)
            }
        }
    }

    @Test func bitFlipIsChecksumMismatchOnlyWhenVerifying() throws {
        try withStore { store in
            let k = key(2)
            let manifest = try commitResult(store, key: k)
            try flipByte(in: store.directory(for: k).appendingPathComponent("result.h5"), at: 1000)
            #expect(store.status(of: k) == .corrupt("result.h5: checksum mismatch"))
            // The fast listing path checks presence and sizes only.
            #expect(store.status(of: k, verifyChecksums: false) == .present(manifest))
        }
    }

    @Test func missingFileIsReported() throws {
        try withStore { store in
            let k = key(3)
            try commitResult(store, key: k)
            try FileManager.default.removeItem(at: store.directory(for: k).appendingPathComponent("log.txt"))
            #expect(store.status(of: k) == .corrupt("file missing: log.txt"))
        }
    }

    @Test func objectDirectoryWithoutManifestIsCorrupt() throws {
        try withStore { store in
            // What a non-atomic writer killed halfway would leave behind.
            let dir = store.directory(for: key(4))
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(count: 10).write(to: dir.appendingPathComponent("result.h5"))
            #expect(store.status(of: key(4)) == .corrupt("manifest missing"))
        }
    }

    @Test func garbledManifestIsUnreadable() throws {
        try withStore { store in
            let k = key(5)
            try commitResult(store, key: k)
            try Data("{\"key\": ".utf8).write(to: store.directory(for: k).appendingPathComponent("manifest.json"))
            #expect(store.status(of: k) == .corrupt("manifest unreadable"))
        }
    }

    @Test func corruptEntryCanBeRemovedAndRecomputed() throws {
        try withStore { store in
            let k = key(6)
            try commitResult(store, key: k)
            try flipByte(in: store.directory(for: k).appendingPathComponent("log.txt"), at: 0)
            try store.removeEntry(key: k)
            #expect(store.status(of: k) == .missing)
            let manifest = try commitResult(store, key: k)
            #expect(store.status(of: k) == .present(manifest))
            try store.removeEntry(key: key(99))  // removing a missing entry is not an error
        }
    }
}
