import Digest
import Foundation

extension ConfigValue {
    /// The canonical encoding every cache key is computed from: JSON without whitespace, object
    /// keys sorted by Unicode scalar values, strings in NFC, integers as integers and doubles in
    /// Swift's shortest round-trip form, always with a `.` or an exponent (`1.0`, `0.001`, `1e-05`),
    /// `-0.0` written as `0.0`, and non-finite doubles as the strings `"nan"`, `"inf"`, `"-inf"`.
    /// Equal values give byte-identical text on every machine.
    public var canonicalJSON: String {
        var output = ""
        writeCanonical(into: &output)
        return output
    }

    /// Hex SHA-256 of `canonicalJSON`.
    public var sha256: String { SHA256Digest.hash(canonicalJSON).hex }

    private func writeCanonical(into output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += canonicalDouble(number)
        case .string(let text): writeJSONString(text, into: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.writeCanonical(into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            let normalized = members.map { (key: $0.key.precomposedStringWithCanonicalMapping, value: $0.value) }
            for (index, member) in normalized.sorted(by: { scalarOrder($0.key, $1.key) }).enumerated() {
                if index > 0 { output += "," }
                writeJSONString(member.key, into: &output)
                output += ":"
                member.value.writeCanonical(into: &output)
            }
            output += "}"
        }
    }
}

/// Shortest round-trip text that always reads back as a float (`Double.description` already
/// includes `.0` or an exponent for finite values).
func canonicalDouble(_ number: Double) -> String {
    if number.isNaN { return "\"nan\"" }
    if number.isInfinite { return number > 0 ? "\"inf\"" : "\"-inf\"" }
    if number == 0 { return "0.0" }
    return number.description
}

/// Orders strings by their Unicode scalar values, independent of locale and of how Swift compares
/// strings.
func scalarOrder(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
}

func writeJSONString(_ text: String, into output: inout String) {
    output += "\""
    for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        case "\u{08}": output += "\\b"
        case "\u{0C}": output += "\\f"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                output += "\\u" + String(format: "%04x", scalar.value)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
    }
    output += "\""
}

/// The canonical JSON (see `ConfigValue.canonicalJSON`) of any `Encodable`, e.g. a job's
/// parameters. `Double` fields stay floats even when integral, `Int` fields stay integers, and
/// `nil` optionals are left out, so adding an optional field does not change existing keys.
public func canonicalJSON<T: Encodable>(_ value: T) throws -> String {
    try ConfigValueEncoder().encode(value).canonicalJSON
}
