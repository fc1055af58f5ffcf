/// The outcome of comparing one quantity with one reference.
public enum Verdict: String, Codable, Sendable, CaseIterable, Comparable {
    case agrees
    case differs
    /// The two values cannot be held against each other (different scale, no reference, missing
    /// result, no uncertainty for a statistical rule, …); the row's detail says why.
    case notComparable = "not comparable"

    /// `differs` outranks `not comparable`, which outranks `agrees`: the overall verdict of several
    /// rows is their maximum.
    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }

    var rank: Int {
        switch self {
        case .agrees: return 0
        case .notComparable: return 1
        case .differs: return 2
        }
    }

    /// The overall verdict of several rows (`not comparable` when there are none).
    public static func overall(_ verdicts: [Verdict]) -> Verdict {
        verdicts.max() ?? .notComparable
    }
}

/// A verdict with the reason behind it, e.g. "|Δ| = 3e-4 > 1e-9".
public struct RuleOutcome: Sendable, Equatable {
    public var verdict: Verdict
    public var detail: String

    public init(_ verdict: Verdict, _ detail: String) {
        self.verdict = verdict
        self.detail = detail
    }
}
