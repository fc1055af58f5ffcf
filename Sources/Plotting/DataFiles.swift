/// The tab-separated data files that sit beside a figure's script, one per series.
enum DataFiles {
    /// `<name>.<panel>-<series>.dat`, both counted from 1 as in the script's comments.
    static func fileName(figure: String, panel: Int, series: Int) -> String {
        "\(figure).\(panel + 1)-\(series + 1).dat"
    }

    /// Column names, which also fix how many columns a kind needs.
    static func columnNames(_ kind: SeriesKind) -> [String] {
        switch kind {
        case .lines, .points, .linesPoints: ["x", "y"]
        case .errorBars, .errorLines: ["x", "y", "dy"]
        case .band: ["x", "low", "high"]
        case .vectors: ["x", "y", "dx", "dy"]
        case .heatmap: ["value"]
        }
    }

    static func kindName(_ kind: SeriesKind) -> String {
        switch kind {
        case .lines: "lines"
        case .points: "points"
        case .linesPoints: "lines and points"
        case .errorBars: "error bars"
        case .errorLines: "line with error bars"
        case .band: "band"
        case .vectors: "vectors"
        case .heatmap: "heatmap"
        }
    }

    /// Rejects names that are not safe file stems and series whose columns do not fit their kind.
    static func validate(_ figure: GnuplotFigure) throws {
        guard GnuplotText.isValidName(figure.name) else { throw PlottingError.invalidName(figure.name) }
        for (p, panel) in figure.panels.enumerated() {
            for (s, series) in panel.series.enumerated() {
                func fail(_ detail: String) -> PlottingError {
                    .inconsistentColumns(figure: figure.name, panel: p + 1, series: s + 1, detail: detail)
                }
                let expected = columnNames(series.kind).count
                guard series.columns.count == expected else {
                    throw fail("\(kindName(series.kind)) needs \(expected) columns, got \(series.columns.count)")
                }
                if case let .heatmap(rows, columns, _, _) = series.kind {
                    guard rows > 0, columns > 0, series.columns[0].count == rows * columns else {
                        throw fail("heatmap of \(rows)×\(columns) has \(series.columns[0].count) values (rows must be equally long)")
                    }
                } else {
                    let lengths = Set(series.columns.map(\.count))
                    guard lengths.count == 1 else {
                        throw fail("columns have different lengths \(series.columns.map(\.count))")
                    }
                }
            }
        }
    }

    /// The file text: comment lines naming the series and its columns, then one row per point
    /// (for a heatmap, one line per matrix row). Full precision; NaN stays NaN so gnuplot leaves a gap.
    static func contents(of series: Series, figure: String, panel: Int, index: Int) -> String {
        var text = "# \(figure) panel \(panel + 1) series \(index + 1): \(kindName(series.kind))"
        if let title = series.title { text += " " + GnuplotText.quoted(title) }
        text += "\n"
        if case let .heatmap(rows, columns, xRange, yRange) = series.kind {
            text += "# matrix of \(rows) rows (y from \(yRange.lowerBound) to \(yRange.upperBound)) × "
                + "\(columns) columns (x from \(xRange.lowerBound) to \(xRange.upperBound))\n"
            let values = series.columns.first ?? []
            guard values.count == rows * columns else { return text }
            for r in 0..<rows {
                text += values[(r * columns)..<((r + 1) * columns)].map(GnuplotText.dataCell).joined(separator: "\t")
                text += "\n"
            }
            return text
        }
        text += "# " + columnNames(series.kind).joined(separator: "\t") + "\n"
        let count = series.columns.map(\.count).min() ?? 0
        for i in 0..<count {
            text += series.columns.map { GnuplotText.dataCell($0[i]) }.joined(separator: "\t")
            text += "\n"
        }
        return text
    }
}
