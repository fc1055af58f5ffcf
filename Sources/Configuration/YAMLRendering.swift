extension ConfigValue {
    /// Compact one-line YAML-ish text: `0.001`, `[1, 2]`, `{a: 1, b: x}`.
    public var displayText: String { displayText(limit: nil) }

    /// `displayText`, cut to at most `limit` characters with `…`.
    public func displayText(limit: Int?) -> String {
        fatalError("not yet implemented")
    }

    /// Readable block YAML (keys sorted), deterministic; parses back to the same value.
    public func yamlText() -> String {
        fatalError("not yet implemented")
    }
}
