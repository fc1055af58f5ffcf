import Foundation

/// Wall-clock sampling: warm-up calls, then `repeats` timed calls; reports median, min and max.
struct Stopwatch {
    var warmUp: Int
    var repeats: Int

    /// Monotonic time in seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    func measure(_ body: () -> Void) -> (median: Double, minimum: Double, maximum: Double) {
        for _ in 0..<warmUp { body() }
        var samples: [Double] = []
        samples.reserveCapacity(repeats)
        for _ in 0..<max(repeats, 1) {
            let start = Self.now()
            body()
            samples.append(Self.now() - start)
        }
        samples.sort()
        let n = samples.count
        let median = n % 2 == 1 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2])
        return (median, samples[0], samples[n - 1])
    }
}
