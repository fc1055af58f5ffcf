import Configuration
import Digest
import Foundation

/// The named parts a job's cache key is the SHA-256 of. Kept with every result so `status` can say
/// which part changed and how.
public struct KeyParts: Codable, Sendable, Equatable {
    /// Bumped when the key scheme itself changes.
    public var format: Int
    public var experiment: String
    public var job: String
    /// The job's parameters, canonically encoded (sorted keys, exact floats).
    public var parameters: ConfigValue
    /// Decimal, since seeds may exceed the range of a JSON integer.
    public var seed: String
    /// `Module/File` → hash of the compiled source (comments and whitespace removed).
    public var code: [String: String]
    /// Project-relative input path → SHA-256 of its contents.
    public var inputs: [String: String]
    /// Results computed by a different compiler are not assumed to be bit-identical.
    public var toolchain: String

    public static let currentFormat = 1

    /// The cache key: SHA-256 of the canonical JSON of all parts.
    public func key() throws -> String {
        SHA256Digest.hash(try canonicalJSON(self)).hex
    }

    /// Human-readable reasons why `self` (the parts now) differs from `old` (the last computed parts),
    /// e.g. `config: training.lr 0.001 → 0.002`, `code: PLRNN`, `input: lorenz63.h5`.
    public func changes(since old: KeyParts) -> [String] {
        var reasons: [String] = []
        if format != old.format { reasons.append("key format: \(old.format) → \(format)") }
        for change in configDifferences(from: old.parameters, to: parameters) {
            reasons.append("config: \(change.description)")
        }
        if seed != old.seed { reasons.append("seed: \(old.seed) → \(seed)") }
        let changedCode = Set(code.keys).union(old.code.keys).filter { code[$0] != old.code[$0] }.sorted()
        if !changedCode.isEmpty {
            reasons.append("code: " + changedCode.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: ", "))
        }
        let changedInputs = Set(inputs.keys).union(old.inputs.keys).filter { inputs[$0] != old.inputs[$0] }.sorted()
        for input in changedInputs {
            reasons.append("input: \((input as NSString).lastPathComponent)")
        }
        if toolchain != old.toolchain { reasons.append("toolchain: \(old.toolchain) → \(toolchain)") }
        return reasons
    }
}

/// A description of the compiler, part of every key.
public let toolchainDescription: String = {
    #if compiler(>=6.4)
    let swift = "swift>=6.4"
    #elseif compiler(>=6.3)
    let swift = "swift-6.3"
    #elseif compiler(>=6.2)
    let swift = "swift-6.2"
    #else
    let swift = "swift<6.2"
    #endif
    #if arch(x86_64)
    let arch = "x86_64"
    #elseif arch(arm64)
    let arch = "arm64"
    #else
    let arch = "other"
    #endif
    // Swift never reassociates floating-point arithmetic (no fast-math), so debug and release
    // builds of the same source compute the same bits and share results.
    return "\(swift) \(arch)"
}()

/// Content hashes of input files, memoised per run.
public struct InputHasher {
    private var memo: [String: String] = [:]
    public init() {}

    public mutating func hash(_ path: String, in project: Project) throws -> String {
        if let known = memo[path] { return known }
        let url = try project.resolveInput(path)
        let digest = try SHA256Digest.hash(fileAt: url).hex
        memo[path] = digest
        return digest
    }
}
