/// Decodes typed configurations from `ConfigValue` trees with errors a user can act on: each
/// names the file, the full dotted key, what was found and what is allowed, and keys in the YAML
/// that the type never asks for are rejected as (probable) typos.
public struct ConfigDecoder {
    public init() {}

    /// Decodes `type` from `value`; errors name `file` and keys start with `keyPrefix`
    /// (e.g. `config`).
    public func decode<T: Decodable>(_ type: T.Type, from value: ConfigValue, file: String,
                                     keyPrefix: String = "") throws -> T {
        fatalError("not yet implemented")
    }
}

/// A string enumeration in a configuration (optimizer, model kind, …). Conforming enums decode
/// with an error that lists the allowed values when the YAML names an unknown case.
public protocol ConfigEnum: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {}

extension ConfigEnum {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw ConfigurationError.invalidValue(
                key: ConfigPathComponent.join(decoder.codingPath.map(\.pathComponent)),
                value: "'\(text)'", allowed: Self.allCases.map(\.rawValue))
        }
        self = value
    }
}

extension CodingKey {
    var pathComponent: ConfigPathComponent {
        if let index = intValue, stringValue.hasPrefix("Index ") || stringValue == "\(index)" { return .index(index) }
        return .key(stringValue)
    }
}
