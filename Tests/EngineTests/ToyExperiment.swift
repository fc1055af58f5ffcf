import Configuration
import Engine
import Foundation
import HDF5
import Plotting
import Store

/// A small experiment used to exercise the engine: one job per amplitude, each writing a sine wave.
struct ToyExperiment: Experiment {
    struct Config: ExperimentConfig {
        var amplitudes: [Double]
        var points: Int
        var fail_on: Double?
        /// A project-relative data file every job reads (optional).
        var input: String?

        func validate() throws {
            try require(points > 1, key: "points", value: points, allowed: "points > 1")
        }
    }

    struct JobParameters: Codable, Sendable {
        var amplitude: Double
        var points: Int
        var fail: Bool
    }

    static let id = "toy"
    static let reference = PaperReference(paper: "Toy paper", seedFile: "none", item: "Fig. 0", title: "Sine waves", caption: "A test.")

    static func jobs(config: Config) throws -> [Job<JobParameters>] {
        config.amplitudes.map { a in
            Job(name: "amplitude=\(a)", parameters: JobParameters(amplitude: a, points: config.points, fail: a == config.fail_on),
                seed: 7, inputs: config.input.map { [$0] } ?? [])
        }
    }

    static func estimatedCPUSeconds(_ parameters: JobParameters) -> Double? { Double(parameters.points) }

    static func inputs(config: Config) -> [InputRequirement] {
        config.input.map { [InputRequirement(path: $0, instructions: "write any text into \($0)")] } ?? []
    }

    static func compute(_ parameters: JobParameters, context: JobContext) throws {
        if parameters.fail { throw EngineError.message("amplitude \(parameters.amplitude) fails on purpose") }
        let x = (0..<parameters.points).map { Double($0) / Double(parameters.points - 1) * 6.28 }
        try context.results.write(x, to: "x")
        try context.results.write(x.map { parameters.amplitude * sin($0) }, to: "y")
        context.progress(1, "done")
    }

    static func figures(config: Config, results: ResultSet, canvas: FigureCanvas) throws {
        var series: [Series] = []
        for job in results.succeeded {
            let root = try job.root()
            series.append(.line(x: try root.read("x", as: Double.self).values, y: try root.read("y", as: Double.self).values, title: job.name))
        }
        for job in results.failed { canvas.note("\(job.name) failed: \(job.failure ?? "")") }
        canvas.add(GnuplotFigure(name: "waves", panels: [Panel(title: "waves", xLabel: "x", yLabel: "y", series: series)]))
    }
}

/// A temporary project with `experiments/toy.yaml` and its own store.
struct ToyProject {
    let root: URL
    let planner: Planner

    init(yaml: String = ToyProject.defaultYAML, computeHash: String = "c1", figureHash: String = "f1") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        try yaml.write(to: root.appendingPathComponent("experiments/toy.yaml"), atomically: true, encoding: .utf8)
        planner = try ToyProject.planner(root: root, computeHash: computeHash, figureHash: figureHash)
    }

    static func planner(root: URL, computeHash: String, figureHash: String = "f1") throws -> Planner {
        let project = Project(root: root)
        let catalog = ExperimentCatalog(
            experiments: [RegisteredExperiment(type: ToyExperiment.self, module: "EngineTests", file: "ToyExperiment")],
            fingerprints: [SourceFingerprint(module: "EngineTests", file: "ToyExperiment", compute: computeHash, figure: figureHash)])
        return Planner(project: project, catalog: catalog, store: try ResultStore(root: project.storeDirectory))
    }

    func writeYAML(_ text: String) throws {
        try text.write(to: root.appendingPathComponent("experiments/toy.yaml"), atomically: true, encoding: .utf8)
    }

    static let defaultYAML = """
        description: sine waves
        config:
          amplitudes: [1.0, 2.0]
          points: 50
          fail_on: null
          input: null
        scales:
          smoke: { points: 10 }
          default: {}
          paper: { points: 1000 }
        figure:
          width: 640
        """

    /// Computes every stale job in this process, as a worker would.
    func computeAll(scale: String = "default", overrides: [(path: String, value: ConfigValue)] = []) throws -> [WorkerOutcome] {
        let statuses = try planner.status(ids: ["toy"], scale: scale, overrides: overrides)
        let runner = JobRunner(catalog: planner.catalog)
        return try statuses[0].jobs.filter { $0.state != .fresh }.map { job in
            runner.run(try spec(for: job, scale: scale)) { _, _ in }
        }
    }

    func spec(for job: JobStatus, scale: String) throws -> WorkerSpec {
        WorkerSpec(experiment: job.experiment, job: job.job, key: job.key, partsJSON: try canonicalJSON(job.parts),
                   parametersJSON: job.parametersJSON, seed: job.parts.seed, scale: scale,
                   projectRoot: root.path, storeRoot: planner.store.root.path,
                   provenance: Provenance.collect(projectRoot: root))
    }
}
