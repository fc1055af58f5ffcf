import Configuration
import Engine
import Foundation

/// Writes experiments' current results into `paper-results/archive/` (what `repro archive` does).
public struct Archiver {
    public let planner: Planner
    public let folder: ArchiveFolder

    public init(planner: Planner, folder: ArchiveFolder? = nil) {
        self.planner = planner
        self.folder = folder ?? ArchiveFolder(root: planner.project.archiveDirectory)
    }

    /// What archiving one experiment did.
    public struct Outcome: Sendable {
        public var experiment: String
        public var run: ArchivedRun
        /// The archive it replaced, if any.
        public var replaced: ArchivedRun?
    }

    /// Uncommitted changes to tracked files outside `paper-results/` and `figures/`, as `git status`
    /// lines; nil if the project is not a git checkout.
    public func dirtyFiles() -> [String]? {
        guard let text = runGit(["status", "--porcelain", "--untracked-files=no"]) else { return nil }
        return text.split(separator: "\n").map(String.init).filter { line in
            let path = String(line.dropFirst(3))
            return !path.hasPrefix("paper-results/") && !path.hasPrefix("figures/")
        }
    }

    /// Archives `status` (all its jobs must be fresh). Records the replaced archive in the manifest.
    public func archive(_ status: ExperimentStatus) throws -> Outcome {
        let quantities: [Quantity]
        switch QuantityReader(planner: planner).quantities(for: status) {
        case .success(let values): quantities = values
        case .failure(let error): throw EngineError.message("\(status.id): \(error.description)")
        }
        guard !quantities.isEmpty else {
            throw EngineError.message("\(status.id) declares no quantities to archive (add `quantities(config:results:)` to the experiment)")
        }
        let previous = try folder.read(status.id)
        let provenance = Provenance.collect(projectRoot: planner.project.root)
        var manifest = ArchiveManifest(
            experiment: status.id, scale: status.scale,
            overrides: status.overrideTexts,
            archived: ISO8601DateFormatter().string(from: Date()),
            gitCommit: provenance.gitCommit, gitDirty: provenance.gitDirty,
            paperreproVersion: provenance.toolVersion, toolchain: provenance.toolchain, numerics: planner.numerics(of: status),
            jobs: status.jobs.map { ArchivedJob(name: $0.job, key: $0.key) }, code: status.codeHashes,
            config: status.config?.canonical ?? .null, measurements: quantities.map(\.name), replaces: nil)
        if let previous {
            manifest.replaces = ReplacedArchive(
                archived: previous.manifest.archived, gitCommit: previous.manifest.gitCommit, scale: previous.manifest.scale,
                changed: Self.changedQuantities(new: quantities, old: previous.measurements))
        }
        let run = ArchivedRun(manifest: manifest, measurements: quantities)
        try folder.write(run)
        return Outcome(experiment: status.id, run: run, replaced: previous)
    }

    /// Names of quantities that were added, removed, or whose value no longer agrees by its rule.
    public static func changedQuantities(new: [Quantity], old: [Quantity]) -> [String] {
        var changed: [String] = []
        for quantity in new {
            guard let before = old.first(where: { $0.name == quantity.name }) else { changed.append("\(quantity.name) (added)"); continue }
            let outcome = RuleEvaluation.evaluate(quantity.rule, ours: Observed(quantity.value, uncertainty: quantity.uncertainty),
                                                  reference: Observed(before.value, uncertainty: before.uncertainty))
            if outcome.verdict != .agrees { changed.append("\(quantity.name) (\(outcome.detail))") }
        }
        for before in old where !new.contains(where: { $0.name == before.name }) { changed.append("\(before.name) (removed)") }
        return changed
    }

    func runGit(_ arguments: [String]) -> String? {
        let git = ["/usr/bin/git", "/usr/local/bin/git"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let git else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = ["-C", planner.project.root.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
