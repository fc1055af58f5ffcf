extension ConfigValue {
    /// Compact one-line YAML-ish text: `0.001`, `[1, 2]`, `{a: 1, b: x}` (keys sorted). Strings
    /// are quoted only when they would otherwise read back as something else.
    public var displayText: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return yamlDouble(number)
        case .string(let text): return yamlString(text)
        case .array(let elements): return "[" + elements.map(\.displayText).joined(separator: ", ") + "]"
        case .object(let members):
            let items = members.keys.sorted(by: scalarOrder).map { "\(yamlString($0)): \(members[$0]!.displayText)" }
            return "{" + items.joined(separator: ", ") + "}"
        }
    }

    /// `displayText`, cut to at most `limit` characters with `…`.
    public func displayText(limit: Int?) -> String {
        let text = displayText
        guard let limit, text.count > limit, limit > 1 else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// Readable block YAML (keys sorted), deterministic, ending in a newline; parses back to the
    /// same value. Short lists of scalars stay on one line.
    public func yamlText() -> String {
        blockLines(indent: "").joined(separator: "\n") + "\n"
    }

    /// Lines of a block rendering; only called for values that need their own lines.
    private func blockLines(indent: String) -> [String] {
        switch self {
        case .object(let members) where !members.isEmpty:
            var lines: [String] = []
            for key in members.keys.sorted(by: scalarOrder) {
                let child = members[key]!
                let head = indent + yamlString(key) + ":"
                if let inline = child.inlineForm {
                    lines.append(head + " " + inline)
                } else {
                    lines.append(head)
                    lines += child.blockLines(indent: indent + "  ")
                }
            }
            return lines
        case .array(let elements) where !elements.isEmpty:
            var lines: [String] = []
            for element in elements {
                if let inline = element.inlineForm {
                    lines.append(indent + "- " + inline)
                } else {
                    let nested = element.blockLines(indent: indent + "  ")
                    lines.append(indent + "- " + nested[0].dropFirst(indent.count + 2))
                    lines += nested.dropFirst()
                }
            }
            return lines
        default:
            return [indent + displayText]
        }
    }

    /// The one-line form used in block YAML: scalars, empty collections and short lists of scalars.
    private var inlineForm: String? {
        switch self {
        case .object(let members): return members.isEmpty ? "{}" : nil
        case .array(let elements):
            guard elements.allSatisfy(\.isScalar) else { return nil }
            let text = displayText
            return text.count <= 80 ? text : nil
        default: return displayText
        }
    }
}

func yamlDouble(_ number: Double) -> String {
    if number.isNaN { return ".nan" }
    if number.isInfinite { return number > 0 ? ".inf" : "-.inf" }
    return number.description
}

/// The text as a plain YAML scalar when it reads back as the same string (also under YAML 1.1
/// readers), else double-quoted with JSON escapes (valid YAML).
func yamlString(_ text: String) -> String {
    if isPlainSafe(text) { return text }
    var quoted = ""
    writeJSONString(text, into: &quoted)
    return quoted
}

private let yaml11Specials: Set<String> = [
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
]

private func isPlainSafe(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
    if case .string = ConfigValue.resolvePlainScalar(text) {} else { return false }
    if yaml11Specials.contains(text) || text == "<<" || text == "=" { return false }
    if "-?:,[]{}#&*!|>'\"%@` ".unicodeScalars.contains(first) || last == " " || last == ":" { return false }
    if text.contains(": ") || text.contains(" #") { return false }
    return !text.unicodeScalars.contains { scalar in
        scalar.value < 0x20 || scalar.value == 0x7F || ",[]{}".unicodeScalars.contains(scalar)
            || scalar.properties.generalCategory == .lineSeparator || scalar == "\u{FEFF}" || scalar == "\u{85}"
    }
}
