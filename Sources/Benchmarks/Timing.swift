import Foundation

/// Wall-clock sampling: warm-up calls, then `repeats` timed calls; reports median, min and max of
/// the wall time and the median process CPU time (all threads), which shows how much of the wall
/// time was lost waiting for a CPU on a loaded machine.
struct Stopwatch {
    var warmUp: Int
    var repeats: Int

    /// Monotonic time in seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// CPU time of the whole process (all threads), seconds.
    static func cpuNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted(), n = s.count
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2])
    }

    func measure(_ body: () -> Void) -> (median: Double, minimum: Double, maximum: Double, cpu: Double) {
        for _ in 0..<warmUp { body() }
        var wall: [Double] = [], cpu: [Double] = []
        wall.reserveCapacity(repeats)
        cpu.reserveCapacity(repeats)
        for _ in 0..<max(repeats, 1) {
            let start = Self.now(), cpuStart = Self.cpuNow()
            body()
            cpu.append(Self.cpuNow() - cpuStart)
            wall.append(Self.now() - start)
        }
        return (Self.median(wall), wall.min()!, wall.max()!, Self.median(cpu))
    }
}
