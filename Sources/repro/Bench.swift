import ArgumentParser
import Benchmarks
import Foundation

/// `repro bench`: runs the benchmark suite at each requested OpenBLAS thread count and writes BENCHMARKS.md.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the training kernels (coRNN, PLRNN, LSTM, tanh RNN) and a 2048² GEMM; write BENCHMARKS.md.")

    @Option(help: "Where the Markdown report is written.")
    var output: String = "BENCHMARKS.md"

    @Flag(help: "Few repeats: a quick check, not numbers to publish.")
    var quick = false

    @Option(help: "Comma-separated OpenBLAS thread counts to measure.")
    var threads: String = "1,2"

    @Option(help: "Only workloads whose name contains this text (case-insensitive), e.g. coRNN; the GEMM peak always runs.")
    var only: String?

    @Option(help: "JSON file {workload name: steps/s} from scripts/bench_pytorch.py, shown beside our numbers.")
    var pytorchResults: String = "scripts/bench_pytorch.json"

    func run() throws {
        let counts = threads.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--threads needs positive integers, e.g. 1,2")
        }
        let machine = MachineInfo.current()
        let suite = BenchmarkSuite()
        var results: [BenchmarkResult] = []
        for n in counts {
            results += suite.run(threads: n, quick: quick, include: { name in
                only.map { name.range(of: $0, options: .caseInsensitive) != nil } ?? true
            }) { r in
                print(String(format: "%@  threads %d  %.3f ms  %.2f steps/s  %.1f GFLOP/s",
                             r.workload, r.threads, r.medianSeconds * 1e3, r.stepsPerSecond, r.gflops))
            }
        }
        var pytorch: [String: Double]?
        var note = "PyTorch could not be measured on this machine (no `scripts/bench_pytorch.json`); the reference figures above are the issue's."
        if let data = FileManager.default.contents(atPath: pytorchResults),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            pytorch = (object["steps_per_second"] as? [String: Double]) ?? [:]
            note = (object["note"] as? String) ?? "From `\(pytorchResults)`."
        }
        let command = (["repro"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let report = MarkdownReport(
            results: results, machine: machine, loadAfter: MachineInfo.loadAverageNow(), command: command, quick: quick,
            flopFormulas: suite.flopFormulas, localPyTorch: pytorch, localPyTorchNote: note)
        try report.render().write(toFile: output, atomically: true, encoding: .utf8)
        print("wrote \(output)")
    }
}
