import Engine
import Foundation

/// Renders `repro status` as text or JSON.
enum StatusPrinter {
    static func text(_ statuses: [ExperimentStatus], verbose: Bool) -> String {
        var out = ""
        let width = max(20, statuses.map(\.id.count).max() ?? 0)
        for status in statuses {
            let fresh = status.jobs.filter { $0.state == .fresh }.count
            var line = status.id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            line += status.state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            line += "\(fresh)/\(status.jobs.count) jobs fresh  [\(status.scale)]"
            if fresh < status.jobs.count {
                line += status.estimatedRemainingSeconds.map { "  ~\(formatCPUTime($0)) CPU to go" } ?? "  (no cost estimate)"
            }
            out += line + "\n"
            if let error = status.configError { out += "    error: \(error)\n" }
            for input in status.missingInputs {
                out += "    needs data: \(input.path) — \(input.instructions)\n"
            }
            let shown = status.jobs.filter { verbose || $0.state != .fresh }
            for job in shown.prefix(verbose ? Int.max : 20) {
                out += "    \(job.state.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(job.job)"
                if !job.reasons.isEmpty { out += ": " + job.reasons.joined(separator: "; ") }
                out += "\n"
            }
            if !verbose, shown.count > 20 { out += "    … \(shown.count - 20) more (use --verbose)\n" }
        }
        let pending = statuses.flatMap(\.jobs).filter { $0.state != .fresh }
        if !pending.isEmpty {
            let estimates = statuses.compactMap(\.estimatedRemainingSeconds)
            out += "\(pending.count) job(s) to compute"
            out += estimates.isEmpty ? "\n" : "; estimated \(formatCPUTime(estimates.reduce(0, +))) of CPU time for the experiments that give estimates\n"
        }
        return out
    }

    static func formatCPUTime(_ seconds: Double) -> String {
        seconds >= 3600 ? String(format: "%.1f h", seconds / 3600) : formatDuration(seconds)
    }

    struct JSONJob: Codable {
        var job: String
        var state: String
        var key: String
        var reasons: [String]
        var wallSeconds: Double?
        var estimatedSeconds: Double?
    }

    struct JSONExperiment: Codable {
        var id: String
        var state: String
        var scale: String
        var configError: String?
        var missingInputs: [String]
        var estimatedRemainingSeconds: Double?
        var jobs: [JSONJob]
    }

    static func json(_ statuses: [ExperimentStatus]) throws -> String {
        let items = statuses.map { status in
            JSONExperiment(
                id: status.id, state: status.state.rawValue, scale: status.scale, configError: status.configError,
                missingInputs: status.missingInputs.map(\.path), estimatedRemainingSeconds: status.estimatedRemainingSeconds,
                jobs: status.jobs.map {
                    JSONJob(job: $0.job, state: $0.state.rawValue, key: $0.key, reasons: $0.reasons,
                            wallSeconds: $0.wallSeconds, estimatedSeconds: $0.estimatedSeconds)
                })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(items), as: UTF8.self)
    }
}
