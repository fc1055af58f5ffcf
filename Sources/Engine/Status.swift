import Configuration
import Foundation
import Store

/// Where a job stands.
public enum JobState: String, Codable, Sendable, CaseIterable {
    /// A verified result for the current key is in the store.
    case fresh
    /// No valid result for the current key; `reasons` says why.
    case stale
    /// Another process holds the job's lock right now.
    case running
    /// The last attempt at the current key failed; it is retried on the next run.
    case failed
    /// An input file is missing.
    case needsData = "needs-data"
}

/// One job's state, key and the reasons behind it.
public struct JobStatus: Codable, Sendable {
    public var experiment: String
    public var job: String
    public var key: String
    public var state: JobState
    /// For stale jobs: what changed (`config: training.lr 0.001 → 0.002`, `code: PLRNN`,
    /// `input: lorenz63.h5`, `missing`, `corrupt: …`); for failed ones: the failure.
    public var reasons: [String]
    /// Seconds the stored result took to compute, if fresh.
    public var wallSeconds: Double?
    public var parts: KeyParts
    /// Job parameters, canonical JSON (what the worker decodes).
    public var parametersJSON: String
    /// The experiment's estimate of the job's CPU seconds, if it gives one.
    public var estimatedSeconds: Double?
}

/// The state of one experiment at one scale.
public struct ExperimentStatus: Sendable {
    public var descriptor: ExperimentDescriptor
    public var scale: String
    public var overrides: [(path: String, value: ConfigValue)]
    /// The decoded configuration, or nil with `configError` set.
    public var config: LoadedConfig?
    public var configError: String?
    public var missingInputs: [InputRequirement]
    public var jobs: [JobStatus]

    public var id: String { descriptor.id }

    /// The experiment's overall state: the worst of its jobs'.
    public var state: JobState {
        if configError != nil { return .failed }
        if !missingInputs.isEmpty { return .needsData }
        for candidate in [JobState.failed, .running, .stale] where jobs.contains(where: { $0.state == candidate }) {
            return candidate
        }
        return .fresh
    }

    /// Seconds of compute behind the fresh results.
    public var wallSeconds: Double { jobs.compactMap(\.wallSeconds).reduce(0, +) }

    /// Estimated CPU seconds of the jobs that are not fresh (nil when the experiment gives no estimates).
    public var estimatedRemainingSeconds: Double? {
        let pending = jobs.filter { $0.state != .fresh }
        let estimates = pending.compactMap(\.estimatedSeconds)
        return estimates.count == pending.count && !pending.isEmpty ? estimates.reduce(0, +) : (pending.isEmpty ? 0 : nil)
    }
}

/// Works out, for each experiment, its configuration, jobs, keys and what is fresh or stale, without
/// running anything.
public struct Planner {
    public let project: Project
    public let catalog: ExperimentCatalog
    public let store: ResultStore

    public init(project: Project, catalog: ExperimentCatalog, store: ResultStore) {
        self.project = project
        self.catalog = catalog
        self.store = store
    }

    /// Loads and resolves the experiment's YAML at `scale` with `overrides`.
    public func loadConfig(_ descriptor: ExperimentDescriptor, scale: String,
                           overrides: [(path: String, value: ConfigValue)]) throws -> LoadedConfig {
        let url = project.configFile(for: descriptor.id)
        let display = project.displayPath(url)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ConfigurationError.syntax(file: display, line: nil,
                message: "missing: every experiment needs experiments/\(descriptor.id).yaml with config, scales and figure sections")
        }
        let file = try ExperimentFile.load(url, displayPath: display)
        let resolved = try file.resolved(scale: scale, overrides: overrides.map { ($0.path, $0.value) })
        return try descriptor.loadConfig(resolved: resolved, figure: file.figure, file: display)
    }

    /// The status of the given experiments (all when `ids` is empty).
    public func status(ids: [String], scale: String, overrides: [(path: String, value: ConfigValue)] = [],
                       verifyChecksums: Bool = true) throws -> [ExperimentStatus] {
        let descriptors = try (ids.isEmpty ? catalog.ids : ids).map { try catalog.experiment($0) }
        var hasher = InputHasher()
        return descriptors.map { descriptor in
            var status = ExperimentStatus(descriptor: descriptor, scale: scale, overrides: overrides, config: nil,
                                          configError: nil, missingInputs: [], jobs: [])
            do {
                let config = try loadConfig(descriptor, scale: scale, overrides: overrides)
                status.config = config
                status.missingInputs = try descriptor.inputs(for: config).filter { requirement in
                    !FileManager.default.fileExists(atPath: try project.resolveInput(requirement.path).path)
                }
                let jobs = try descriptor.jobs(for: config)
                status.jobs = try jobs.map { job in
                    try jobStatus(descriptor, job, hasher: &hasher, inputsMissing: !status.missingInputs.isEmpty,
                                  verifyChecksums: verifyChecksums)
                }
            } catch {
                status.configError = "\(error)"
            }
            return status
        }
    }

    func keyParts(_ descriptor: ExperimentDescriptor, _ job: PlannedJob, hasher: inout InputHasher,
                  inputsMissing: Bool) throws -> KeyParts {
        var code: [String: String] = [:]
        for source in descriptor.computeSources {
            code[source] = catalog.computeHash(of: source) ?? "unknown"
        }
        var inputs: [String: String] = [:]
        for input in job.inputs {
            inputs[input] = inputsMissing ? "missing" : try hasher.hash(input, in: project)
        }
        return KeyParts(format: KeyParts.currentFormat, experiment: descriptor.id, job: job.name,
                        parameters: job.parameters, seed: String(job.seed), code: code, inputs: inputs,
                        toolchain: toolchainDescription)
    }

    func jobStatus(_ descriptor: ExperimentDescriptor, _ job: PlannedJob, hasher: inout InputHasher,
                   inputsMissing: Bool, verifyChecksums: Bool) throws -> JobStatus {
        let parts = try keyParts(descriptor, job, hasher: &hasher, inputsMissing: inputsMissing)
        let key = try parts.key()
        var status = JobStatus(experiment: descriptor.id, job: job.name, key: key, state: .stale, reasons: [],
                               wallSeconds: nil, parts: parts, parametersJSON: job.parameters.canonicalJSON,
                               estimatedSeconds: job.estimatedSeconds)
        if inputsMissing {
            status.state = .needsData
            status.reasons = ["input missing"]
            return status
        }
        switch store.status(of: key, verifyChecksums: verifyChecksums) {
        case .present(let manifest):
            status.state = .fresh
            status.wallSeconds = manifest.metadata["wall_seconds"].flatMap(Double.init)
            return status
        case .corrupt(let reason):
            status.reasons = ["corrupt: \(reason)"]
        case .missing:
            break
        }
        if store.isLocked(key: key) {
            status.state = .running
            status.reasons = ["running in another process"]
            return status
        }
        if let failure = store.failure(for: key) {
            status.state = .failed
            status.reasons = ["\(failure.kind): \(failure.message)"]
            return status
        }
        if status.reasons.isEmpty {
            status.reasons = staleReasons(parts: parts, key: key)
        }
        return status
    }

    /// Compares the parts now with the parts of the job's last computed result.
    func staleReasons(parts: KeyParts, key: String) -> [String] {
        guard let record = store.latest(experiment: parts.experiment, job: parts.job) else {
            return ["missing: never computed"]
        }
        if record.key == key { return ["missing: result was removed from the store"] }
        guard var old = try? JSONDecoder().decode(KeyParts.self, from: Data(record.parts.utf8)) else {
            return ["missing: last key's parts unreadable"]
        }
        // JSONDecoder cannot tell 1.0 from 1; YAML (a superset of JSON) keeps the distinction.
        if let tree = try? ConfigValue.parseYAML(record.parts, file: "store index"), let parameters = tree[path: "parameters"] {
            old.parameters = parameters
        }
        let changes = parts.changes(since: old)
        return changes.isEmpty ? ["missing"] : changes
    }
}

extension Planner {
    /// The distinct numerical environments recorded by the stored results of `status`' jobs (the
    /// `numerics` metadata: BLAS build, kernels, threads; "not recorded" for results made before it
    /// was kept). Jobs without a stored result are skipped.
    public func numerics(of status: ExperimentStatus) -> [String] {
        var values = Set<String>()
        for job in status.jobs {
            if case .present(let manifest) = store.status(of: job.key, verifyChecksums: false) {
                values.insert(manifest.numerics)
            }
        }
        return values.sorted()
    }
}

extension Manifest {
    /// The numerical environment the result was computed in (`JobRunner.numerics`), or
    /// `Manifest.numericsNotRecorded` for results made before it was kept.
    public var numerics: String { metadata["numerics"] ?? Self.numericsNotRecorded }

    public static let numericsNotRecorded = "not recorded"
}
