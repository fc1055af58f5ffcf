/// One difference between two configurations, for explaining why a result is out of date.
public struct ConfigChange: Hashable, Sendable, CustomStringConvertible {
    /// Dotted path with array indices, e.g. `training.lr`, `seeds[3]`; empty for the whole value.
    public var path: String
    /// nil when the key was added.
    public var old: ConfigValue?
    /// nil when the key was removed.
    public var new: ConfigValue?

    public init(path: String, old: ConfigValue?, new: ConfigValue?) {
        self.path = path
        self.old = old
        self.new = new
    }

    /// `training.lr 0.001 → 0.002`, `seeds[3] added (7)`, `model removed (was coRNN)`.
    public var description: String {
        let name = path.isEmpty ? "value" : path
        switch (old, new) {
        case (let old?, let new?): return "\(name) \(old.displayText(limit: 60)) → \(new.displayText(limit: 60))"
        case (nil, let new?): return "\(name) added (\(new.displayText(limit: 60)))"
        case (let old?, nil): return "\(name) removed (was \(old.displayText(limit: 60)))"
        case (nil, nil): return "\(name) unchanged"
        }
    }
}

/// Every leaf-level difference from `old` to `new`, in path order. Integers and doubles differ
/// even when numerically equal (`1` → `1.0`), because their canonical encodings differ.
public func configDifferences(from old: ConfigValue, to new: ConfigValue) -> [ConfigChange] {
    var changes: [ConfigChange] = []
    collectDifferences(old, new, path: "", into: &changes)
    return changes
}

private func collectDifferences(_ old: ConfigValue, _ new: ConfigValue, path: String, into changes: inout [ConfigChange]) {
    switch (old, new) {
    case (.object(let a), .object(let b)):
        for key in Set(a.keys).union(b.keys).sorted(by: scalarOrder) {
            let keyPath = joinConfigPath(path, key)
            switch (a[key], b[key]) {
            case (let x?, let y?): collectDifferences(x, y, path: keyPath, into: &changes)
            case (let x?, nil): changes.append(ConfigChange(path: keyPath, old: x, new: nil))
            case (nil, let y?): changes.append(ConfigChange(path: keyPath, old: nil, new: y))
            case (nil, nil): break
            }
        }
    case (.array(let a), .array(let b)):
        for index in 0..<max(a.count, b.count) {
            let indexPath = joinConfigPath(path, "[\(index)]")
            if index >= a.count {
                changes.append(ConfigChange(path: indexPath, old: nil, new: b[index]))
            } else if index >= b.count {
                changes.append(ConfigChange(path: indexPath, old: a[index], new: nil))
            } else {
                collectDifferences(a[index], b[index], path: indexPath, into: &changes)
            }
        }
    default:
        if old.canonicalJSON != new.canonicalJSON {
            changes.append(ConfigChange(path: path, old: old, new: new))
        }
    }
}
