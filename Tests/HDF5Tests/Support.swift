import Foundation
import HDF5

/// A fresh path in a per-test temporary directory, removed when the test's `Scratch` is released.
final class Scratch {
    let directory: URL

    init() {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hdf5-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func file(_ name: String = "test.h5") -> URL {
        directory.appendingPathComponent(name)
    }
}

/// Output and exit status of a command-line tool.
struct ToolRun {
    let status: Int32
    let output: String
}

/// Runs a tool found on PATH, returning its stdout+stderr.
func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ToolRun {
    let process = Process()
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ToolRun(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

/// Whether Python can import h5py (the interoperability test is skipped otherwise).
let h5pyAvailable: Bool = (try? run("python3", ["-c", "import h5py"]).status == 0) ?? false
