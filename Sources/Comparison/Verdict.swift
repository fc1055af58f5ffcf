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

    /// How many of `verdicts` are of each kind, worst first, leaving out kinds that do not occur:
    /// "2 differs, 8 agrees". The overall verdict alone would hide that a figure whose published
    /// numbers are all for another scale still agrees on every published claim.
    public static func tally(_ verdicts: [Verdict]) -> String {
        allCases.sorted(by: >).compactMap { verdict in
            let count = verdicts.filter { $0 == verdict }.count
            return count == 0 ? nil : "\(count) \(verdict.rawValue)"
        }.joined(separator: ", ")
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
