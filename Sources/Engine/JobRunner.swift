import Configuration
import Foundation
import HDF5
import Store

/// Everything a worker process needs to compute one job, written by the orchestrator as JSON.
public struct WorkerSpec: Codable, Sendable {
    public var experiment: String
    public var job: String
    public var key: String
    /// Canonical JSON of the key parts (stored with the result for later explanations).
    public var partsJSON: String
    public var parametersJSON: String
    public var seed: String
    public var scale: String
    public var projectRoot: String
    public var storeRoot: String
    public var provenance: Provenance

    public init(experiment: String, job: String, key: String, partsJSON: String, parametersJSON: String,
                seed: String, scale: String, projectRoot: String, storeRoot: String, provenance: Provenance) {
        self.experiment = experiment
        self.job = job
        self.key = key
        self.partsJSON = partsJSON
        self.parametersJSON = parametersJSON
        self.seed = seed
        self.scale = scale
        self.projectRoot = projectRoot
        self.storeRoot = storeRoot
        self.provenance = provenance
    }
}

/// How a worker ended.
public enum WorkerOutcome: Int32, Sendable {
    case computed = 0
    case failed = 1
    /// Another process holds the job's lock: it is computing the job right now.
    case busy = 75
    /// A valid result already existed (another process finished it first).
    case alreadyPresent = 76
}

/// Computes one job in the current process: takes the job's lock, writes its result file with
/// provenance into a temporary entry, and commits it atomically. Failures are recorded in the store.
public struct JobRunner {
    public let catalog: ExperimentCatalog
    /// The process's numerical environment (BLAS build, kernels, threads), recorded with each result as
    /// `numerics`: it is not part of the key, since a result computed elsewhere is still a valid result
    /// of the same configuration and code, but it is what to suspect when two runs' bits differ.
    public let numerics: String

    public init(catalog: ExperimentCatalog, numerics: String = Manifest.numericsNotRecorded) {
        self.catalog = catalog
        self.numerics = numerics
    }

    /// Runs the job described by `spec`. `progress` receives fractions in [0, 1] with a message.
    public func run(_ spec: WorkerSpec, progress: @escaping @Sendable (Double, String) -> Void) -> WorkerOutcome {
        let store: ResultStore
        do {
            store = try ResultStore(root: URL(fileURLWithPath: spec.storeRoot))
        } catch {
            FileHandle.standardError.write(Data("cannot open the result store: \(error)\n".utf8))
            return .failed
        }
        let lock: StoreLock
        do {
            guard let acquired = try store.tryLock(key: spec.key) else { return .busy }
            lock = acquired
        } catch {
            record(failure: "cannot lock the job: \(error)", kind: "error", spec: spec, store: store)
            return .failed
        }
        defer { lock.unlock() }
        if case .present = store.status(of: spec.key, verifyChecksums: true) {
            recordLatest(spec, store: store)
            return .alreadyPresent
        }
        var pending: PendingEntry?
        do {
            let descriptor = try catalog.experiment(spec.experiment)
            let entry = try store.beginEntry(key: spec.key)
            pending = entry
            let started = Date()
            let cpuStart = processCPUSeconds()
            let file = try HDF5File.create(entry.directory.appendingPathComponent("result.h5"))
            let root = file.root
            try writeProvenance(spec, into: root)
            try root.setAttribute("started", isoFormat(started))
            let context = JobContext(
                results: root, seed: UInt64(spec.seed) ?? 0, projectRoot: URL(fileURLWithPath: spec.projectRoot),
                checkpointDirectory: store.checkpointDirectory(for: spec.key), reporter: progress)
            try descriptor.compute(parametersJSON: spec.parametersJSON, context: context)
            let finished = Date()
            let wall = finished.timeIntervalSince(started)
            let cpu = processCPUSeconds() - cpuStart
            try root.setAttribute("finished", isoFormat(finished))
            try root.setAttribute("wall_seconds", wall)
            try root.setAttribute("cpu_seconds", cpu)
            try file.close()
            var metadata = provenanceMetadata(spec)
            metadata["started"] = isoFormat(started)
            metadata["finished"] = isoFormat(finished)
            metadata["wall_seconds"] = String(wall)
            metadata["cpu_seconds"] = String(cpu)
            _ = try entry.commit(metadata: metadata)
            pending = nil
            recordLatest(spec, store: store)
            store.clearFailure(key: spec.key)
            return .computed
        } catch {
            pending?.abandon()
            record(failure: "\(error)", kind: "error", spec: spec, store: store)
            FileHandle.standardError.write(Data("error: \(spec.experiment)/\(spec.job): \(error)\n".utf8))
            return .failed
        }
    }

    func writeProvenance(_ spec: WorkerSpec, into root: HDF5Group) throws {
        for (name, value) in provenanceMetadata(spec) { try root.setAttribute(name, value) }
    }

    func provenanceMetadata(_ spec: WorkerSpec) -> [String: String] {
        let p = spec.provenance
        return [
            "experiment": spec.experiment, "job": spec.job, "key": spec.key, "key_parts": spec.partsJSON,
            "parameters": spec.parametersJSON, "seed": spec.seed, "scale": spec.scale,
            "git_commit": p.gitCommit, "git_dirty": p.gitDirty ? "true" : "false",
            "paperrepro_version": p.toolVersion, "toolchain": p.toolchain, "host": p.host, "cpu": p.cpu,
            "operating_system": p.operatingSystem, "numerics": numerics,
        ]
    }

    func recordLatest(_ spec: WorkerSpec, store: ResultStore) {
        try? store.recordLatest(IndexRecord(experiment: spec.experiment, job: spec.job, key: spec.key,
                                            parts: spec.partsJSON, date: isoNow()))
    }

    func record(failure message: String, kind: String, spec: WorkerSpec, store: ResultStore) {
        try? store.recordFailure(
            FailureRecord(experiment: spec.experiment, job: spec.job, message: message, logTail: "",
                          date: isoNow(), kind: kind),
            key: spec.key)
    }
}

func isoFormat(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
}
