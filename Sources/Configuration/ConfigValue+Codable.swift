/// Encodes as the natural JSON/YAML value, so a `ConfigValue` field (free-form settings) can sit
/// inside any Codable type. `ConfigValueEncoder` and `ConfigDecoder` pass it through unchanged.
extension ConfigValue: Codable {
    public init(from decoder: Decoder) throws {
        if let passthrough = decoder as? ConfigValueDecoding {
            self = passthrough.currentValue
            passthrough.markAllAccessed()
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .int(number)
        } else if let number = try? container.decode(Double.self) {
            self = .double(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([ConfigValue].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: ConfigValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        if let passthrough = encoder as? ConfigValueEncoding {
            passthrough.store(self)
            return
        }
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .int(let number): try container.encode(number)
        case .double(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members)
        }
    }
}

/// Implemented by this module's decoder so `ConfigValue` fields are taken as they are.
protocol ConfigValueDecoding {
    var currentValue: ConfigValue { get }
    func markAllAccessed()
}

/// Implemented by this module's encoder so `ConfigValue` fields are stored as they are.
protocol ConfigValueEncoding {
    func store(_ value: ConfigValue)
}
