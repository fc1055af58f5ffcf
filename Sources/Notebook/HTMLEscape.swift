/// Escapes text for HTML element content and attribute values (`& < > " '`); control characters
/// other than tab and line breaks are dropped, since HTML cannot show them anyway.
public func htmlEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
        default:
            if scalar.properties.generalCategory == .control { continue }
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// A relative link target made safe for an `href`/`src` attribute, or `nil` when `path` is not a
/// plain relative path: no scheme (`javascript:`, `data:`, `http:`), no absolute or network path,
/// no backslashes, no query or fragment. Each segment is percent-encoded, then the whole is escaped.
func safeRelativeURL(_ path: String) -> String? {
    guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\") else { return nil }
    let segments = path.split(separator: "/", omittingEmptySubsequences: false)
    var encoded: [String] = []
    for (index, segment) in segments.enumerated() {
        // Only a trailing slash may leave an empty segment ("a//b" is not a plain path).
        if segment.isEmpty {
            guard index == segments.count - 1 else { return nil }
            encoded.append("")
            continue
        }
        // A colon in the first segment would read as a scheme.
        if index == 0 && segment.contains(":") { return nil }
        var out = ""
        for byte in segment.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c)) {
                out.append(c)
            } else if byte < 0x20 || byte == 0x7F {
                return nil
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        encoded.append(out)
    }
    return htmlEscape(encoded.joined(separator: "/"))
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
