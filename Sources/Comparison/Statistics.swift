import Foundation

/// Distribution functions the statistical rules need (no dependency on a statistics library).
public enum Statistics {
    /// Two-sided p-value of Student's t statistic `t` with `degreesOfFreedom` (may be fractional).
    public static func studentTTwoSidedP(_ t: Double, degreesOfFreedom df: Double) -> Double {
        guard t.isFinite else { return 0 }
        guard df > 0 else { return .nan }
        return regularizedIncompleteBeta(df / (df + t * t), a: df / 2, b: 0.5)
    }

    /// Welch's two-sample t-test from summary statistics: (t, degrees of freedom, two-sided p).
    public static func welch(mean1: Double, sd1: Double, n1: Int, mean2: Double, sd2: Double, n2: Int)
        -> (t: Double, df: Double, p: Double)
    {
        let v1 = sd1 * sd1 / Double(n1), v2 = sd2 * sd2 / Double(n2)
        let se = (v1 + v2).squareRoot()
        if se == 0 { return mean1 == mean2 ? (0, .infinity, 1) : (.infinity, .infinity, 0) }
        let t = (mean1 - mean2) / se
        let df = (v1 + v2) * (v1 + v2) / (v1 * v1 / Double(n1 - 1) + v2 * v2 / Double(n2 - 1))
        return (t, df, studentTTwoSidedP(t, degreesOfFreedom: df))
    }

    /// I_x(a, b), by the continued fraction of Numerical Recipes (§6.4), accurate to ~1e-12.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * Foundation.log(x) + b * Foundation.log(1 - x)
        let logFront = logGammas + logPowers
        let front = exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            var aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-14 { break }
        }
        return h
    }
}
