/// Decodes typed configurations from `ConfigValue` trees with errors a user can act on: each
/// names the file, the full dotted key, what was found and what is expected, and keys in the YAML
/// that the type never asks for are rejected as (probable) typos.
///
/// Numbers convert where nothing is lost: YAML `1` decodes into a `Double`, `2.0` into an `Int`,
/// but `2.5` into an `Int` is an error. A `null` or empty section decodes like an empty mapping,
/// so a type whose fields all have defaults accepts `training:` with nothing under it.
public struct ConfigDecoder {
    /// Whether keys the type never asks for are errors (on for user YAML).
    public var rejectsUnknownKeys: Bool
    /// Whether the strings `"nan"`, `"inf"`, `"-inf"` decode as doubles, as `canonicalJSON` writes them.
    public var acceptsCanonicalNonFinite: Bool

    public init(rejectsUnknownKeys: Bool = true, acceptsCanonicalNonFinite: Bool = false) {
        self.rejectsUnknownKeys = rejectsUnknownKeys
        self.acceptsCanonicalNonFinite = acceptsCanonicalNonFinite
    }

    /// Decodes a value from its `canonicalJSON` text (e.g. job parameters handed to a worker):
    /// doubles stay exact, large `UInt64`s and non-finite doubles come back from their string forms.
    public static func decodeCanonicalJSON<T: Decodable>(_ type: T.Type, from json: String) throws -> T {
        let value = try ConfigValue.parseYAML(json, file: "canonical JSON")
        return try ConfigDecoder(rejectsUnknownKeys: false, acceptsCanonicalNonFinite: true)
            .decode(type, from: value, file: "canonical JSON")
    }

    /// Decodes `type` from `value`; errors name `file` and keys start with `keyPrefix`
    /// (e.g. `config`).
    public func decode<T: Decodable>(_ type: T.Type, from value: ConfigValue, file: String,
                                     keyPrefix: String = "") throws -> T {
        let log = DecodingLog()
        log.acceptsCanonicalNonFinite = acceptsCanonicalNonFinite
        do {
            let result = try T(from: ValueDecoder(value: value, codingPath: [], log: log))
            if rejectsUnknownKeys { try log.checkUnknownKeys(in: value, path: "") }
            return result
        } catch let error as ConfigurationError {
            throw error.inFile(file, keyPrefix: keyPrefix)
        } catch let error as DecodingError {
            throw ConfigurationError(decodingError: error).inFile(file, keyPrefix: keyPrefix)
        } catch {
            throw ConfigurationError(key: "", message: "\(error)").inFile(file, keyPrefix: keyPrefix)
        }
    }
}

extension ConfigurationError {
    /// Turns errors thrown by hand-written `init(from:)` implementations into configuration errors.
    init(decodingError: DecodingError) {
        func key(_ path: [CodingKey]) -> String { ConfigPathComponent.join(path.map(\.pathComponent)) }
        switch decodingError {
        case .typeMismatch(let type, let context):
            self.init(key: key(context.codingPath), message: "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            self.init(key: key(context.codingPath), message: "missing value (\(type)): \(context.debugDescription)")
        case .keyNotFound(let codingKey, let context):
            self = .missingKey(key: key(context.codingPath + [codingKey]))
        case .dataCorrupted(let context):
            self.init(key: key(context.codingPath), message: context.debugDescription)
        @unknown default:
            self.init(key: "", message: "\(decodingError)")
        }
    }
}

/// Which keys each mapping was asked for, to find keys the type never read.
final class DecodingLog {
    /// Dotted paths of mappings opened as keyed containers, with the keys asked for in each.
    var askedKeys: [String: Set<String>] = [:]
    /// Paths taken whole (free-form `ConfigValue` fields); nothing beneath them is checked.
    var takenWhole: Set<String> = []
    var acceptsCanonicalNonFinite = false

    func opened(_ path: String) {
        if askedKeys[path] == nil { askedKeys[path] = [] }
    }

    func asked(_ key: String, in path: String) {
        askedKeys[path, default: []].insert(key)
    }

    func checkUnknownKeys(in value: ConfigValue, path: String) throws {
        if takenWhole.contains(path) { return }
        switch value {
        case .object(let members):
            if let asked = askedKeys[path] {
                if let unknown = members.keys.filter({ !asked.contains($0) }).sorted(by: scalarOrder).first {
                    throw ConfigurationError.unknownKey(key: joinConfigPath(path, unknown), allowed: Array(asked))
                }
            }
            for key in members.keys.sorted(by: scalarOrder) {
                try checkUnknownKeys(in: members[key]!, path: joinConfigPath(path, key))
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                try checkUnknownKeys(in: element, path: joinConfigPath(path, "[\(index)]"))
            }
        default:
            break
        }
    }
}

struct IndexCodingKey: CodingKey {
    let index: Int
    var stringValue: String { "[\(index)]" }
    var intValue: Int? { index }
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.index = intValue }
}

extension ConfigValue {
    /// The value for messages: strings quoted, with its kind (`'fast' (a string)`).
    var foundDescription: String {
        let text: String
        if case .string(let string) = self { text = "'\(string)'" } else { text = displayText(limit: 40) }
        return "\(text) (\(kindWithArticle))"
    }

    var kindWithArticle: String {
        switch self {
        case .null: return "null"
        case .int: return "an integer"
        default: return "a " + kindName
        }
    }
}

struct ValueDecoder: Decoder, ConfigValueDecoding {
    let value: ConfigValue
    let codingPath: [CodingKey]
    let log: DecodingLog
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var path: String { ConfigPathComponent.join(codingPath.map(\.pathComponent)) }
    var currentValue: ConfigValue { value }
    func markAllAccessed() { log.takenWhole.insert(path) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let members: [String: ConfigValue]
        switch value {
        case .object(let object): members = object
        case .null: members = [:]
        default: throw ConfigurationError.typeMismatch(key: path, found: value.foundDescription, expected: "a mapping")
        }
        log.opened(path)
        return KeyedDecodingContainer(KeyedValueContainer<Key>(members: members, decoder: self))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw ConfigurationError.typeMismatch(key: path, found: value.foundDescription, expected: "a list")
        }
        return UnkeyedValueContainer(elements: elements, decoder: self)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        SingleValueContainer(decoder: self)
    }

    func child(_ value: ConfigValue, key: CodingKey) -> ValueDecoder {
        ValueDecoder(value: value, codingPath: codingPath + [key], log: log)
    }

    func mismatch(_ expected: String) -> ConfigurationError {
        .typeMismatch(key: path, found: value.foundDescription, expected: expected)
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        switch value {
        case .int(let number):
            if let converted = T(exactly: number) { return converted }
            throw ConfigurationError.outOfRange(key: path, value: String(number), range: "\(T.min) … \(T.max) (\(T.self))")
        case .double(let number) where number.isFinite && number == number.rounded():
            if let converted = T(exactly: number) { return converted }
            throw ConfigurationError.outOfRange(key: path, value: number.description, range: "\(T.min) … \(T.max) (\(T.self))")
        case .string(let text) where T.bitWidth >= 64 && !T.isSigned:
            // Seeds above Int.max are written as strings by ConfigValueEncoder.
            if let converted = T(text) { return converted }
            throw mismatch("an integer")
        default:
            throw mismatch("an integer")
        }
    }

    func decodeDouble() throws -> Double {
        if log.acceptsCanonicalNonFinite, case .string(let text) = value {
            switch text {
            case "nan": return .nan
            case "inf": return .infinity
            case "-inf": return -.infinity
            default: break
            }
        }
        guard let number = value.doubleValue else { throw mismatch("a number") }
        return number
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: self)
    }
}

struct KeyedValueContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: ConfigValue]
    let decoder: ValueDecoder

    var codingPath: [CodingKey] { decoder.codingPath }
    var allKeys: [Key] {
        members.keys.sorted(by: scalarOrder).compactMap { Key(stringValue: $0) }
    }

    func contains(_ key: Key) -> Bool {
        decoder.log.asked(key.stringValue, in: decoder.path)
        return members[key.stringValue] != nil
    }

    private func childDecoder(_ key: Key) throws -> ValueDecoder {
        decoder.log.asked(key.stringValue, in: decoder.path)
        guard let value = members[key.stringValue] else {
            let fullKey = joinConfigPath(decoder.path, key.stringValue)
            var error = ConfigurationError.missingKey(key: fullKey)
            let strays = members.keys.filter { $0 != key.stringValue }
            if let guess = closestMatch(to: key.stringValue, among: Array(strays)) {
                error.message += " (found '\(guess)' — misspelled?)"
            }
            throw error
        }
        return decoder.child(value, key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.log.asked(key.stringValue, in: decoder.path)
        return members[key.stringValue].map { $0 == .null } ?? true
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try childDecoder(key).decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        decoder.log.asked(key.stringValue, in: decoder.path)
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try decoder.child(value, key: key).decode(type)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try childDecoder(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try childDecoder(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try childDecoder(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try childDecoder(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try childDecoder(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try childDecoder(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try childDecoder(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try childDecoder(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try childDecoder(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try childDecoder(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try childDecoder(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try childDecoder(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try childDecoder(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try childDecoder(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try childDecoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try childDecoder(key).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> Decoder { try childDecoder(key) }
}

struct UnkeyedValueContainer: UnkeyedDecodingContainer {
    let elements: [ConfigValue]
    let decoder: ValueDecoder
    var currentIndex = 0

    init(elements: [ConfigValue], decoder: ValueDecoder) {
        self.elements = elements
        self.decoder = decoder
    }

    var codingPath: [CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func nextDecoder() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw ConfigurationError(key: decoder.path, message: "expected more than \(elements.count) list elements")
        }
        defer { currentIndex += 1 }
        return decoder.child(elements[currentIndex], key: IndexCodingKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try nextDecoder().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        try nextDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> Decoder { try nextDecoder() }
}

struct SingleValueContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard let flag = decoder.value.boolValue else { throw decoder.mismatch("true or false") }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard let text = decoder.value.stringValue else { throw decoder.mismatch("a string") }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.decodeDouble()) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeInteger(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
}
