import Engine
import Foundation

/// A run the quantities are compared with: the archive, another archive folder or another store.
public struct ReferenceRun: Sendable {
    /// Shown in the `against` column, e.g. `archive` or a path.
    public var label: String
    /// Where it came from, for details, e.g. "paper-results/archive/x, default scale, commit 1a2b3c4".
    public var description: String
    public var scale: String
    public var quantities: [Quantity]

    public init(label: String, description: String, scale: String, quantities: [Quantity]) {
        self.label = label
        self.description = description
        self.scale = scale
        self.quantities = quantities
    }

    /// An archived run as a reference.
    public init(archived: ArchivedRun, label: String = "archive", location: String) {
        self.init(label: label,
                  description: "\(location), \(archived.manifest.scale) scale, commit \(archived.manifest.gitCommit.prefix(10)), archived \(archived.manifest.archived.prefix(10))",
                  scale: archived.manifest.scale, quantities: archived.measurements)
    }
}

/// One line of a comparison table.
public struct ComparisonRow: Codable, Sendable, Equatable {
    public var experiment: String
    public var quantity: String
    public var meaning: String
    public var unit: String?
    /// `archive`, `paper` or the path given with `--against`.
    public var against: String
    /// Where the reference value comes from (archive location, or the paper's table/figure, row, column).
    public var source: String
    public var ours: String
    public var reference: String
    public var tolerance: String
    public var verdict: Verdict
    /// Why: the numbers behind the verdict, or why the values are not comparable.
    public var detail: String
    public var oursValue: QuantityValue?
    public var oursUncertainty: Uncertainty?
    public var referenceValue: QuantityValue?
    public var referenceUncertainty: Uncertainty?
}

/// The comparison of one experiment at one scale with every requested reference.
public struct ExperimentComparison: Codable, Sendable {
    public var experiment: String
    public var scale: String
    public var rows: [ComparisonRow]
    /// What changed since the archived run (nil when not compared with the archive, or there is none).
    public var sinceArchive: ArchiveDifference?

    public init(experiment: String, scale: String, rows: [ComparisonRow], sinceArchive: ArchiveDifference? = nil) {
        self.experiment = experiment
        self.scale = scale
        self.rows = rows
        self.sinceArchive = sinceArchive
    }

    /// The overall verdict against one reference (`archive`, `paper`, a path), or over all rows.
    public func verdict(against: String? = nil) -> Verdict {
        Verdict.overall(rows.filter { against == nil || $0.against == against }.map(\.verdict))
    }

    /// How many rows against one reference reached each verdict ("8 agrees, 40 not comparable"),
    /// or nil when they all reached the same one.
    public func mixedTally(against: String) -> String? {
        let verdicts = rows.filter { $0.against == against }.map(\.verdict)
        return Set(verdicts).count > 1 ? Verdict.tally(verdicts) : nil
    }

    /// "paper: not comparable (8 agrees, 40 not comparable)": the overall verdict against one
    /// reference, with the tally of its rows when they are not all alike.
    public func summary(against: String) -> String {
        "\(against): \(verdict(against: against).rawValue)" + (mixedTally(against: against).map { " (\($0))" } ?? "")
    }

    public var differs: Bool { rows.contains { $0.verdict == .differs } }
}

/// Builds comparison rows from our quantities and the references.
public enum Comparator {
    /// Compares `ours` (nil with `problem` when our results are not available) with `reference`.
    public static func rows(experiment: String, scale: String, ours: [Quantity]?, problem: String?,
                            against reference: ReferenceRun?, label: String, missingReference: String) -> [ComparisonRow] {
        guard let reference else {
            return [unavailable(experiment, label: label, detail: missingReference)]
        }
        guard let ours else {
            let detail = problem ?? "our results are not available"
            return reference.quantities.map { row(experiment, $0, against: label, source: reference.description, ours: nil, reference: $0,
                                                   verdict: RuleOutcome(.notComparable, detail), rule: $0.rule) }
        }
        var rows: [ComparisonRow] = []
        for quantity in ours {
            guard let archived = reference.quantities.first(where: { $0.name == quantity.name }) else {
                rows.append(row(experiment, quantity, against: label, source: reference.description, ours: quantity, reference: nil,
                                verdict: RuleOutcome(.notComparable, "not in the reference (new quantity?)"), rule: quantity.rule))
                continue
            }
            let outcome = reference.scale != scale
                ? RuleOutcome(.notComparable, "reference is at scale \(reference.scale), ours at \(scale)")
                : RuleEvaluation.evaluate(quantity.rule, ours: Observed(quantity.value, uncertainty: quantity.uncertainty),
                                          reference: Observed(archived.value, uncertainty: archived.uncertainty))
            rows.append(row(experiment, quantity, against: label, source: reference.description, ours: quantity, reference: archived,
                            verdict: outcome, rule: quantity.rule))
        }
        for archived in reference.quantities where !ours.contains(where: { $0.name == archived.name }) {
            rows.append(row(experiment, archived, against: label, source: reference.description, ours: nil, reference: archived,
                            verdict: RuleOutcome(.notComparable, "no longer measured by the experiment"), rule: archived.rule))
        }
        return rows
    }

    /// Compares the quantities that name a published value with the paper.
    public static func paperRows(experiment: String, scale: String, ours: [Quantity]?, problem: String?,
                                 published: PublishedResults, mapped: [Quantity]) -> [ComparisonRow] {
        // Which quantities map to the paper is known from ours, or else from the archive (`mapped`).
        let candidates = (ours ?? mapped).filter { $0.published != nil }
        guard !candidates.isEmpty else {
            return [unavailable(experiment, label: "paper", detail: "no quantity of this experiment is mapped to a published value")]
        }
        return candidates.map { quantity in
            let rule = quantity.paperRule ?? quantity.rule
            guard let (paper, value) = published.value(quantity.published!), let reference = value.observed else {
                return row(experiment, quantity, against: "paper", source: quantity.published!, ours: ours == nil ? nil : quantity,
                           reference: nil, verdict: RuleOutcome(.notComparable, "no published value '\(quantity.published!)' in paper-results/"),
                           rule: rule)
            }
            let source = "\(paper.paper): \(value.source) [\(value.origin)]"
            var referenceQuantity = quantity
            referenceQuantity.value = reference.value
            referenceQuantity.uncertainty = reference.uncertainty
            let outcome: RuleOutcome
            if ours == nil {
                outcome = RuleOutcome(.notComparable, problem ?? "our results are not available")
            } else if !quantity.paperScales.contains(scale) {
                outcome = RuleOutcome(.notComparable, "published value is for scale \(quantity.paperScales.joined(separator: "/")), ours at \(scale)")
            } else {
                outcome = RuleEvaluation.evaluate(rule, ours: Observed(quantity.value, uncertainty: quantity.uncertainty), reference: reference)
            }
            return row(experiment, quantity, against: "paper", source: source, ours: ours == nil ? nil : quantity,
                       reference: referenceQuantity, verdict: outcome, rule: rule)
        }
    }

    static func unavailable(_ experiment: String, label: String, detail: String) -> ComparisonRow {
        ComparisonRow(experiment: experiment, quantity: "—", meaning: "", unit: nil, against: label, source: "", ours: "—",
                      reference: "—", tolerance: "—", verdict: .notComparable, detail: detail, oursValue: nil,
                      oursUncertainty: nil, referenceValue: nil, referenceUncertainty: nil)
    }

    static func row(_ experiment: String, _ quantity: Quantity, against: String, source: String, ours: Quantity?,
                    reference: Quantity?, verdict: RuleOutcome, rule: ComparisonRule) -> ComparisonRow {
        ComparisonRow(experiment: experiment, quantity: quantity.name, meaning: quantity.meaning, unit: quantity.unit,
                      against: against, source: source,
                      ours: ours.map { describe($0.value, $0.uncertainty) } ?? "—",
                      reference: reference.map { describe($0.value, $0.uncertainty) } ?? "—",
                      tolerance: rule.summary, verdict: verdict.verdict, detail: verdict.detail,
                      oursValue: ours?.value, oursUncertainty: ours?.uncertainty,
                      referenceValue: reference?.value, referenceUncertainty: reference?.uncertainty)
    }

    /// `0.0618 ± 0.0065 SEM (n = 3)`, `curve, 300 points, y ∈ [0, 1]`, `holds`.
    public static func describe(_ value: QuantityValue, _ uncertainty: Uncertainty?) -> String {
        switch value {
        case .scalar(let v):
            guard let u = uncertainty else { return format(v) }
            var text = format(v)
            if let sem = u.sem { text += " ± \(format(sem)) SEM" } else if let sd = u.sd { text += " ± \(format(sd)) sd" }
            if let n = u.n { text += " (n = \(n))" }
            return text
        case .curve(let x, let y):
            let finite = y.filter(\.isFinite)
            let range = finite.isEmpty ? "no finite y" : "y ∈ [\(format(finite.min()!)), \(format(finite.max()!))]"
            return "curve, \(x.count) points, \(range)"
        case .claim(let holds):
            return holds ? "holds" : "does not hold"
        }
    }
}
