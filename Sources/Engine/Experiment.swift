import Configuration
import Foundation
import HDF5
import Plotting

/// One paper figure or table: how its configuration expands into independent jobs, how each job
/// computes arrays into an HDF5 file, and how stored arrays become gnuplot figures.
///
/// Adding a figure means adding one Swift file in `Sources/Experiments/` that declares a type
/// conforming to `Experiment` and one `experiments/<id>.yaml`; the build plugin registers the type.
/// Put the figure stage after a `// MARK: - Figure` line: code below that line is hashed into the
/// figure key only, so restyling never recomputes.
public protocol Experiment: Sendable {
    /// The experiment's configuration, decoded from `experiments/<id>.yaml` at a scale.
    associatedtype Config: ExperimentConfig
    /// Everything one job needs; its canonical encoding is part of the job's cache key, so it should
    /// hold exactly the settings the job depends on.
    associatedtype JobParameters: Codable & Sendable

    /// Stable identifier, also the YAML file name and the figure folder name, e.g. `cornn-fig6`.
    static var id: String { get }
    /// What this reproduces.
    static var reference: PaperReference { get }
    /// Modules or source files (by file name without `.swift`) whose code the compute stage uses,
    /// besides the experiment's own file, e.g. `["Dynamics", "PLRNN"]`.
    static var codeDependencies: [String] { get }

    /// Data files the experiment reads, relative to the project (e.g. `../shared/datasets/...`).
    /// A missing one puts the experiment in *needs data* instead of running it.
    static func inputs(config: Config) -> [InputRequirement]

    /// The independent jobs for this configuration, in a stable order with unique names.
    static func jobs(config: Config) throws -> [Job<JobParameters>]

    /// Computes one job, writing its arrays into `context.results`. Must be deterministic given the
    /// parameters and `context.generator`.
    static func compute(_ parameters: JobParameters, context: JobContext) throws

    /// Turns the stored results of all jobs into figures.
    static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws

    /// The quantities `repro compare` checks against the archive and the paper, read from the stored
    /// results (default: none; see `Quantity` in Comparisons.swift).
    static func quantities(config: Config, results: ResultSet) throws -> [Quantity]

    /// Estimated CPU seconds of one job on one core of a current x86-64 machine, or nil if unknown;
    /// `repro status` adds these up so the size of a scale (e.g. `paper`) is known before running it.
    static func estimatedCPUSeconds(_ parameters: JobParameters) -> Double?
}

extension Experiment {
    public static var codeDependencies: [String] { [] }
    public static func inputs(config: Config) -> [InputRequirement] { [] }
    public static func estimatedCPUSeconds(_ parameters: JobParameters) -> Double? { nil }
}

/// A typed experiment configuration. `validate` rejects out-of-range values with a
/// `ConfigurationError` naming the key and what is allowed.
public protocol ExperimentConfig: Codable, Sendable {
    func validate() throws
}

extension ExperimentConfig {
    public func validate() throws {}
}

/// Where a figure comes from.
public struct PaperReference: Codable, Sendable, Hashable {
    /// Short citation, e.g. "Rusch & Mishra, coRNN, ICLR 2021".
    public var paper: String
    /// The source text in `../shared/papers/`, e.g. `003_581351b45c0827ff.txt`.
    public var seedFile: String
    /// "Fig. 6 (supplementary)", "Table 1", …
    public var item: String
    /// One-line title for the notebook card.
    public var title: String
    /// Caption: what is shown, and every deviation from the paper or its code.
    public var caption: String

    public init(paper: String, seedFile: String, item: String, title: String, caption: String) {
        self.paper = paper
        self.seedFile = seedFile
        self.item = item
        self.title = title
        self.caption = caption
    }
}

/// A data file an experiment needs, with instructions for getting it.
public struct InputRequirement: Codable, Sendable, Hashable {
    /// Path relative to the project root.
    public var path: String
    /// How to obtain the file when it is missing (shown in status and in the notebook).
    public var instructions: String
    /// Expected SHA-256 or MD5 (hex) of the file, if published.
    public var checksum: String?

    public init(path: String, instructions: String, checksum: String? = nil) {
        self.path = path
        self.instructions = instructions
        self.checksum = checksum
    }
}

/// One independent unit of computation: one cache entry, one result file.
public struct Job<Parameters: Codable & Sendable>: Sendable {
    /// Unique within the experiment and stable across runs, e.g. `model=coRNN,T=500,seed=1`.
    public var name: String
    public var parameters: Parameters
    /// Seed of the job's generator. Derive it from the configuration (e.g. a `seed` field), never
    /// from the time.
    public var seed: UInt64
    /// Input files (project-relative) whose contents are part of the key.
    public var inputs: [String]

    public init(name: String, parameters: Parameters, seed: UInt64 = 0, inputs: [String] = []) {
        self.name = name
        self.parameters = parameters
        self.seed = seed
        self.inputs = inputs
    }
}

/// The content hash of one compiled source file (see the SourceFingerprints build plugin).
public struct SourceFingerprint: Sendable, Hashable, Codable {
    public var module: String
    public var file: String
    /// Hash of the file, or of its part above `// MARK: - Figure`.
    public var compute: String
    /// Hash of the part from `// MARK: - Figure` on, if the file has one.
    public var figure: String?

    public init(module: String, file: String, compute: String, figure: String?) {
        self.module = module
        self.file = file
        self.compute = compute
        self.figure = figure
    }
}
