import Foundation
import Yams

extension ConfigValue {
    /// Parses YAML text. Plain scalars follow the YAML 1.2 core schema (`3` int, `0.5`/`1e-3`
    /// double, `true` bool, `null`/`~`/empty null; `yes`/`no`/`on`/`off` stay strings), quoted
    /// scalars are always strings. Errors name `file` and the line.
    public static func parseYAML(_ text: String, file: String) throws -> ConfigValue {
        try YAMLReader(file: file).read(text).value
    }

    /// A command-line value (`--set training.lr=0.002`) read as a YAML scalar: `3` int, `0.5` or
    /// `1e-3` double, `true` bool, `[1, 2]` list, `{a: 1}` mapping, anything else the text itself.
    public static func parseScalar(_ text: String) -> ConfigValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = try? parseYAML(text, file: "--set") else { return .string(text) }
        switch value {
        case .object where !trimmed.hasPrefix("{"): return .string(text)
        case .array where !trimmed.hasPrefix("["): return .string(text)
        case .null where !["", "~", "null", "Null", "NULL"].contains(trimmed): return .string(text)
        default: return value
        }
    }

    /// Resolves a plain (unquoted, untagged) YAML scalar by the YAML 1.2 core schema, with `_`
    /// allowed between digits of integers (`100_000`).
    static func resolvePlainScalar(_ text: String) -> ConfigValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        if let number = parseInteger(text) { return .int(number) }
        if isFloatLiteral(text), let number = Double(text) { return .double(number) }
        return .string(text)
    }

    static func parseInteger(_ text: String) -> Int? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        var radix = 10
        if body.hasPrefix("0x") { radix = 16; body = body.dropFirst(2) }
        else if body.hasPrefix("0o") { radix = 8; body = body.dropFirst(2) }
        guard let first = body.first, first != "_", body.last != "_", !body.contains("__") else { return nil }
        let digits = radix == 10 ? body.replacingOccurrences(of: "_", with: "") : String(body)
        guard let magnitude = Int(negative ? "-" + digits : digits, radix: radix) else { return nil }
        return magnitude
    }

    /// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
    static func isFloatLiteral(_ text: String) -> Bool {
        var chars = Array(text.utf8)[...]
        func digits() -> Int {
            var count = 0
            while let c = chars.first, c >= 48, c <= 57 { chars = chars.dropFirst(); count += 1 }
            return count
        }
        if let c = chars.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { chars = chars.dropFirst() }
        let integerDigits = digits()
        var fractionDigits = 0
        if chars.first == UInt8(ascii: ".") {
            chars = chars.dropFirst()
            fractionDigits = digits()
        }
        guard integerDigits > 0 || fractionDigits > 0 else { return false }
        if let c = chars.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            chars = chars.dropFirst()
            if let s = chars.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { chars = chars.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return chars.isEmpty
    }
}

/// Turns Yams nodes into `ConfigValue`s, remembering the line of every key so later errors can
/// point at it.
struct YAMLReader {
    let file: String

    /// Yams resolves tags of plain scalars with its YAML 1.1 rules (`010` is octal, `on` is true);
    /// tagging them all with a private name lets us apply the 1.2 core schema ourselves.
    static let plainTag = "tag:paperrepro,2024:plain"

    struct Result {
        var value: ConfigValue
        /// Line of each dotted key path (`training.lr`), 1-based.
        var lines: [String: Int]
        /// Keys of each mapping in file order, by dotted path of the mapping ("" for the root).
        var keyOrder: [String: [String]]
    }

    func read(_ text: String) throws -> Result {
        let root: Node?
        do {
            let resolver = Resolver.basic.appending(try Resolver.Rule(Tag.Name(rawValue: YAMLReader.plainTag), "^"))
            root = try Yams.compose(yaml: text, resolver)
        } catch let error as YamlError {
            throw translate(error)
        }
        var result = Result(value: .null, lines: [:], keyOrder: [:])
        guard let root else { return result }
        result.value = try convert(root, path: "", into: &result)
        return result
    }

    private func convert(_ node: Node, path: String, into result: inout Result) throws -> ConfigValue {
        let line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            let tag = node.tag.description
            switch tag {
            case YAMLReader.plainTag:
                return ConfigValue.resolvePlainScalar(scalar.string)
            case Tag.Name.str.rawValue:
                return .string(scalar.string)
            case Tag.Name.int.rawValue:
                if let number = ConfigValue.parseInteger(scalar.string) { return .int(number) }
            case Tag.Name.float.rawValue:
                switch ConfigValue.resolvePlainScalar(scalar.string) {
                case .int(let number): return .double(Double(number))
                case .double(let number): return .double(number)
                default: break
                }
            case Tag.Name.bool.rawValue:
                if case .bool(let flag) = ConfigValue.resolvePlainScalar(scalar.string) { return .bool(flag) }
            case Tag.Name.null.rawValue:
                return .null
            default:
                throw ConfigurationError.syntax(file: file, line: line,
                                                message: "unsupported YAML tag '\(tag)' at \(path.isEmpty ? "top level" : path)")
            }
            throw ConfigurationError.syntax(file: file, line: line,
                                            message: "'\(scalar.string)' is not a valid value for tag '\(tag)'")
        case .sequence(let sequence):
            var elements: [ConfigValue] = []
            for (index, element) in sequence.enumerated() {
                let elementPath = joinConfigPath(path, "[\(index)]")
                if let line = element.mark?.line { result.lines[elementPath] = line }
                elements.append(try convert(element, path: elementPath, into: &result))
            }
            return .array(elements)
        case .mapping(let mapping):
            var members: [String: ConfigValue] = [:]
            var order: [String] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ConfigurationError.syntax(file: file, line: keyNode.mark?.line,
                                                    message: "mapping keys must be plain words, not lists or mappings")
                }
                let key = keyScalar.string
                let keyPath = joinConfigPath(path, key)
                if members[key] != nil {
                    throw ConfigurationError.syntax(file: file, line: keyNode.mark?.line,
                                                    message: "duplicate key '\(keyPath)'")
                }
                if let line = keyNode.mark?.line { result.lines[keyPath] = line }
                members[key] = try convert(valueNode, path: keyPath, into: &result)
                order.append(key)
            }
            result.keyOrder[path] = order
            return .object(members)
        }
    }

    private func translate(_ error: YamlError) -> ConfigurationError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return .syntax(file: file, line: mark.line, message: "invalid YAML: \(detail)")
        default:
            return .syntax(file: file, line: nil, message: "invalid YAML: \(error)")
        }
    }
}
