import Foundation

/// Runs the real `repro` binary on a throw-away copy of the project, as a user would.
struct ReproCLI {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
        var text: String { output + errors }
        /// Jobs this invocation computed itself (`✓ exp/job (1.2s)` lines).
        var computedJobs: [String] {
            output.split(separator: "\n").filter { $0.hasPrefix("✓ ") && !$0.contains("another process") }.map(String.init)
        }
        var startedJobs: Int { output.split(separator: "\n").filter { $0.hasPrefix("▶ ") }.count }
    }

    /// The package root (two levels above this file's folder).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$REPRO_BINARY`, or `.build/debug/repro` (built by `make test` before the tests run).
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["REPRO_BINARY"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/repro")
    }

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    let root: URL

    /// A fresh project folder holding a copy of `experiments/` (and nothing else), with the real
    /// `shared/` data beside it (as a link) when the checkout has it.
    init() throws {
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("repro-e2e-\(UUID().uuidString)")
        root = sandbox.appendingPathComponent("main")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let shared = ReproCLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        if FileManager.default.fileExists(atPath: shared.path) {
            try FileManager.default.createSymbolicLink(at: sandbox.appendingPathComponent("shared"), withDestinationURL: shared)
        }
        // Copy the files themselves (never a symlink to them): tests edit the copies.
        let source = ReproCLI.packageRoot.appendingPathComponent("experiments").resolvingSymlinksInPath()
        let target = root.appendingPathComponent("experiments")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            try text.write(to: target.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    func remove() { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }

    func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = ReproCLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["REPRO_STORE"] = nil
        environment["REPRO_SCALE"] = nil
        environment["REPRO_GNUPLOT"] = nil
        environment.merge(extra) { $1 }
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, output, errors)
    }

    static func finish(_ started: (Process, Pipe, Pipe)) -> Result {
        let (process, output, errors) = started
        // Read both pipes concurrently so neither fills up and blocks the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                      errors: String(decoding: errorData, as: UTF8.self))
    }

    @discardableResult
    func run(_ arguments: String...) throws -> Result { try run(arguments) }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        ReproCLI.finish(try start(arguments, environment: environment))
    }

    func read(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    func write(_ text: String, to relativePath: String) throws {
        try text.write(to: root.appendingPathComponent(relativePath), atomically: true, encoding: .utf8)
    }

    func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(relativePath).path)
    }

    /// `repro status --json` parsed: one dictionary per experiment.
    func status(_ extra: String...) throws -> [[String: Any]] { try status(extra) }

    func status(_ extra: [String]) throws -> [[String: Any]] {
        let result = ReproCLI.finish(try start(["status", "--json"] + extra))
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        return json as? [[String: Any]] ?? []
    }
}
