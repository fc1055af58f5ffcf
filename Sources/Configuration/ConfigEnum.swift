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
        if let index = intValue,
           stringValue == "[\(index)]" || stringValue == "Index \(index)" || stringValue == "\(index)" {
            return .index(index)
        }
        return .key(stringValue)
    }
}
