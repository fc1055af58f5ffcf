import Foundation

/// Renders comparisons as a text table (for terminals and CI logs) or JSON.
public enum ComparisonTable {
    static let header = ["quantity", "against", "ours", "reference", "tolerance", "verdict"]

    /// One block per experiment: a header line with the overall verdicts, the table, and the reason
    /// for every row that does not agree.
    public static func text(_ comparisons: [ExperimentComparison]) -> String {
        var out = ""
        for comparison in comparisons {
            let targets = orderedUnique(comparison.rows.map(\.against))
            let summary = targets.map(comparison.summary(against:)).joined(separator: "; ")
            out += "\(comparison.experiment) [\(comparison.scale)] — \(summary)\n"
            out += sinceArchive(comparison)
            let rows = comparison.rows.map { row in
                [row.quantity, row.against, clip(row.ours), clip(row.reference), row.tolerance, mark(row.verdict) + " " + row.verdict.rawValue]
            }
            let widths = header.indices.map { column in
                ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
            }
            func line(_ cells: [String]) -> String {
                zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces)
            }
            out += "  " + line(header) + "\n"
            for (row, cells) in zip(comparison.rows, rows) {
                out += "  " + line(cells) + "\n"
                if row.verdict != .agrees || row.detail.contains(">") {
                    out += "      \(row.detail)\n"
                }
            }
            out += "\n"
        }
        let all = comparisons.flatMap(\.rows)
        out += "\(all.count) comparison(s): \(Verdict.tally(all.map(\.verdict)))\n"
        return out
    }

    /// What changed since the archived run, under the experiment's header: shown whenever anything
    /// changed, and also when nothing did but the archive comparison differs (then the cause lies
    /// outside the recorded provenance, which is worth saying).
    static func sinceArchive(_ comparison: ExperimentComparison) -> String {
        guard let difference = comparison.sinceArchive else { return "" }
        if difference.isEmpty {
            guard comparison.verdict(against: "archive") == .differs else { return "" }
            return "  since the archive (\(difference.origin)): \(ArchiveDifference.nothingChanged)\n"
        }
        return "  since the archive (\(difference.origin)):\n" + difference.lines.map { "    \($0)\n" }.joined()
    }

    /// Pretty-printed JSON: one object per experiment with its overall verdicts and rows, and what
    /// changed since the archive (`sinceArchive`, absent when there is no archive).
    public static func json(_ comparisons: [ExperimentComparison]) throws -> String {
        struct Item: Encodable {
            var experiment: String
            var scale: String
            var verdict: Verdict
            var verdicts: [String: Verdict]
            var rows: [ComparisonRow]
            var sinceArchive: ArchiveDifference?
        }
        let items = comparisons.map { comparison in
            Item(experiment: comparison.experiment, scale: comparison.scale, verdict: comparison.verdict(),
                 verdicts: Dictionary(uniqueKeysWithValues: orderedUnique(comparison.rows.map(\.against)).map { ($0, comparison.verdict(against: $0)) }),
                 rows: comparison.rows, sinceArchive: comparison.sinceArchive)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(items), as: UTF8.self)
    }

    static func mark(_ verdict: Verdict) -> String {
        switch verdict {
        case .agrees: return "✓"
        case .differs: return "✗"
        case .notComparable: return "–"
        }
    }

    static func clip(_ text: String, _ limit: Int = 44) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

func orderedUnique(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
