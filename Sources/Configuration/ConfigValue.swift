import Foundation

/// A configuration value as written in an experiment's YAML file: the untyped tree that scales and
/// `--set` overrides are merged into before it is decoded into an experiment's typed `Config`.
///
/// Integers and floating-point numbers are kept apart (`1` is not `1.0`) because both the canonical
/// encoding, and therefore every cache key, depend on the distinction.
public enum ConfigValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])
}

extension ConfigValue {
    /// A short name of the value's kind, for error messages ("expected a number, found a string").
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "floating-point number"
        case .string: return "string"
        case .array: return "list"
        case .object: return "mapping"
        }
    }

    /// The members of an object, or nil for any other kind.
    public var objectValue: [String: ConfigValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array, or nil for any other kind.
    public var arrayValue: [ConfigValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var intValue: Int? {
        if case .int(let number) = self { return number }
        return nil
    }

    /// The value as a Double; integers convert, as YAML users write `1` for `1.0`.
    public var doubleValue: Double? {
        switch self {
        case .double(let number): return number
        case .int(let number): return Double(number)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}

extension ConfigValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: ConfigValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, ConfigValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
