/// One step of a dotted configuration path: `training.lr` is two keys, `seeds[2]` a key then an index.
public enum ConfigPathComponent: Hashable, Sendable, CustomStringConvertible {
    case key(String)
    case index(Int)

    public var description: String {
        switch self {
        case .key(let key): return key
        case .index(let index): return "[\(index)]"
        }
    }

    /// Splits `a.b[2].c` into `a`, `b`, `[2]`, `c`. Text that is not a valid index stays part of a key.
    public static func parse(_ path: String) -> [ConfigPathComponent] {
        var components: [ConfigPathComponent] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            var key = ""
            var indices: [Int] = []
            while let open = rest.firstIndex(of: "[") {
                guard let close = rest[open...].firstIndex(of: "]"),
                      let index = Int(rest[rest.index(after: open)..<close]), index >= 0
                else { break }
                if indices.isEmpty { key += rest[..<open] } else if open != rest.startIndex { break }
                indices.append(index)
                rest = rest[rest.index(after: close)...]
            }
            if indices.isEmpty || !rest.isEmpty {
                components.append(.key(String(part)))
                continue
            }
            if !key.isEmpty { components.append(.key(key)) }
            components.append(contentsOf: indices.map(ConfigPathComponent.index))
        }
        return components
    }

    /// Joins components back into `a.b[2].c`.
    public static func join(_ components: [ConfigPathComponent]) -> String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}

/// Joins a dotted prefix and a key path, so `config` + `training.lr` is `config.training.lr` and
/// `seeds` + `[2]` is `seeds[2]`.
public func joinConfigPath(_ prefix: String, _ path: String) -> String {
    if prefix.isEmpty { return path }
    if path.isEmpty { return prefix }
    return path.hasPrefix("[") ? prefix + path : prefix + "." + path
}

extension ConfigValue {
    /// The value at a dotted path (`training.lr`, `seeds[0]`), or nil if any step is missing.
    public subscript(path path: String) -> ConfigValue? {
        value(at: ConfigPathComponent.parse(path))
    }

    public func value(at components: [ConfigPathComponent]) -> ConfigValue? {
        var current = self
        for component in components {
            switch (component, current) {
            case (.key(let key), .object(let members)):
                guard let next = members[key] else { return nil }
                current = next
            case (.index(let index), .array(let elements)):
                guard elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// A copy with the value at `path` replaced, creating intermediate objects as needed (a
    /// non-object in the way is replaced by an object). Array indices must already exist, or be
    /// one past the end to append.
    public func setting(_ path: String, to value: ConfigValue) -> ConfigValue {
        setting(ConfigPathComponent.parse(path)[...], to: value)
    }

    private func setting(_ components: ArraySlice<ConfigPathComponent>, to value: ConfigValue) -> ConfigValue {
        guard let first = components.first else { return value }
        let rest = components.dropFirst()
        switch first {
        case .key(let key):
            var members = objectValue ?? [:]
            members[key] = (members[key] ?? .null).setting(rest, to: value)
            return .object(members)
        case .index(let index):
            var elements = arrayValue ?? []
            if elements.indices.contains(index) {
                elements[index] = elements[index].setting(rest, to: value)
            } else {
                elements.append(ConfigValue.null.setting(rest, to: value))
            }
            return .array(elements)
        }
    }

    /// Deep merge: objects merge key by key (recursively); any other override replaces the value.
    /// This is how `scales.<name>` is laid over `config`.
    public func merged(with override: ConfigValue) -> ConfigValue {
        guard case .object(let base) = self, case .object(let top) = override else { return override }
        var members = base
        for (key, value) in top {
            members[key] = members[key].map { $0.merged(with: value) } ?? value
        }
        return .object(members)
    }
}
