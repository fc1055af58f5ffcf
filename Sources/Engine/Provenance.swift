import Foundation

/// The version of PaperRepro itself, shown in provenance.
public let paperReproVersion = "0.1.0"

/// Where and from what a result was computed: stored in every result file, manifest and page.
public struct Provenance: Codable, Sendable, Equatable {
    public var gitCommit: String
    public var gitDirty: Bool
    public var toolVersion: String
    public var toolchain: String
    public var host: String
    public var cpu: String
    public var operatingSystem: String

    /// Reads the git state of `projectRoot` and this machine's description. Runs `git` directly
    /// (no shell), so nothing from a config can reach a command line.
    public static func collect(projectRoot: URL) -> Provenance {
        let commit = runGit(["rev-parse", "HEAD"], in: projectRoot)?.trimmingCharacters(in: .whitespacesAndNewlines)
        let status = runGit(["status", "--porcelain", "--untracked-files=no"], in: projectRoot)
        return Provenance(
            gitCommit: commit ?? "unknown (not a git checkout)",
            gitDirty: !(status?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true),
            toolVersion: paperReproVersion,
            toolchain: toolchainDescription,
            host: ProcessInfo.processInfo.hostName,
            cpu: cpuModel(),
            operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString)
    }

    /// Key/value pairs in display order.
    public var items: [(String, String)] {
        [("git commit", gitCommit + (gitDirty ? " (dirty: uncommitted changes)" : "")),
         ("PaperRepro", toolVersion), ("toolchain", toolchain), ("host", host), ("CPU", cpu),
         ("operating system", operatingSystem)]
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        let model = text.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }

    static func runGit(_ arguments: [String], in directory: URL) -> String? {
        let candidates = ["/usr/bin/git", "/usr/local/bin/git"]
        guard let git = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = ["-C", directory.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}


/// ISO 8601 time stamps (UTC) for records and provenance.
func isoNow() -> String { isoFormat(Date()) }

/// CPU seconds used by this process so far (user + system).
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
