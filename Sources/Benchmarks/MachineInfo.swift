import Foundation

/// Where and when a benchmark ran: CPU model and core count from /proc/cpuinfo, load average, date.
public struct MachineInfo: Sendable, Equatable {
    public var cpuModel: String
    public var logicalCores: Int
    /// 1-, 5- and 15-minute load averages (from /proc/loadavg).
    public var loadAverage: [Double]
    public var date: Date
    public var flags: String

    public init(cpuModel: String, logicalCores: Int, loadAverage: [Double], date: Date, flags: String) {
        self.cpuModel = cpuModel
        self.logicalCores = logicalCores
        self.loadAverage = loadAverage
        self.date = date
        self.flags = flags
    }

    /// Reads the current machine (Linux /proc; falls back to "unknown").
    public static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let lines = cpuinfo.split(separator: "\n")
        func field(_ key: String) -> String? {
            lines.first { $0.hasPrefix(key) }.flatMap { $0.split(separator: ":", maxSplits: 1).last }
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let cores = lines.filter { $0.hasPrefix("processor") }.count
        let flagSet = Set((field("flags") ?? "").split(separator: " ").map(String.init))
        let simd = ["sse4_2", "avx", "avx2", "fma", "avx512f"].filter { flagSet.contains($0) }.joined(separator: " ")
        return MachineInfo(cpuModel: field("model name") ?? "unknown", logicalCores: max(cores, ProcessInfo.processInfo.activeProcessorCount),
                           loadAverage: loadAverageNow(), date: Date(), flags: simd)
    }

    public static func loadAverageNow() -> [Double] {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).compactMap { Double($0) }
    }
}
