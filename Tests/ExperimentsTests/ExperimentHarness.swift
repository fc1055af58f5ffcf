import Configuration
import Engine
import Experiments
import Foundation
import HDF5
import Plotting

/// Runs an experiment the way the engine does, but in a temporary folder: decode the YAML at a scale,
/// expand jobs, compute each into its own HDF5 file, reopen the files read-only and run the figure stage.
struct ExperimentHarness {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("experiments-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The repository root (this file is Tests/ExperimentsTests/ExperimentHarness.swift).
    static var projectRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func experimentFile(_ id: String) throws -> ExperimentFile {
        try ExperimentFile.load(projectRoot.appendingPathComponent("experiments/\(id).yaml"), displayPath: "experiments/\(id).yaml")
    }

    static func config<E: Experiment>(_ type: E.Type, scale: String) throws -> E.Config {
        try experimentFile(E.id).decodeConfig(E.Config.self, scale: scale) { try $0.validate() }
    }

    /// Computes one job into `<directory>/<index>.h5` and returns the file path.
    func compute<E: Experiment>(_ type: E.Type, job: Job<E.JobParameters>, index: Int) throws -> URL {
        let url = directory.appendingPathComponent("\(index).h5")
        let file = try HDF5File.create(url)
        let context = JobContext(results: file.root, seed: job.seed, projectRoot: Self.projectRoot,
                                 checkpointDirectory: directory.appendingPathComponent("checkpoint-\(index)"),
                                 reporter: { _, _ in })
        try E.compute(job.parameters, context: context)
        try file.close()
        return url
    }

    /// Computes every job and returns the result set, files opened read-only.
    func run<E: Experiment>(_ type: E.Type, config: E.Config) throws -> (jobs: [Job<E.JobParameters>], results: ResultSet) {
        let jobs = try E.jobs(config: config)
        var results: [JobResult] = []
        for (index, job) in jobs.enumerated() {
            let url = try compute(type, job: job, index: index)
            results.append(JobResult(name: job.name, file: try HDF5File.open(url), failure: nil))
        }
        return (jobs, ResultSet(jobs: results))
    }

    func figures<E: Experiment>(_ type: E.Type, config: E.Config, results: ResultSet) throws -> FigureCanvas {
        let canvas = FigureCanvas(directory: directory.appendingPathComponent("figures"), style: PlotStyle())
        try E.figures(config: config, results: results, canvas: canvas)
        return canvas
    }

    /// Writes and renders every figure of `canvas` with gnuplot (as the engine does after the figure
    /// stage); returns nil when gnuplot is not installed.
    func render(_ canvas: FigureCanvas) throws -> [WrittenFigure]? {
        guard let gnuplot = Gnuplot.executable() else { return nil }
        return try canvas.figures.map { try Gnuplot.write($0, style: canvas.style, to: canvas.directory, gnuplot: gnuplot) }
    }

    func remove() {
        // FIGURE_TEST_KEEP=1 keeps the rendered figures for a look.
        if ProcessInfo.processInfo.environment["FIGURE_TEST_KEEP"] == nil { try? FileManager.default.removeItem(at: directory) }
    }
}
