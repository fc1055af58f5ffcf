/// How a series is drawn, which also fixes the meaning of its data columns.
public enum SeriesKind: Sendable, Hashable {
    /// Columns x, y.
    case lines, points, linesPoints
    /// Columns x, y, dy.
    case errorBars, errorLines
    /// Columns x, low, high; a semi-transparent filled band.
    case band
    /// Columns x, y, dx, dy; arrows from (x, y) to (x + dx, y + dy).
    case vectors
    /// One column of row-major values (`rows × columns`); sample centres span `xRange` and `yRange`.
    case heatmap(rows: Int, columns: Int, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>)
}

/// One data set drawn in a panel.
public struct Series: Sendable {
    /// Legend entry; `nil` leaves the series out of the legend.
    public var title: String?
    public var kind: SeriesKind
    /// Data columns, each the same length (see `SeriesKind` for their meaning).
    public var columns: [[Double]]
    /// `#rrggbb`; `nil` takes the next colour of the colour-blind-safe cycle.
    public var color: String?
    public var lineWidth: Double?
    /// gnuplot dash type (1 solid, 2 dashed, 3 dotted, ...).
    public var dash: Int?
    /// gnuplot point type (7 filled circle, 5 filled square, ...).
    public var pointType: Int?
    public var pointSize: Double?

    public init(
        title: String? = nil, kind: SeriesKind, columns: [[Double]], color: String? = nil,
        lineWidth: Double? = nil, dash: Int? = nil, pointType: Int? = nil, pointSize: Double? = nil
    ) {
        self.title = title
        self.kind = kind
        self.columns = columns
        self.color = color
        self.lineWidth = lineWidth
        self.dash = dash
        self.pointType = pointType
        self.pointSize = pointSize
    }

    public static func line(
        x: [Double], y: [Double], title: String? = nil, color: String? = nil, dash: Int? = nil, width: Double? = nil
    ) -> Series {
        Series(title: title, kind: .lines, columns: [x, y], color: color, lineWidth: width, dash: dash)
    }

    public static func points(
        x: [Double], y: [Double], title: String? = nil, color: String? = nil, pointType: Int? = nil,
        pointSize: Double? = nil
    ) -> Series {
        Series(title: title, kind: .points, columns: [x, y], color: color, pointType: pointType, pointSize: pointSize)
    }

    public static func linePoints(
        x: [Double], y: [Double], title: String? = nil, color: String? = nil, dash: Int? = nil,
        width: Double? = nil, pointType: Int? = nil, pointSize: Double? = nil
    ) -> Series {
        Series(
            title: title, kind: .linesPoints, columns: [x, y], color: color, lineWidth: width, dash: dash,
            pointType: pointType, pointSize: pointSize)
    }

    /// Points with vertical error bars of half-length `error`.
    public static func errorBars(
        x: [Double], y: [Double], error: [Double], title: String? = nil, color: String? = nil
    ) -> Series {
        Series(title: title, kind: .errorBars, columns: [x, y, error], color: color)
    }

    /// A line through the points with vertical error bars of half-length `error`.
    public static func errorLines(
        x: [Double], y: [Double], error: [Double], title: String? = nil, color: String? = nil
    ) -> Series {
        Series(title: title, kind: .errorLines, columns: [x, y, error], color: color)
    }

    /// A semi-transparent band between `low` and `high` (e.g. mean ± s.d. across seeds).
    public static func band(
        x: [Double], low: [Double], high: [Double], title: String? = nil, color: String? = nil
    ) -> Series {
        Series(title: title, kind: .band, columns: [x, low, high], color: color)
    }

    /// Arrows from (x, y) to (x + dx, y + dy), for flow fields.
    public static func vectors(
        x: [Double], y: [Double], dx: [Double], dy: [Double], title: String? = nil, color: String? = nil
    ) -> Series {
        Series(title: title, kind: .vectors, columns: [x, y, dx, dy], color: color)
    }

    /// A colour map of `values[row][column]`: rows run along y (first row at `yRange.lowerBound`),
    /// columns along x; the ranges give the centres of the first and last samples.
    public static func heatmap(
        _ values: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
    ) -> Series {
        let rows = values.count
        let columns = values.first?.count ?? 0
        return Series(
            kind: .heatmap(rows: rows, columns: columns, xRange: xRange, yRange: yRange),
            columns: [values.flatMap { $0 }])
    }
}
