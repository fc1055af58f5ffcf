import Foundation
import Testing
import Store

@Suite struct StoreLayoutTests {
    @Test func initCreatesLayoutAndFormatFile() throws {
        try withStore { store in
            for name in ["objects", "tmp", "locks", "failures", "index", "checkpoints"] {
                var isDirectory: ObjCBool = false
                #expect(FileManager.default.fileExists(atPath: store.root.appendingPathComponent(name).path,
                                                       isDirectory: &isDirectory) && isDirectory.boolValue)
            }
            let format = try String(contentsOf: store.root.appendingPathComponent("STORE-FORMAT"), encoding: .utf8)
            #expect(format == "1\n")
            // Reopening an existing store (another checkout sharing it) keeps its results.
            try commitResult(store, key: key(1))
            let reopened = try ResultStore(root: store.root)
            #expect(reopened.status(of: key(1)) != .missing)
        }
    }

    @Test func unknownFormatVersionIsRejected() throws {
        try withStore { store in
            let formatFile = store.root.appendingPathComponent("STORE-FORMAT")
            try Data("2\n".utf8).write(to: formatFile)
            #expect(throws: StoreError.unsupportedFormat(found: "2", path: formatFile.path)) {
                try ResultStore(root: store.root)
            }
            let message = StoreError.unsupportedFormat(found: "2", path: formatFile.path).description
            #expect(message.contains(formatFile.path))
        }
    }

    @Test(arguments: [
        "", "../../../../etc/passwd", String(repeating: "A", count: 64), String(repeating: "a", count: 63),
        String(repeating: "a", count: 65), String(repeating: "g", count: 64), String(repeating: "a", count: 62) + "/a",
    ])
    func invalidKeysAreRejected(_ bad: String) throws {
        try withStore { store in
            #expect(throws: StoreError.invalidKey(bad, store: store.root.path)) { try store.beginEntry(key: bad) }
            #expect(throws: StoreError.self) { try store.tryLock(key: bad) }
            #expect(throws: StoreError.self) { try store.manifest(for: bad) }
            #expect(throws: StoreError.self) { try store.removeEntry(key: bad) }
            #expect(throws: StoreError.self) {
                try store.recordFailure(FailureRecord(experiment: "e", job: "j", message: "", logTail: "",
                                                      date: "", kind: "error"), key: bad)
            }
            #expect(store.status(of: bad) == .missing)
            #expect(store.failure(for: bad) == nil)
            #expect(!store.isLocked(key: bad))
        }
    }
}
