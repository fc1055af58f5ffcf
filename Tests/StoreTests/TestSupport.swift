import Foundation
import Store

/// A fresh store in its own temp directory, deleted after `body` returns.
func withStore<T>(_ body: (ResultStore) throws -> T) throws -> T {
    let root = FileManager.default.temporaryDirectory
        .appendingPathComponent("store-tests-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    return try body(try ResultStore(root: root))
}

/// A valid key with a distinct two-character prefix per `n`.
func key(_ n: Int) -> String {
    String(format: "%02x", n % 256) + String(repeating: "0", count: 61) + String(n / 256 % 10)
}

/// Commits a result made of `result.h5` (of `size` bytes) and `log.txt`.
@discardableResult
func commitResult(_ store: ResultStore, key: String, size: Int = 2048, fill: UInt8 = 7,
                  metadata: [String: String] = [:]) throws -> Manifest {
    let pending = try store.beginEntry(key: key)
    try Data(repeating: fill, count: size).write(to: pending.directory.appendingPathComponent("result.h5"))
    try Data("trained 10 epochs\n".utf8).write(to: pending.directory.appendingPathComponent("log.txt"))
    return try pending.commit(metadata: metadata)
}

func contents(_ url: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
}

/// Rewrites one byte of a file in place, as a failing disk or a stray write would.
func flipByte(in url: URL, at offset: Int) throws {
    var data = try Data(contentsOf: url)
    data[offset] ^= 0x01
    try data.write(to: url)
}

func truncate(_ url: URL, to size: Int) throws {
    let data = try Data(contentsOf: url)
    try data.prefix(size).write(to: url)
}
