/// A problem with a configuration, phrased so the user can fix the YAML file: which file, which
/// dotted key, what was found and what is allowed.
///
/// `validate()` methods throw these without knowing the file; the loader adds the file name and
/// the key prefix (`error.inFile("experiments/x.yaml", keyPrefix: "config")`).
public struct ConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the problem is in, as shown to the user (e.g. `experiments/cornn-fig6.yaml`).
    public var file: String?
    /// The line in `file`, when known.
    public var line: Int?
    /// Full dotted key, e.g. `config.training.lr`; empty when the problem is about the whole file.
    public var key: String
    /// What is wrong and what is allowed.
    public var message: String

    public init(file: String? = nil, line: Int? = nil, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `experiments/cornn-fig6.yaml:7: config.training.lr: 0.0 is out of range; allowed: 0 < lr ≤ 1`
    public var description: String {
        var parts: [String] = []
        if let file { parts.append(line.map { "\(file):\($0)" } ?? file) }
        if !key.isEmpty { parts.append(key) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    /// The same error located in `file` (unless it already names one), with `keyPrefix` put in
    /// front of its key.
    public func inFile(_ file: String, keyPrefix: String = "", line: Int? = nil) -> ConfigurationError {
        var copy = self
        if copy.file == nil { copy.file = file }
        if copy.line == nil { copy.line = line }
        copy.key = joinConfigPath(keyPrefix, key)
        return copy
    }
}

extension ConfigurationError {
    /// A value outside a fixed set, e.g. an optimizer name.
    public static func invalidValue(file: String? = nil, key: String, value: String, allowed: [String]) -> Self {
        Self(file: file, key: key, message: "\(value) is not allowed; allowed: \(allowed.joined(separator: ", "))")
    }

    /// A number outside its range; `range` reads like `0 < lr ≤ 1`.
    public static func outOfRange(file: String? = nil, key: String, value: String, range: String) -> Self {
        Self(file: file, key: key, message: "\(value) is out of range; allowed: \(range)")
    }

    /// A key the configuration type does not know (usually a typo).
    public static func unknownKey(file: String? = nil, key: String, allowed: [String]) -> Self {
        let lastKey = key.split(separator: ".").last.map(String.init) ?? key
        var message = "unknown key; allowed keys here: "
            + (allowed.isEmpty ? "(none)" : allowed.sorted().joined(separator: ", "))
        if let guess = closestMatch(to: lastKey, among: allowed) { message += " (did you mean '\(guess)'?)" }
        return Self(file: file, key: key, message: message)
    }

    /// A value of the wrong kind, e.g. a string where a number belongs.
    public static func typeMismatch(file: String? = nil, key: String, found: String, expected: String) -> Self {
        Self(file: file, key: key, message: "expected \(expected), found \(found)")
    }

    /// A required key that is absent.
    public static func missingKey(file: String? = nil, key: String, expected: String? = nil) -> Self {
        Self(file: file, key: key, message: "missing required key" + (expected.map { " (\($0))" } ?? ""))
    }

    /// The file is not valid YAML (or uses YAML this project does not accept).
    public static func syntax(file: String?, line: Int?, message: String) -> Self {
        Self(file: file, line: line, key: "", message: message)
    }
}

/// Throws `ConfigurationError.outOfRange` unless `condition` holds; for `validate()` methods:
///
///     try require(lr > 0 && lr <= 1, key: "training.lr", value: lr, allowed: "0 < lr ≤ 1")
public func require(_ condition: Bool, key: String, value: CustomStringConvertible, allowed: String) throws {
    if !condition { throw ConfigurationError.outOfRange(key: key, value: value.description, range: allowed) }
}

/// The candidate at edit distance ≤ 2 (and less than the word's length) from `word`, if exactly
/// one is closest.
func closestMatch(to word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word, $0)) }
    guard let best = scored.map(\.1).min(), best <= 2, best < word.count else { return nil }
    let winners = scored.filter { $0.1 == best }
    return winners.count == 1 ? winners[0].0 : nil
}

func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    var previous = Array(0...y.count)
    for i in 1...x.count {
        var current = [i] + Array(repeating: 0, count: y.count)
        for j in stride(from: 1, through: y.count, by: 1) {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[y.count]
}
