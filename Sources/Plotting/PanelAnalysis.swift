/// What the script needs to know about a panel's data before gnuplot sees it: whether anything
/// can be drawn on its axes (gnuplot aborts when autoscaling finds no valid point), and how far x extends.
struct PanelAnalysis {
    var hasPlottableData = false
    var xExtent: ClosedRange<Double>?
    /// Ranges that make a heatmap fill the axes exactly (sample centres ± half a cell).
    var heatmapXRange: ClosedRange<Double>?
    var heatmapYRange: ClosedRange<Double>?

    init(_ panel: Panel) {
        func usable(_ v: Double, log: Bool) -> Bool { v.isFinite && (!log || v > 0) }
        var xMin = Double.infinity
        var xMax = -Double.infinity
        func include(_ x: Double) {
            xMin = min(xMin, x)
            xMax = max(xMax, x)
        }
        for series in panel.series {
            switch series.kind {
            case let .heatmap(rows, columns, xRange, yRange):
                guard rows > 0, columns > 0, series.columns.first?.contains(where: \.isFinite) == true else { continue }
                let x = Self.cellRange(xRange, count: columns)
                let y = Self.cellRange(yRange, count: rows)
                guard usable(x.lowerBound, log: panel.logX), usable(y.lowerBound, log: panel.logY) else { continue }
                hasPlottableData = true
                heatmapXRange = heatmapXRange.map { min($0.lowerBound, x.lowerBound)...max($0.upperBound, x.upperBound) } ?? x
                heatmapYRange = heatmapYRange.map { min($0.lowerBound, y.lowerBound)...max($0.upperBound, y.upperBound) } ?? y
                include(x.lowerBound)
                include(x.upperBound)
            default:
                guard series.columns.count >= 2 else { continue }
                let xs = series.columns[0]
                let ys = series.columns[1...]
                for i in xs.indices where usable(xs[i], log: panel.logX) {
                    if ys.contains(where: { i < $0.count && usable($0[i], log: panel.logY) }) {
                        hasPlottableData = true
                        include(xs[i])
                    }
                }
            }
        }
        if xMin <= xMax { xExtent = xMin...xMax }
    }

    /// A heatmap's extent on one axis: the sample centres' range widened by half a cell each side.
    static func cellRange(_ centres: ClosedRange<Double>, count: Int) -> ClosedRange<Double> {
        let span = centres.upperBound - centres.lowerBound
        let cell = count > 1 && span > 0 ? span / Double(count - 1) : 1
        return (centres.lowerBound - cell / 2)...(centres.upperBound + cell / 2)
    }
}
