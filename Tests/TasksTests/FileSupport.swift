import Foundation
@testable import Tasks

/// gzip-compresses `data`, as the MNIST files are.
func gzipped(_ data: [UInt8]) -> [UInt8] { Gzip.compress(data) }

/// A fresh temporary directory, removed by `cleanup()`.
struct TemporaryFolder {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("TasksTests-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func write(_ bytes: [UInt8], to name: String) -> URL {
        let file = url.appendingPathComponent(name)
        try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! Data(bytes).write(to: file)
        return file
    }
    func write(_ text: String, to name: String) -> URL { write(Array(text.utf8), to: name) }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// The project's shared datasets folder (../shared/datasets relative to the package root).
let sharedDatasetsRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("../shared/datasets").standardized
