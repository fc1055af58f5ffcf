import Foundation

/// A quantity an experiment reports so that `repro compare` can check it against an archived run
/// and against the number the paper printed: a scalar, a curve or a qualitative claim, with its
/// spread across runs where known and the rule that decides whether two values agree.
///
/// Experiments produce measurements from their stored results in `quantities(config:results:)`,
/// so the comparison machinery needs no per-experiment code.
public struct Quantity: Codable, Sendable, Equatable {
    /// Stable within the experiment (it names the archived value), e.g. `panel=A/z1-drift`.
    public var name: String
    /// What the number is, in words, e.g. "z1(T) − z1(T/10) of the long time course".
    public var meaning: String
    public var unit: String?
    public var value: QuantityValue
    /// Spread across runs (seeds), if the value is a mean over runs.
    public var uncertainty: Uncertainty?
    public var rule: ComparisonRule
    /// The rule against the published value, if it differs from `rule` (printed numbers are
    /// rounded, so they usually need a looser tolerance than an archived run).
    public var paperRule: ComparisonRule?
    /// Identifier of the published value this corresponds to, `<paper file>/<id>` as in
    /// `paper-results/<paper file>.yaml`, e.g. `rplrnn-iclr2021/fig1a.z1-constant`.
    public var published: String?
    /// Scales at which our value may be held against the published one (published numbers come
    /// from the paper's full protocol; deterministic quantities may list every scale).
    public var paperScales: [String]

    public init(name: String, meaning: String, unit: String? = nil, value: QuantityValue,
                uncertainty: Uncertainty? = nil, rule: ComparisonRule, paperRule: ComparisonRule? = nil,
                published: String? = nil, paperScales: [String] = ["paper"]) {
        self.name = name
        self.meaning = meaning
        self.unit = unit
        self.value = value
        self.uncertainty = uncertainty
        self.rule = rule
        self.paperRule = paperRule
        self.published = published
        self.paperScales = paperScales
    }

    /// A deterministic scalar compared with an absolute/relative tolerance.
    public static func scalar(_ name: String, _ value: Double, meaning: String, unit: String? = nil,
                              absolute: Double = 1e-9, relative: Double = 1e-6, published: String? = nil,
                              paperScales: [String] = ["paper"]) -> Quantity {
        Quantity(name: name, meaning: meaning, unit: unit, value: .scalar(value),
                    rule: .tolerance(absolute: absolute, relative: relative), published: published, paperScales: paperScales)
    }

    /// A curve y(x) compared pointwise within a band |ours − reference| ≤ absolute + relative·|reference|.
    public static func curve(_ name: String, x: [Double], y: [Double], meaning: String, unit: String? = nil,
                             absolute: Double = 1e-9, relative: Double = 1e-6, published: String? = nil,
                             paperScales: [String] = ["paper"]) -> Quantity {
        Quantity(name: name, meaning: meaning, unit: unit, value: .curve(x: x, y: y),
                    rule: .band(absolute: absolute, relative: relative), published: published, paperScales: paperScales)
    }

    /// A qualitative claim evaluated on our results, e.g. "rPLRNN error < PLRNN error at T = 300".
    public static func claim(_ name: String, _ statement: String, holds: Bool, published: String? = nil,
                             paperScales: [String] = ["paper"]) -> Quantity {
        Quantity(name: name, meaning: statement, value: .claim(holds), rule: .predicate,
                    published: published, paperScales: paperScales)
    }
}

/// The value of a measurement.
public enum QuantityValue: Codable, Sendable, Equatable {
    case scalar(Double)
    /// y at each x (x increasing).
    case curve(x: [Double], y: [Double])
    /// Whether a qualitative statement holds.
    case claim(Bool)
}

/// Spread of a value that is a mean over runs: standard deviation, standard error and run count,
/// any of which may be unknown.
public struct Uncertainty: Codable, Sendable, Equatable {
    public var sd: Double?
    public var sem: Double?
    public var n: Int?

    public init(sd: Double? = nil, sem: Double? = nil, n: Int? = nil) {
        self.sd = sd
        self.sem = sem
        self.n = n
    }

    /// The standard error: given, or sd/√n.
    public var standardError: Double? {
        if let sem { return sem }
        if let sd, let n, n > 0 { return sd / Double(n).squareRoot() }
        return nil
    }
}

/// How two values of a measurement are judged to agree.
public enum ComparisonRule: Codable, Sendable, Equatable {
    /// Deterministic scalars: |ours − reference| ≤ absolute + relative·|reference|.
    case tolerance(absolute: Double, relative: Double)
    /// Values with run-to-run spread: |ours − reference| ≤ k·√(SE_ours² + SE_reference²).
    case standardErrors(k: Double)
    /// Values with run-to-run spread: Welch's two-sample t-test on (mean, sd, n); differs if p < alpha.
    case welch(alpha: Double)
    /// Curves: pointwise |ours(x) − reference(x)| ≤ absolute + relative·|reference(x)| at every x.
    case band(absolute: Double, relative: Double)
    /// Claims: ours must hold (against the paper), or equal the archived outcome.
    case predicate

    /// Short text for tables, e.g. `±(1e-09 + 1e-06·|ref|)`.
    public var summary: String {
        switch self {
        case .tolerance(let a, let r): return "±(\(compact(a)) + \(compact(r))·|ref|)"
        case .standardErrors(let k): return "\(compact(k))·SE"
        case .welch(let alpha): return "Welch p ≥ \(compact(alpha))"
        case .band(let a, let r): return "band ±(\(compact(a)) + \(compact(r))·|ref|)"
        case .predicate: return "claim holds"
        }
    }
}

func compact(_ value: Double) -> String { String(format: "%g", value) }

extension Experiment {
    public static func quantities(config: Config, results: ResultSet) throws -> [Quantity] { [] }
}

extension ExperimentDescriptor {
    /// The experiment's measurements, read from stored results.
    public func quantities(config: LoadedConfig, results: ResultSet) throws -> [Quantity] {
        try measure(config.typed, results)
    }
}
