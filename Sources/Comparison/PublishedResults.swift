import Configuration
import Engine
import Foundation

/// The numbers one paper printed (or that we recomputed from the authors' released result files),
/// as transcribed into `paper-results/<file>.yaml`.
public struct PublishedPaper: Codable, Sendable {
    /// Citation, e.g. "Rusch & Mishra, coRNN, ICLR 2021".
    public var paper: String
    /// Where the values were transcribed from (e.g. `../shared/PROTOCOLS.md`, §1 P3).
    public var transcribedFrom: String
    public var values: [PublishedValue]

    public init(paper: String, transcribedFrom: String, values: [PublishedValue]) {
        self.paper = paper
        self.transcribedFrom = transcribedFrom
        self.values = values
    }

    enum CodingKeys: String, CodingKey {
        case paper, transcribedFrom = "transcribed_from", values
    }
}

/// One published value with its source and meaning.
public struct PublishedValue: Codable, Sendable, Equatable {
    /// Unique within the file; measurements refer to it as `<file>/<id>`.
    public var id: String
    /// Table or figure, row and column (or panel and point) the value comes from.
    public var source: String
    /// What the number is.
    public var meaning: String
    /// `paper` (printed), `data` (recomputed from released result files), `code` (read from the
    /// released code) or `claim` (a qualitative statement of the text).
    public var origin: String
    public var value: Double?
    /// For curves: x and y.
    public var x: [Double]?
    public var y: [Double]?
    /// For qualitative claims: the statement the paper makes.
    public var claim: String?
    public var unit: String?
    public var sd: Double?
    public var sem: Double?
    public var n: Int?
    public var note: String?

    public init(id: String, source: String, meaning: String, origin: String, value: Double? = nil,
                x: [Double]? = nil, y: [Double]? = nil, claim: String? = nil, unit: String? = nil,
                sd: Double? = nil, sem: Double? = nil, n: Int? = nil, note: String? = nil) {
        self.id = id
        self.source = source
        self.meaning = meaning
        self.origin = origin
        self.value = value
        self.x = x
        self.y = y
        self.claim = claim
        self.unit = unit
        self.sd = sd
        self.sem = sem
        self.n = n
        self.note = note
    }

    /// The value as a reference for comparisons.
    public var observed: Observed? {
        let spread = (sd != nil || sem != nil || n != nil) ? Uncertainty(sd: sd, sem: sem, n: n) : nil
        if let value { return Observed(.scalar(value), uncertainty: spread) }
        if let x, let y, x.count == y.count { return Observed(.curve(x: x, y: y), uncertainty: spread) }
        if claim != nil { return Observed(.claim(true)) }
        return nil
    }
}

/// Every paper file in `paper-results/`, indexed by `<file>/<id>`.
public struct PublishedResults: Sendable {
    public var papers: [String: PublishedPaper]

    public init(papers: [String: PublishedPaper]) { self.papers = papers }

    /// Reads every `*.yaml` directly inside `directory` (the archive folder is not a paper file).
    public static func load(from directory: URL) throws -> PublishedResults {
        var papers: [String: PublishedPaper] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".yaml") {
            let url = directory.appendingPathComponent(name)
            let display = "paper-results/\(name)"
            let tree = try ConfigValue.parseYAML(try String(contentsOf: url, encoding: .utf8), file: display)
            let paper = try ConfigDecoder().decode(PublishedPaper.self, from: tree, file: display, keyPrefix: "")
            var seen = Set<String>()
            for value in paper.values where !seen.insert(value.id).inserted {
                throw EngineError.message("\(display): two values with id '\(value.id)'")
            }
            papers[String(name.dropLast(5))] = paper
        }
        return PublishedResults(papers: papers)
    }

    /// The value `<file>/<id>`.
    public func value(_ reference: String) -> (paper: PublishedPaper, value: PublishedValue)? {
        guard let slash = reference.firstIndex(of: "/") else { return nil }
        let file = String(reference[..<slash]), id = String(reference[reference.index(after: slash)...])
        guard let paper = papers[file], let value = paper.values.first(where: { $0.id == id }) else { return nil }
        return (paper, value)
    }

    /// Every value, as `<file>/<id>`, in file order.
    public var allReferences: [String] {
        papers.keys.sorted().flatMap { file in papers[file]!.values.map { "\(file)/\($0.id)" } }
    }
}
