/// One image file: a single plot, or a grid of panels drawn with gnuplot's multiplot.
public struct GnuplotFigure: Sendable {
    /// File stem: `name.gp`, `name.svg`, `name.png`. Must match `[A-Za-z0-9_-]+`.
    public var name: String
    /// Title over the whole figure.
    public var title: String?
    public var rows: Int
    public var columns: Int
    /// Panels in row-major order; at most `rows × columns`.
    public var panels: [Panel]
    /// Override the style's image size.
    public var width: Int?
    public var height: Int?

    public init(
        name: String, title: String? = nil, rows: Int = 1, columns: Int = 1,
        width: Int? = nil, height: Int? = nil, panels: [Panel]
    ) {
        self.name = name
        self.title = title
        self.rows = rows
        self.columns = columns
        self.width = width
        self.height = height
        self.panels = panels
    }
}

/// Where a panel's legend goes.
public enum KeyPosition: Sendable, Hashable {
    case topRight, topLeft, bottomRight, bottomLeft
    /// To the right of the plot area.
    case outside
    /// No legend.
    case none
}

/// One set of axes inside a figure.
public struct Panel: Sendable {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    /// Fixed axis ranges; `nil` autoscales.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// Logarithmic axes; non-positive values are skipped by gnuplot.
    public var logX = false
    public var logY = false
    public var key: KeyPosition = .topRight
    public var series: [Series]
    /// Dashed guide lines such as chance levels or a prediction horizon.
    public var referenceLines: [ReferenceLine]
    /// One unit on x is as long as one unit on y (phase portraits, flow fields).
    public var equalAspect = false
    /// Label of the colour bar, shown when the panel has a heatmap.
    public var colorbarLabel: String?

    public init(
        title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
        xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
        logX: Bool = false, logY: Bool = false, key: KeyPosition = .topRight,
        series: [Series] = [], referenceLines: [ReferenceLine] = [],
        equalAspect: Bool = false, colorbarLabel: String? = nil
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xRange = xRange
        self.yRange = yRange
        self.logX = logX
        self.logY = logY
        self.key = key
        self.series = series
        self.referenceLines = referenceLines
        self.equalAspect = equalAspect
        self.colorbarLabel = colorbarLabel
    }
}

/// A dashed horizontal or vertical guide line with an optional label.
public struct ReferenceLine: Sendable, Hashable {
    public enum Orientation: Sendable, Hashable { case horizontal, vertical }
    public var orientation: Orientation
    /// y for a horizontal line, x for a vertical one.
    public var value: Double
    public var label: String?
    /// `#rrggbb`; grey when `nil`.
    public var color: String?

    public init(orientation: Orientation, value: Double, label: String? = nil, color: String? = nil) {
        self.orientation = orientation
        self.value = value
        self.label = label
        self.color = color
    }

    public static func horizontal(_ y: Double, label: String? = nil, color: String? = nil) -> ReferenceLine {
        ReferenceLine(orientation: .horizontal, value: y, label: label, color: color)
    }

    public static func vertical(_ x: Double, label: String? = nil, color: String? = nil) -> ReferenceLine {
        ReferenceLine(orientation: .vertical, value: x, label: label, color: color)
    }
}
