import Foundation

/// Encodes any `Encodable` into a `ConfigValue` tree without going through JSON text, so the
/// int/double distinction survives (JSONEncoder→JSONSerialization would turn `1.0` into `1`).
///
/// Integers wider than `Int` that do not fit (large `UInt64` seeds) become decimal strings;
/// `Float` becomes the `Double` of its shortest text (`Float(0.1)` → `0.1`).
public struct ConfigValueEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> ConfigValue {
        let slot = EncodingSlot()
        try slot.encode(value, codingPath: [])
        return slot.value
    }
}

/// A place in the tree under construction; containers hand out child slots and read them back
/// when the value is assembled.
final class EncodingSlot {
    enum Content {
        case empty
        case single(ConfigValue)
        case keyed([String: EncodingSlot])
        case unkeyed([EncodingSlot])
    }

    var content: Content = .empty

    var value: ConfigValue {
        switch content {
        case .empty: return .object([:])
        case .single(let value): return value
        case .keyed(let members): return .object(members.mapValues(\.value))
        case .unkeyed(let elements): return .array(elements.map(\.value))
        }
    }

    func encode<T: Encodable>(_ value: T, codingPath: [CodingKey]) throws {
        if let primitive = primitiveValue(value) {
            content = .single(primitive)
        } else {
            try value.encode(to: SlotEncoder(slot: self, codingPath: codingPath))
        }
    }

    func keyedMembers() -> [String: EncodingSlot] {
        if case .keyed(let members) = content { return members }
        content = .keyed([:])
        return [:]
    }

    func child(forKey key: String) -> EncodingSlot {
        var members = keyedMembers()
        if let existing = members[key] { return existing }
        let slot = EncodingSlot()
        members[key] = slot
        content = .keyed(members)
        return slot
    }

    func appendChild() -> EncodingSlot {
        var elements: [EncodingSlot] = []
        if case .unkeyed(let existing) = content { elements = existing }
        let slot = EncodingSlot()
        elements.append(slot)
        content = .unkeyed(elements)
        return slot
    }

    var unkeyedCount: Int {
        if case .unkeyed(let elements) = content { return elements.count }
        return 0
    }
}

private func primitiveValue(_ value: Any) -> ConfigValue? {
    switch value {
    case let value as ConfigValue: return value
    case let value as Bool: return .bool(value)
    case let value as String: return .string(value)
    case let value as Double: return .double(value)
    case let value as Float: return .double(Double(value.description) ?? Double(value))
    case let value as Int: return .int(value)
    case let value as Int8: return .int(Int(value))
    case let value as Int16: return .int(Int(value))
    case let value as Int32: return .int(Int(value))
    case let value as Int64: return .int(Int(value))
    case let value as UInt8: return .int(Int(value))
    case let value as UInt16: return .int(Int(value))
    case let value as UInt32: return .int(Int(value))
    case let value as UInt: return Int(exactly: value).map(ConfigValue.int) ?? .string(String(value))
    case let value as UInt64: return Int(exactly: value).map(ConfigValue.int) ?? .string(String(value))
    case let value as URL: return .string(value.absoluteString)
    default: return nil
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "[\(index)]" }
    var intValue: Int? { index }
    let index: Int
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.index = intValue }
}

private struct SlotEncoder: Encoder, ConfigValueEncoding {
    let slot: EncodingSlot
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func store(_ value: ConfigValue) { slot.content = .single(value) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        _ = slot.keyedMembers()
        return KeyedEncodingContainer(KeyedSlotContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .unkeyed = slot.content {} else { slot.content = .unkeyed([]) }
        return UnkeyedSlotContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        SingleSlotContainer(slot: slot, codingPath: codingPath)
    }
}

private struct KeyedSlotContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: EncodingSlot
    let codingPath: [CodingKey]

    mutating func encodeNil(forKey key: Key) throws { slot.child(forKey: key.stringValue).content = .single(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try slot.child(forKey: key.stringValue).encode(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                       forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = slot.child(forKey: key.stringValue)
        return SlotEncoder(slot: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        SlotEncoder(slot: slot.child(forKey: key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder {
        SlotEncoder(slot: slot.child(forKey: "super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> Encoder {
        SlotEncoder(slot: slot.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedSlotContainer: UnkeyedEncodingContainer {
    let slot: EncodingSlot
    let codingPath: [CodingKey]
    var count: Int { slot.unkeyedCount }

    mutating func encodeNil() throws { slot.appendChild().content = .single(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = IndexKey(count)
        try slot.appendChild().encode(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = IndexKey(count)
        return SlotEncoder(slot: slot.appendChild(), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let key = IndexKey(count)
        return SlotEncoder(slot: slot.appendChild(), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder {
        let key = IndexKey(count)
        return SlotEncoder(slot: slot.appendChild(), codingPath: codingPath + [key])
    }
}

private struct SingleSlotContainer: SingleValueEncodingContainer {
    let slot: EncodingSlot
    let codingPath: [CodingKey]

    mutating func encodeNil() throws { slot.content = .single(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try slot.encode(value, codingPath: codingPath)
    }
}
