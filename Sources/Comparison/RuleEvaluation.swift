import Engine
import Foundation

/// One side of a comparison: a value with its spread, if known.
public struct Observed: Sendable, Equatable {
    public var value: QuantityValue
    public var uncertainty: Uncertainty?

    public init(_ value: QuantityValue, uncertainty: Uncertainty? = nil) {
        self.value = value
        self.uncertainty = uncertainty
    }
}

/// Applies a `ComparisonRule` to our value and a reference value.
public enum RuleEvaluation {
    /// The verdict of `rule` for our value against the reference. A paper's claim is the reference
    /// `.claim(true)`; an archive records whether the claim held.
    public static func evaluate(_ rule: ComparisonRule, ours: Observed, reference: Observed) -> RuleOutcome {
        switch (rule, ours.value, reference.value) {
        case (.tolerance(let absolute, let relative), .scalar(let a), .scalar(let b)):
            return tolerance(a, b, absolute: absolute, relative: relative)
        case (.standardErrors(let k), .scalar(let a), .scalar(let b)):
            return standardErrors(a, ours.uncertainty, b, reference.uncertainty, k: k)
        case (.welch(let alpha), .scalar(let a), .scalar(let b)):
            return welch(a, ours.uncertainty, b, reference.uncertainty, alpha: alpha)
        case (.band(let absolute, let relative), .curve(let x, let y), .curve(let rx, let ry)):
            return band(x: x, y: y, referenceX: rx, referenceY: ry, absolute: absolute, relative: relative)
        case (.band(let absolute, let relative), .scalar(let a), .scalar(let b)):
            return tolerance(a, b, absolute: absolute, relative: relative)
        case (.predicate, .claim(let holds), .claim(let expected)):
            if holds == expected { return RuleOutcome(.agrees, holds ? "holds" : "does not hold, as in the reference") }
            return RuleOutcome(.differs, holds ? "holds, but the reference records that it did not" : "does not hold")
        default:
            return RuleOutcome(.notComparable, "rule \(rule.summary) cannot compare \(kind(ours.value)) with \(kind(reference.value))")
        }
    }

    static func kind(_ value: QuantityValue) -> String {
        switch value {
        case .scalar: return "a scalar"
        case .curve: return "a curve"
        case .claim: return "a claim"
        }
    }

    static func tolerance(_ a: Double, _ b: Double, absolute: Double, relative: Double) -> RuleOutcome {
        if !a.isFinite || !b.isFinite {
            let same = (a.isNaN && b.isNaN) || a == b
            return RuleOutcome(same ? .agrees : .differs, "non-finite: \(format(a)) vs \(format(b))")
        }
        let difference = abs(a - b), allowed = absolute + relative * abs(b)
        return RuleOutcome(difference <= allowed ? .agrees : .differs,
                           "|Δ| = \(format(difference)) \(difference <= allowed ? "≤" : ">") \(format(allowed))")
    }

    static func standardErrors(_ a: Double, _ ua: Uncertainty?, _ b: Double, _ ub: Uncertainty?, k: Double) -> RuleOutcome {
        let sa = ua?.standardError, sb = ub?.standardError
        guard sa != nil || sb != nil else { return RuleOutcome(.notComparable, "no standard error on either side") }
        let combined = ((sa ?? 0) * (sa ?? 0) + (sb ?? 0) * (sb ?? 0)).squareRoot()
        let difference = abs(a - b)
        guard a.isFinite, b.isFinite else { return RuleOutcome(.differs, "non-finite: \(format(a)) vs \(format(b))") }
        let ok = difference <= k * combined
        return RuleOutcome(ok ? .agrees : .differs,
                           "|Δ| = \(format(difference)) \(ok ? "≤" : ">") \(compactNumber(k))·SE = \(format(k * combined))")
    }

    static func welch(_ a: Double, _ ua: Uncertainty?, _ b: Double, _ ub: Uncertainty?, alpha: Double) -> RuleOutcome {
        func sd(_ u: Uncertainty?) -> (Double, Int)? {
            guard let u, let n = u.n, n >= 2 else { return nil }
            if let sd = u.sd { return (sd, n) }
            if let sem = u.sem { return (sem * Double(n).squareRoot(), n) }
            return nil
        }
        guard let (sa, na) = sd(ua), let (sb, nb) = sd(ub) else {
            return RuleOutcome(.notComparable, "Welch's test needs sd (or SEM) and n ≥ 2 on both sides")
        }
        let test = Statistics.welch(mean1: a, sd1: sa, n1: na, mean2: b, sd2: sb, n2: nb)
        let ok = test.p >= alpha
        return RuleOutcome(ok ? .agrees : .differs,
                           String(format: "Welch t = %.3g, df = %.3g, p = %.3g %@ %g", test.t, test.df, test.p, ok ? "≥" : "<", alpha))
    }

    static func band(x: [Double], y: [Double], referenceX: [Double], referenceY: [Double],
                     absolute: Double, relative: Double) -> RuleOutcome {
        guard x.count == y.count, referenceX.count == referenceY.count, !x.isEmpty, !referenceX.isEmpty else {
            return RuleOutcome(.notComparable, "empty or malformed curve")
        }
        var checked = 0, violations = 0, worst = 0.0, worstX = 0.0
        for (xi, yi) in zip(x, y) {
            guard let ri = interpolate(referenceX, referenceY, at: xi) else { continue }
            checked += 1
            let allowed = absolute + relative * abs(ri)
            let excess = (yi.isFinite && ri.isFinite) ? abs(yi - ri) - allowed : (yi.isNaN && ri.isNaN ? -1 : .infinity)
            if excess > 0 {
                violations += 1
                if excess > worst || worst == 0 { worst = excess; worstX = xi }
            }
        }
        guard checked > 0 else { return RuleOutcome(.notComparable, "the curves share no x range") }
        if violations == 0 { return RuleOutcome(.agrees, "all \(checked) points inside the band") }
        return RuleOutcome(.differs, "\(violations) of \(checked) points outside the band (worst at x = \(format(worstX)), by \(format(worst)))")
    }

    /// Linear interpolation of (xs, ys) at x; nil outside [xs.first, xs.last]. Equal grids take the exact point.
    static func interpolate(_ xs: [Double], _ ys: [Double], at x: Double) -> Double? {
        guard let first = xs.first, let last = xs.last else { return nil }
        let tolerance = 1e-12 * max(1, abs(last - first))
        guard x >= first - tolerance, x <= last + tolerance else { return nil }
        var low = 0, high = xs.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if xs[mid] <= x { low = mid } else { high = mid }
        }
        if abs(xs[low] - x) <= tolerance { return ys[low] }
        if abs(xs[high] - x) <= tolerance { return ys[high] }
        let w = (x - xs[low]) / (xs[high] - xs[low])
        return ys[low] + w * (ys[high] - ys[low])
    }
}

/// Numbers in tables: `%.6g`, with non-finite values spelt out.
public func format(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    return String(format: "%.6g", value)
}

func compactNumber(_ value: Double) -> String { String(format: "%g", value) }
