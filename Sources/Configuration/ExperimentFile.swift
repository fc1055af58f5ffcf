import Foundation

/// An experiment's YAML file (`experiments/<id>.yaml`): the base `config`, named `scales` laid
/// over it, the `figure` styling section and an optional `description`.
public struct ExperimentFile: Sendable, Hashable {
    /// The path shown in messages, e.g. `experiments/cornn-fig6.yaml`.
    public var displayPath: String
    public var description: String?
    /// The `config:` section.
    public var base: ConfigValue
    /// The `scales:` section, each an override deep-merged onto `base`.
    public var scales: [String: ConfigValue]
    /// Scale names in file order (usually `smoke, default, paper`).
    public var scaleNames: [String]
    /// The `figure:` section (styling only).
    public var figure: ConfigValue
    /// Line of each dotted key (`config.training.lr`), for error messages.
    public var lines: [String: Int]

    public init(displayPath: String, description: String? = nil, base: ConfigValue,
                scales: [String: ConfigValue], scaleNames: [String]? = nil, figure: ConfigValue = .object([:]),
                lines: [String: Int] = [:]) {
        self.displayPath = displayPath
        self.description = description
        self.base = base
        self.scales = scales
        self.scaleNames = scaleNames ?? scales.keys.sorted()
        self.figure = figure
        self.lines = lines
    }

    /// Reads and checks the file at `url`; `displayPath` is how messages name it.
    public static func load(_ url: URL, displayPath: String) throws -> ExperimentFile {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationError.syntax(file: displayPath, line: nil, message: "cannot read file: \(error.localizedDescription)")
        }
        return try parse(text, displayPath: displayPath)
    }

    /// The top-level sections an experiment file may have.
    public static let sections = ["config", "scales", "figure", "description"]

    /// Parses and checks YAML text. The scale `default` always exists (the plain `config` when the
    /// file does not define it).
    public static func parse(_ text: String, displayPath: String) throws -> ExperimentFile {
        let read = try YAMLReader(file: displayPath).read(text)
        let top: [String: ConfigValue]
        switch read.value {
        case .object(let members): top = members
        case .null: top = [:]
        default:
            throw ConfigurationError.syntax(file: displayPath, line: 1,
                                            message: "expected a mapping with sections \(sections.joined(separator: ", "))")
        }
        for key in (read.keyOrder[""] ?? []) where !sections.contains(key) {
            throw ConfigurationError.unknownKey(file: displayPath, key: key, allowed: sections)
                .located(line: read.lines[key])
        }
        func section(_ name: String) throws -> ConfigValue {
            switch top[name] ?? .null {
            case .null: return .object([:])
            case .object(let members): return .object(members)
            case let other:
                throw ConfigurationError.typeMismatch(file: displayPath, key: name, found: other.foundDescription,
                                                      expected: "a mapping").located(line: read.lines[name])
            }
        }
        var description: String?
        switch top["description"] ?? .null {
        case .null: break
        case .string(let text): description = text
        case let other:
            throw ConfigurationError.typeMismatch(file: displayPath, key: "description", found: other.foundDescription,
                                                  expected: "a string").located(line: read.lines["description"])
        }
        let base = try section("config")
        let figure = try section("figure")
        let scaleSection = try section("scales")
        var scales: [String: ConfigValue] = [:]
        var scaleNames = read.keyOrder["scales"] ?? []
        for name in scaleNames {
            let path = "scales." + name
            switch scaleSection.objectValue?[name] ?? .null {
            case .null: scales[name] = .object([:])
            case .object(let members): scales[name] = .object(members)
            case let other:
                throw ConfigurationError.typeMismatch(file: displayPath, key: path, found: other.foundDescription,
                                                      expected: "a mapping of overrides").located(line: read.lines[path])
            }
        }
        if scales["default"] == nil {
            scaleNames.append("default")
            scales["default"] = .object([:])
        }
        return ExperimentFile(displayPath: displayPath, description: description, base: base, scales: scales,
                              scaleNames: scaleNames, figure: figure, lines: read.lines)
    }

    /// `config` ⊕ `scales[scale]` ⊕ each `--set` override, in order. An unknown scale, or an
    /// override of a key that the resolved configuration does not have, is an error listing
    /// what exists.
    public func resolved(scale: String, overrides: [(path: String, value: ConfigValue)] = []) throws -> ConfigValue {
        guard let scaleOverride = scales[scale] else {
            throw ConfigurationError.invalidValue(file: displayPath, key: "scales", value: "scale '\(scale)'",
                                                  allowed: scaleNames)
        }
        var config = base.merged(with: scaleOverride)
        for override in overrides {
            try checkOverridePath(override.path, in: config)
            config = config.setting(override.path, to: override.value)
        }
        return config
    }

    /// Decodes the resolved configuration at `scale` into `type` and runs `validate` on it;
    /// errors name this file and the section the offending key comes from (`config.…`,
    /// `scales.<scale>.…`, or `--set …`), with its line when known.
    public func decodeConfig<T: Decodable>(_ type: T.Type, scale: String,
                                           overrides: [(path: String, value: ConfigValue)] = [],
                                           validate: (T) throws -> Void = { _ in }) throws -> T {
        let config = try resolved(scale: scale, overrides: overrides)
        do {
            let value = try ConfigDecoder().decode(type, from: config, file: displayPath)
            try validate(value)
            return value
        } catch let error as ConfigurationError {
            throw locate(error, scale: scale, overrides: overrides.map(\.path))
        }
    }

    /// Decodes the `figure:` section (styling).
    public func decodeFigure<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try ConfigDecoder().decode(type, from: figure, file: displayPath)
        } catch let error as ConfigurationError {
            let key = joinConfigPath("figure", error.key)
            throw ConfigurationError(file: displayPath, line: error.line ?? lineOf(key), key: key, message: error.message)
        }
    }

    /// Names the section a config-relative key was set in: the last `--set` that touched it, else
    /// the scale's override, else `config`.
    private func locate(_ error: ConfigurationError, scale: String, overrides: [String]) -> ConfigurationError {
        var located = error
        located.file = displayPath
        let key = error.key
        func touches(_ path: String) -> Bool {
            path == key || key.hasPrefix(path + ".") || key.hasPrefix(path + "[")
                    || path.hasPrefix(key + ".") || path.hasPrefix(key + "[")
        }
        if let override = overrides.last(where: touches) {
            located.key = joinConfigPath("config", key)
            located.message += " (set by --set \(override))"
            return located
        }
        let scalePath = "scales.\(scale)"
        if !key.isEmpty, scales[scale]?[path: key] != nil {
            located.key = joinConfigPath(scalePath, key)
        } else {
            located.key = joinConfigPath("config", key)
        }
        if located.line == nil { located.line = lineOf(located.key) }
        return located
    }

    /// The line of `key` or of its nearest enclosing key that has one.
    private func lineOf(_ key: String) -> Int? {
        var components = ConfigPathComponent.parse(key)
        while !components.isEmpty {
            if let line = lines[ConfigPathComponent.join(components)] { return line }
            components.removeLast()
        }
        return nil
    }

    private func checkOverridePath(_ path: String, in config: ConfigValue) throws {
        var current = config
        var walked: [ConfigPathComponent] = [.key("config")]
        for component in ConfigPathComponent.parse(path) {
            let here = ConfigPathComponent.join(walked)
            switch (component, current) {
            case (.key(let key), .object(let members)):
                guard let next = members[key] else {
                    var error = ConfigurationError.unknownKey(file: displayPath, key: joinConfigPath(here, key),
                                                              allowed: Array(members.keys))
                    error.message = error.message.replacingOccurrences(of: "unknown key;",
                                                                       with: "unknown key in --set \(path);")
                    throw error
                }
                current = next
            case (.index(let index), .array(let elements)):
                guard elements.indices.contains(index) else {
                    throw ConfigurationError(file: displayPath, key: joinConfigPath(here, "[\(index)]"),
                                             message: "--set \(path): index out of range; the list has \(elements.count) elements")
                }
                current = elements[index]
            default:
                throw ConfigurationError(file: displayPath, key: here,
                                         message: "--set \(path): this is \(current.kindWithArticle), not \(component.isIndex ? "a list" : "a mapping")")
            }
            walked.append(component)
        }
    }
}

extension ConfigPathComponent {
    var isIndex: Bool {
        if case .index = self { return true }
        return false
    }
}

extension ConfigurationError {
    func located(line: Int?) -> ConfigurationError {
        var copy = self
        copy.line = copy.line ?? line
        return copy
    }
}
