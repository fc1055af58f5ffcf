import Configuration
import Dispatch
import Foundation
import Store

/// How `run` behaves.
public struct RunOptions: Sendable {
    /// Worker processes at once.
    public var parallelJobs: Int
    /// Recompute even fresh jobs.
    public var force: Bool

    public init(parallelJobs: Int = ProcessInfo.processInfo.activeProcessorCount, force: Bool = false) {
        self.parallelJobs = max(1, parallelJobs)
        self.force = force
    }
}

/// What a run did.
public struct RunSummary: Sendable {
    public var computed: [String] = []
    public var failed: [(job: String, message: String)] = []
    /// Jobs another process computed while this one waited.
    public var computedElsewhere: [String] = []
    public var interrupted = false
    /// Jobs not started or cut short because of the interruption.
    public var unfinished: [String] = []

    public var succeeded: Bool { failed.isEmpty && !interrupted }
}

/// Runs stale jobs in parallel worker processes (one process per job, so a crash or a kill takes
/// only that job with it), shows progress, waits for jobs another `repro` is computing, and stops
/// cleanly on Ctrl-C.
public final class Orchestrator {
    public let planner: Planner
    /// The `repro` executable to start workers with (`repro _worker`, spec on standard input).
    public let workerExecutable: URL
    let display: ProgressDisplay

    public init(planner: Planner, workerExecutable: URL, output: FileHandle = .standardOutput) {
        self.planner = planner
        self.workerExecutable = workerExecutable
        self.display = ProgressDisplay(output: output)
    }

    /// Computes every job of `statuses` that is not fresh (all of them with `force`). Calls
    /// `experimentSettled` as soon as all jobs of an experiment have finished or failed, so its
    /// figures can be drawn while other experiments still compute.
    public func run(_ statuses: [ExperimentStatus], options: RunOptions, provenance: Provenance,
                    experimentSettled: (ExperimentStatus) -> Void = { _ in }) -> RunSummary {
        var summary = RunSummary()
        var queue: [QueuedJob] = []
        for status in statuses {
            if let error = status.configError {
                summary.failed.append((status.id, error))
                display.line("✗ \(status.id): \(error)")
                continue
            }
            if !status.missingInputs.isEmpty {
                display.line("• \(status.id): needs data — \(status.missingInputs.map(\.path).joined(separator: ", "))")
                continue
            }
            for job in status.jobs where options.force || job.state != .fresh {
                if options.force, job.state == .fresh { try? planner.store.removeEntry(key: job.key) }
                queue.append(QueuedJob(status: job, scale: status.scale))
            }
        }
        var pendingByExperiment: [String: Int] = [:]
        for job in queue { pendingByExperiment[job.status.experiment, default: 0] += 1 }
        for status in statuses where status.configError == nil && status.missingInputs.isEmpty
            && pendingByExperiment[status.id] == nil {
            experimentSettled(status)
        }
        guard !queue.isEmpty else { return summary }

        let interruption = InterruptionFlag()
        let signalSources = interruption.install()
        defer { interruption.restore(signalSources) }

        let total = queue.count
        var finished = 0
        var running: [RunningJob] = []
        var waiting: [QueuedJob] = []   // computed by another process; poll until its lock is free
        var retried = Set<String>()
        let started = Date()
        display.line("running \(total) job\(total == 1 ? "" : "s") with up to \(options.parallelJobs) in parallel")

        func settle(_ job: QueuedJob) {
            finished += 1
            pendingByExperiment[job.status.experiment, default: 1] -= 1
            if pendingByExperiment[job.status.experiment] == 0,
               let status = statuses.first(where: { $0.id == job.status.experiment }) {
                experimentSettled(status)
            }
        }

        while !queue.isEmpty || !running.isEmpty || !waiting.isEmpty {
            if interruption.isSet {
                summary.interrupted = true
                for job in running { job.process.terminate() }
                for job in running { job.process.waitUntilExit() }
                summary.unfinished = (running.map(\.queued) + queue + waiting).map(\.status.label)
                display.finish()
                display.line("interrupted: \(summary.computed.count) job(s) finished and kept; \(summary.unfinished.count) unfinished")
                return summary
            }
            while running.count < options.parallelJobs, !queue.isEmpty {
                let job = queue.removeFirst()
                do {
                    running.append(try launch(job, provenance: provenance))
                    display.line("▶ \(job.status.label)")
                } catch {
                    summary.failed.append((job.status.label, "cannot start worker: \(error)"))
                    settle(job)
                }
            }
            var stillRunning: [RunningJob] = []
            for job in running {
                if job.process.isRunning {
                    stillRunning.append(job)
                    continue
                }
                let seconds = Date().timeIntervalSince(job.started)
                let label = job.queued.status.label
                switch (job.process.terminationReason, job.process.terminationStatus) {
                case (.exit, WorkerOutcome.computed.rawValue):
                    summary.computed.append(label)
                    display.line("✓ \(label) (\(formatDuration(seconds)))")
                    settle(job.queued)
                case (.exit, WorkerOutcome.alreadyPresent.rawValue):
                    summary.computedElsewhere.append(label)
                    display.line("✓ \(label) (computed by another process)")
                    settle(job.queued)
                case (.exit, WorkerOutcome.busy.rawValue):
                    display.line("… \(label) is being computed by another process; waiting")
                    waiting.append(job.queued)
                case (.exit, _) where !interruption.isSet:
                    let message = recordFailure(job, kind: nil)
                    summary.failed.append((label, message))
                    display.line("✗ \(label): \(message)")
                    settle(job.queued)
                case (.uncaughtSignal, let signal) where !interruption.isSet:
                    let message = recordFailure(job, kind: "crash", message: "worker killed by signal \(signal)")
                    summary.failed.append((label, message))
                    display.line("✗ \(label): \(message)")
                    settle(job.queued)
                default:
                    stillRunning.append(job)  // interrupted: handled above on the next turn
                }
            }
            running = stillRunning
            var stillWaiting: [QueuedJob] = []
            for job in waiting {
                if planner.store.isLocked(key: job.status.key) {
                    stillWaiting.append(job)
                } else if case .present = planner.store.status(of: job.status.key, verifyChecksums: true) {
                    summary.computedElsewhere.append(job.status.label)
                    display.line("✓ \(job.status.label) (computed by another process)")
                    settle(job)
                } else if retried.insert(job.status.key).inserted {
                    queue.append(job)   // the other process gave up on it; compute it here
                } else {
                    summary.failed.append((job.status.label, "another process held the job and left no result"))
                    settle(job)
                }
            }
            waiting = stillWaiting
            let fraction = (Double(finished) + running.reduce(0) { $0 + $1.monitor.fraction }) / Double(total)
            display.update(done: finished, total: total, fraction: fraction, elapsed: Date().timeIntervalSince(started),
                           running: running.map { ($0.queued.status.label, $0.monitor.fraction, $0.monitor.message) })
            Thread.sleep(forTimeInterval: 0.05)
        }
        display.finish()
        return summary
    }

    struct QueuedJob {
        var status: JobStatus
        var scale: String
    }

    struct RunningJob {
        var queued: QueuedJob
        var process: Process
        var monitor: WorkerMonitor
        var started: Date
    }

    func launch(_ job: QueuedJob, provenance: Provenance) throws -> RunningJob {
        let spec = WorkerSpec(
            experiment: job.status.experiment, job: job.status.job, key: job.status.key,
            partsJSON: try canonicalJSON(job.status.parts), parametersJSON: job.status.parametersJSON,
            seed: job.status.parts.seed, scale: job.scale, projectRoot: planner.project.root.path,
            storeRoot: planner.store.root.path, provenance: provenance)
        let process = Process()
        process.executableURL = workerExecutable
        process.arguments = ["_worker"]
        process.currentDirectoryURL = planner.project.root
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let monitor = WorkerMonitor()
        output.fileHandleForReading.readabilityHandler = { handle in monitor.consumeProgress(handle.availableData) }
        errors.fileHandleForReading.readabilityHandler = { handle in monitor.consumeLog(handle.availableData) }
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(spec))
        try input.fileHandleForWriting.close()
        return RunningJob(queued: job, process: process, monitor: monitor, started: Date())
    }

    /// Adds the worker's log to its failure record (or writes one if it died without), returning the message.
    func recordFailure(_ job: RunningJob, kind: String?, message: String? = nil) -> String {
        let store = planner.store
        let log = job.monitor.logTail
        var record = store.failure(for: job.queued.status.key) ?? FailureRecord(
            experiment: job.queued.status.experiment, job: job.queued.status.job,
            message: message ?? "worker exited with status \(job.process.terminationStatus)",
            logTail: "", date: isoNow(), kind: kind ?? "error")
        if let kind, let message {
            record.kind = kind
            record.message = message
        }
        record.logTail = log
        try? store.recordFailure(record, key: job.queued.status.key)
        return record.message
    }
}

extension JobStatus {
    /// `experiment/job`, as shown in progress and summaries.
    public var label: String { "\(experiment)/\(job)" }
}

/// Progress and log of one worker, fed from its pipes on background threads.
final class WorkerMonitor: @unchecked Sendable {
    private let lock = NSLock()
    private var progressBuffer = Data()
    private var _fraction = 0.0
    private var _message = ""
    private var log = Data()

    var fraction: Double { lock.withLock { _fraction } }
    var message: String { lock.withLock { _message } }
    var logTail: String { lock.withLock { String(decoding: log.suffix(8192), as: UTF8.self) } }

    /// Worker progress lines: `PROGRESS <fraction> <message>`.
    func consumeProgress(_ data: Data) {
        lock.withLock {
            progressBuffer.append(data)
            while let newline = progressBuffer.firstIndex(of: 10) {
                let line = String(decoding: progressBuffer[progressBuffer.startIndex..<newline], as: UTF8.self)
                progressBuffer.removeSubrange(progressBuffer.startIndex...newline)
                let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
                if fields.count >= 2, fields[0] == "PROGRESS", let value = Double(fields[1]) {
                    _fraction = value
                    _message = fields.count == 3 ? String(fields[2]) : ""
                } else {
                    log.append(Data((line + "\n").utf8))
                }
            }
        }
    }

    func consumeLog(_ data: Data) {
        lock.withLock {
            log.append(data)
            if log.count > 65536 { log = log.suffix(32768) }
        }
    }
}

/// Ctrl-C and SIGTERM while jobs run: stop starting jobs, terminate workers, keep what finished.
final class InterruptionFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    var isSet: Bool { lock.withLock { flag } }

    func install() -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in lock.withLock { flag = true } }
            source.resume()
            return source
        }
    }

    func restore(_ sources: [DispatchSourceSignal]) {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

/// Shows progress: a redrawn block on a terminal, plain lines otherwise (logs, CI).
final class ProgressDisplay {
    let output: FileHandle
    let isTerminal: Bool
    private var drawnLines = 0
    private var lastPlain = Date.distantPast
    private var lastDraw = Date.distantPast

    init(output: FileHandle) {
        self.output = output
        self.isTerminal = isatty(output.fileDescriptor) != 0
    }

    func line(_ text: String) {
        clearBlock()
        write(text + "\n")
    }

    func update(done: Int, total: Int, fraction: Double, elapsed: Double, running: [(String, Double, String)]) {
        let eta = fraction > 0.01 ? formatDuration(elapsed * (1 - fraction) / fraction) : "unknown"
        let header = "[\(done)/\(total) jobs] \(Int(fraction * 100))% elapsed \(formatDuration(elapsed)), ETA \(eta)"
        if isTerminal {
            guard Date().timeIntervalSince(lastDraw) > 0.2 else { return }
            lastDraw = Date()
            clearBlock()
            var lines = [header]
            for (label, progress, message) in running {
                let width = 20
                let filled = Int((progress * Double(width)).rounded())
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                lines.append("  \(bar) \(String(format: "%3d%%", Int(progress * 100))) \(label) \(message)")
            }
            // Lines longer than the terminal would wrap and break the redraw, so they are cut.
            let width = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 100
            write(lines.map { $0.count > width ? String($0.prefix(width - 1)) + "…" : $0 }.joined(separator: "\n") + "\n")
            drawnLines = lines.count
        } else if Date().timeIntervalSince(lastPlain) > 10 {
            lastPlain = Date()
            let detail = running.map { "\($0.0) \(Int($0.1 * 100))%" }.joined(separator: ", ")
            write(header + (detail.isEmpty ? "" : " — \(detail)") + "\n")
        }
    }

    func finish() { clearBlock() }

    private func clearBlock() {
        guard isTerminal, drawnLines > 0 else { return }
        write("\u{1B}[\(drawnLines)A\u{1B}[J")
        drawnLines = 0
    }

    private func write(_ text: String) { output.write(Data(text.utf8)) }
}

/// `1.2s`, `3m04s`, `2h05m`.
public func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "unknown" }
    if seconds < 60 { return String(format: "%.1fs", seconds) }
    let total = Int(seconds.rounded())
    if total < 3600 { return String(format: "%dm%02ds", total / 60, total % 60) }
    return String(format: "%dh%02dm", total / 3600, (total % 3600) / 60)
}
