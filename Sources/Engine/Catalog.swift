import Configuration
import Foundation

/// An experiment type as compiled into the binary, with the source file that declares it.
public struct RegisteredExperiment: Sendable {
    public let type: any Experiment.Type
    public let module: String
    public let file: String

    public init(type: any Experiment.Type, module: String, file: String) {
        self.type = type
        self.module = module
        self.file = file
    }
}

/// A job of any experiment, with its parameters in canonical form.
public struct PlannedJob: Sendable {
    public var name: String
    /// The job's parameters as a configuration tree (canonically encoded into the key).
    public var parameters: ConfigValue
    public var seed: UInt64
    public var inputs: [String]
    /// The experiment's estimate of the job's CPU seconds, if it gives one.
    public var estimatedSeconds: Double?
}

/// A decoded experiment configuration of some experiment type.
public struct LoadedConfig: @unchecked Sendable {
    // `any ExperimentConfig` is Sendable by the protocol's requirement; the box only hides its type.
    let typed: any ExperimentConfig
    /// The resolved configuration as the experiment decoded it (defaults filled in).
    public let canonical: ConfigValue
    /// The merged YAML before decoding (what the user wrote, after scale and overrides).
    public let resolved: ConfigValue
    /// Figure styling from the YAML `figure:` section.
    public let figureOptions: ConfigValue
}

/// The engine's view of one experiment type: the `Experiment` requirements behind closures, so the
/// orchestrator can handle all experiments uniformly.
public struct ExperimentDescriptor: Sendable {
    public let id: String
    public let reference: PaperReference
    /// `Module/File` names of the sources whose compute part is in every job's key.
    public let computeSources: [String]
    /// `Module/File` of the experiment's own file (its figure part is in the figure key).
    public let ownSource: String

    let decode: @Sendable (ConfigValue, String) throws -> any ExperimentConfig
    let expand: @Sendable (any ExperimentConfig) throws -> [PlannedJob]
    let requirements: @Sendable (any ExperimentConfig) -> [InputRequirement]
    let computeJob: @Sendable (String, JobContext) throws -> Void
    let drawFigures: @Sendable (any ExperimentConfig, ResultSet, FigureCanvas) throws -> Void
    let measure: @Sendable (any ExperimentConfig, ResultSet) throws -> [Quantity]

    init<E: Experiment>(_ type: E.Type, module: String, file: String, fingerprints: [SourceFingerprint]) {
        id = E.id
        reference = E.reference
        ownSource = "\(module)/\(file)"
        computeSources = ExperimentDescriptor.resolveSources(
            own: ownSource, dependencies: E.codeDependencies, fingerprints: fingerprints)
        decode = { value, file in
            let config = try ConfigDecoder().decode(E.Config.self, from: value, file: file, keyPrefix: "config")
            do {
                try config.validate()
            } catch let error as ConfigurationError {
                throw error.inFile(file, keyPrefix: "config")
            }
            return config
        }
        expand = { config in
            let jobs = try E.jobs(config: config as! E.Config)
            var seen = Set<String>()
            return try jobs.map { job in
                guard seen.insert(job.name).inserted else {
                    throw EngineError.duplicateJobName(experiment: E.id, job: job.name)
                }
                return PlannedJob(name: job.name, parameters: try ConfigValueEncoder().encode(job.parameters),
                                  seed: job.seed, inputs: job.inputs,
                                  estimatedSeconds: E.estimatedCPUSeconds(job.parameters))
            }
        }
        requirements = { config in E.inputs(config: config as! E.Config) }
        computeJob = { json, context in
            let parameters = try ConfigDecoder.decodeCanonicalJSON(E.JobParameters.self, from: json)
            try E.compute(parameters, context: context)
        }
        drawFigures = { config, results, canvas in
            try E.figures(config: config as! E.Config, results: results, canvas: canvas)
        }
        measure = { config, results in try E.quantities(config: config as! E.Config, results: results) }
    }

    /// Expands code dependencies (module names or file names) into `Module/File` source names.
    static func resolveSources(own: String, dependencies: [String], fingerprints: [SourceFingerprint]) -> [String] {
        var sources: Set<String> = [own]
        for dependency in dependencies {
            let matches = fingerprints.filter { $0.module == dependency || $0.file == dependency }
            precondition(!matches.isEmpty, "code dependency '\(dependency)' names no module or source file")
            for match in matches { sources.insert("\(match.module)/\(match.file)") }
        }
        return sources.sorted()
    }

    /// Decodes and validates this experiment's configuration.
    public func loadConfig(resolved: ConfigValue, figure: ConfigValue, file: String) throws -> LoadedConfig {
        let typed = try decode(resolved, file)
        let canonical = try ConfigValueEncoder().encode(typed)
        return LoadedConfig(typed: typed, canonical: canonical, resolved: resolved, figureOptions: figure)
    }

    public func jobs(for config: LoadedConfig) throws -> [PlannedJob] { try expand(config.typed) }
    public func inputs(for config: LoadedConfig) -> [InputRequirement] { requirements(config.typed) }
    public func compute(parametersJSON: String, context: JobContext) throws { try computeJob(parametersJSON, context) }
    public func figures(config: LoadedConfig, results: ResultSet, canvas: FigureCanvas) throws {
        try drawFigures(config.typed, results, canvas)
    }
}

/// Every experiment the binary knows, with the fingerprints of the sources it was compiled from.
public struct ExperimentCatalog: Sendable {
    public let experiments: [ExperimentDescriptor]
    public let fingerprints: [SourceFingerprint]

    public init(experiments: [RegisteredExperiment], fingerprints: [SourceFingerprint]) {
        self.fingerprints = fingerprints
        self.experiments = experiments.map { entry in
            func describe<E: Experiment>(_ type: E.Type) -> ExperimentDescriptor {
                ExperimentDescriptor(type, module: entry.module, file: entry.file, fingerprints: fingerprints)
            }
            return describe(entry.type)
        }.sorted { $0.id < $1.id }
        // Ids name files and folders (experiments/<id>.yaml, figures/<id>/): a bad one is a programming error.
        for experiment in self.experiments {
            precondition(ExperimentCatalog.isValidID(experiment.id),
                         "experiment id '\(experiment.id)' must be letters, digits and '-' only")
        }
        precondition(Set(ids).count == ids.count, "two experiments share an id: \(ids)")
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 100 && !id.hasPrefix("-") && id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
    }

    public var ids: [String] { experiments.map(\.id) }

    public func experiment(_ id: String) throws -> ExperimentDescriptor {
        guard let found = experiments.first(where: { $0.id == id }) else {
            throw EngineError.unknownExperiment(id, known: ids)
        }
        return found
    }

    /// The compute hash of a `Module/File` source.
    func computeHash(of source: String) -> String? {
        fingerprints.first { "\($0.module)/\($0.file)" == source }?.compute
    }

    /// The figure hash of a `Module/File` source (its part after `// MARK: - Figure`).
    func figureHash(of source: String) -> String? {
        fingerprints.first { "\($0.module)/\($0.file)" == source }?.figure
    }

    /// Hashes of every file of a module (for code that the figure stage of every experiment uses).
    func moduleHashes(_ module: String) -> [String: String] {
        var result: [String: String] = [:]
        for print in fingerprints where print.module == module { result["\(module)/\(print.file)"] = print.compute }
        return result
    }
}
