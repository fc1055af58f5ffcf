/// Everything the static notebook shows: plain values, so the notebook does not depend on the engine.
public struct NotebookSite: Sendable {
    public var title: String
    public var subtitle: String
    /// When the site was generated, as display text.
    public var generatedAt: String
    public var pages: [FigurePage]

    public init(title: String, subtitle: String = "", generatedAt: String, pages: [FigurePage]) {
        self.title = title
        self.subtitle = subtitle
        self.generatedAt = generatedAt
        self.pages = pages
    }
}

/// The state of a figure's results, shown as a coloured badge.
public enum PageStatus: String, Sendable, Hashable, CaseIterable {
    case fresh, stale, failed, needsData, running, notRun

    /// Badge text.
    public var label: String {
        switch self {
        case .fresh: "fresh"
        case .stale: "stale"
        case .failed: "failed"
        case .needsData: "needs data"
        case .running: "running"
        case .notRun: "not run"
        }
    }

    /// Badge background colour.
    public var badgeColor: String {
        switch self {
        case .fresh: "#1a7f37"
        case .stale: "#9a6700"
        case .failed: "#cf222e"
        case .needsData: "#8250df"
        case .running: "#0969da"
        case .notRun: "#6e7781"
        }
    }
}

/// One figure rendered as SVG with a PNG twin; paths are relative to `figures/<id>/`.
public struct PageImage: Sendable, Hashable {
    public var svg: String
    public var png: String
    public var alt: String

    public init(svg: String, png: String, alt: String) {
        self.svg = svg
        self.png = png
        self.alt = alt
    }
}

/// A table shown on a figure page.
public struct PageTable: Sendable, Hashable {
    public var caption: String
    public var header: [String]
    public var rows: [[String]]

    public init(caption: String, header: [String], rows: [[String]]) {
        self.caption = caption
        self.header = header
        self.rows = rows
    }
}

/// A job that failed, with what went wrong.
public struct PageFailure: Sendable, Hashable {
    public var job: String
    public var kind: String
    public var message: String

    public init(job: String, kind: String, message: String) {
        self.job = job
        self.kind = kind
        self.message = message
    }
}

/// One label/value line of a page's provenance list.
public struct ProvenanceItem: Sendable, Hashable {
    public var label: String
    public var value: String

    public init(label: String, value: String) {
        self.label = label
        self.value = value
    }
}

/// A downloadable file (`.h5`, `.gp`, `.dat`, ...); `path` is relative to `figures/<id>/`.
public struct PageFile: Sendable, Hashable {
    public var label: String
    public var path: String

    public init(label: String, path: String) {
        self.label = label
        self.path = path
    }
}

/// One job of the figure's pipeline, for the jobs table.
public struct PageJob: Sendable, Hashable {
    public var name: String
    public var status: String
    public var seconds: Double?
    public var key: String?

    public init(name: String, status: String, seconds: Double? = nil, key: String? = nil) {
        self.name = name
        self.status = status
        self.seconds = seconds
        self.key = key
    }
}

/// The verdict of comparing a figure's results with one reference (the archive, the paper), shown
/// as a badge on the card and the page.
public struct PageVerdict: Sendable, Hashable {
    /// `archive`, `paper`, …
    public var against: String
    /// `agrees`, `differs` or `not comparable`.
    public var verdict: String
    /// How many compared values reached each verdict, e.g. "8 agrees, 40 not comparable", shown
    /// beside the verdict unless empty: a figure whose published numbers are all for another scale
    /// is "not comparable" overall even when every published claim agrees.
    public var tally: String

    public init(against: String, verdict: String, tally: String = "") {
        self.against = against
        self.verdict = verdict
        self.tally = tally
    }

    public var differs: Bool { verdict == "differs" }

    /// Badge background colour.
    public var badgeColor: String {
        switch verdict {
        case "agrees": "#1a7f37"
        case "differs": "#cf222e"
        default: "#6e7781"
        }
    }
}

/// One figure's page, `figures/<id>/index.html`, and its card on the index.
public struct FigurePage: Sendable {
    /// Folder name under `figures/`; must match `[a-z0-9-]+`.
    public var id: String
    public var title: String
    public var paper: String
    /// Which figure or table of the paper, e.g. "Fig. 3b".
    public var item: String
    public var caption: String
    public var status: PageStatus
    /// e.g. "3 of 12 jobs stale: config training.lr 0.001 → 0.002".
    public var statusDetail: String
    public var runtimeSeconds: Double?
    /// Cache key; the first 12 characters are shown.
    public var key: String?
    public var images: [PageImage]
    public var tables: [PageTable]
    public var notes: [String]
    public var failures: [PageFailure]
    /// Instructions for obtaining missing data.
    public var needsData: [String]
    public var configYAML: String
    public var provenance: [ProvenanceItem]
    public var rerunCommand: String
    public var files: [PageFile]
    /// Comparison with archived and published results; "not available yet" when `nil`.
    public var comparison: String?
    public var jobs: [PageJob]
    /// Verdicts against the archive and the paper (badges on the card and the page).
    public var verdicts: [PageVerdict] = []
    /// The comparison table (quantity, against, ours, reference, tolerance, verdict, why).
    public var comparisonTable: PageTable?
    /// The overlay of ours, archived and published values.
    public var comparisonImages: [PageImage] = []

    public init(
        id: String, title: String, paper: String, item: String, caption: String = "",
        status: PageStatus, statusDetail: String = "", runtimeSeconds: Double? = nil, key: String? = nil,
        images: [PageImage] = [], tables: [PageTable] = [], notes: [String] = [],
        failures: [PageFailure] = [], needsData: [String] = [], configYAML: String = "",
        provenance: [ProvenanceItem] = [], rerunCommand: String = "", files: [PageFile] = [],
        comparison: String? = nil, jobs: [PageJob] = [], verdicts: [PageVerdict] = [],
        comparisonTable: PageTable? = nil, comparisonImages: [PageImage] = []
    ) {
        self.id = id
        self.title = title
        self.paper = paper
        self.item = item
        self.caption = caption
        self.status = status
        self.statusDetail = statusDetail
        self.runtimeSeconds = runtimeSeconds
        self.key = key
        self.images = images
        self.tables = tables
        self.notes = notes
        self.failures = failures
        self.needsData = needsData
        self.configYAML = configYAML
        self.provenance = provenance
        self.rerunCommand = rerunCommand
        self.files = files
        self.comparison = comparison
        self.jobs = jobs
        self.verdicts = verdicts
        self.comparisonTable = comparisonTable
        self.comparisonImages = comparisonImages
    }

    /// Whether any comparison of this figure differs.
    public var comparisonDiffers: Bool { verdicts.contains(where: \.differs) }
}
