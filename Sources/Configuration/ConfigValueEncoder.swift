/// Encodes any `Encodable` into a `ConfigValue` tree without going through JSON text, so the
/// int/double distinction survives (JSONEncoder→JSONSerialization would turn `1.0` into `1`).
public struct ConfigValueEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> ConfigValue {
        fatalError("not yet implemented")
    }
}
