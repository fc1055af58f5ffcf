/// Turns values into gnuplot tokens that cannot change the meaning of the script.
///
/// User text only ever appears inside single-quoted strings: gnuplot performs backtick command
/// substitution and backslash escapes in double-quoted strings but nothing in single-quoted ones,
/// where the only special character is `'` itself (written `''`). Control characters are dropped so
/// text cannot end a line or a comment early. Callers add `noenhanced` so `^ _ { } @ &` stay literal.
enum GnuplotText {
    /// `text` as a single-quoted gnuplot string literal.
    static func quoted(_ text: String) -> String {
        "'" + sanitized(text).replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `text` with control characters removed (tabs and line breaks become spaces).
    static func sanitized(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator:
                if scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out.append(" ")
                }
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A finite number with enough digits to round-trip; `nil` for NaN and infinities.
    static func number(_ value: Double) -> String? {
        value.isFinite ? "\(value)" : nil
    }

    /// A number cell of a data file; non-finite values are written so gnuplot leaves a gap.
    static func dataCell(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
        return "\(value)"
    }

    /// `#rrggbb`, `#aarrggbb` or a gnuplot colour name; anything else is rejected.
    static func validColor(_ color: String?) -> String? {
        guard let color, !color.isEmpty, color.count <= 32 else { return nil }
        if color.hasPrefix("#") {
            let hex = color.dropFirst()
            guard hex.count == 6 || hex.count == 8, hex.allSatisfy(\.isHexDigit) else { return nil }
            return color
        }
        let allowed = color.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        return allowed && color.first!.isLetter ? color : nil
    }

    /// Whether `name` is a safe file stem: `[A-Za-z0-9_-]+`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 128 && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }
}
