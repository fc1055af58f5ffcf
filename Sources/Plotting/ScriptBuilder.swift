/// Writes the `.gp` text of one figure. The script loops over the two output formats so that
/// `gnuplot <name>.gp` alone regenerates both images from the data files beside it.
struct ScriptBuilder {
    let figure: GnuplotFigure
    let style: PlotStyle
    private var lines: [String] = []

    init(figure: GnuplotFigure, style: PlotStyle) {
        self.figure = figure
        self.style = style
    }

    static func script(for figure: GnuplotFigure, style: PlotStyle) -> String {
        var builder = ScriptBuilder(figure: figure, style: style)
        builder.build()
        return builder.lines.joined(separator: "\n") + "\n"
    }

    private mutating func emit(_ line: String, indent: Int = 0) {
        lines.append(String(repeating: "  ", count: indent) + line)
    }

    private mutating func build() {
        let width = max(100, figure.width ?? style.width)
        let height = max(100, figure.height ?? style.height)
        let fontSize = max(4, style.fontSize)
        let font = GnuplotText.quoted("DejaVu Sans,\(fontSize)")
        let name = GnuplotText.isValidName(figure.name) ? figure.name : "figure"

        emit("# \(name).gp, written by PaperRepro.")
        emit("# Regenerate \(name).svg and \(name).png from the data files beside this script with:")
        emit("#   gnuplot \(name).gp")
        if let title = figure.title { emit("# Figure: " + GnuplotText.quoted(title)) }
        emit("")
        emit("# The renderer sets outstem to write to a temporary name first; by hand it is the figure name.")
        emit("if (!exists(\"outstem\")) outstem = '\(name)'")
        emit("set datafile separator tab")
        emit(Palette.paletteCommand)
        emit("")
        emit("do for [fmt in \"svg png\"] {")
        emit("if (fmt eq \"svg\") {", indent: 1)
        emit("set terminal svg size \(width),\(height) dynamic enhanced font \(font) background rgb 'white'", indent: 2)
        emit("} else {", indent: 1)
        emit("set terminal pngcairo size \(width),\(height) enhanced font \(font) background rgb 'white'", indent: 2)
        emit("}", indent: 1)
        emit("set output outstem.'.'.fmt", indent: 1)
        let rows = max(1, figure.rows)
        let columns = max(1, figure.columns, Int((Double(figure.panels.count) / Double(rows)).rounded(.up)))
        var multiplot = "set multiplot layout \(rows),\(columns)"
        if let title = figure.title {
            multiplot += " title \(GnuplotText.quoted(title)) noenhanced font ',\(fontSize + 2)'"
        }
        emit(multiplot, indent: 1)
        // A multiplot without any plot leaves the PNG unwritten, so an empty figure says "no data".
        for (index, panel) in (figure.panels.isEmpty ? [Panel()] : figure.panels).enumerated() {
            emit("", indent: 1)
            panelCommands(panel, index: index, name: name)
        }
        emit("", indent: 1)
        emit("unset multiplot", indent: 1)
        emit("set output", indent: 1)
        emit("}")
    }

    // MARK: Panels

    private mutating func panelCommands(_ panel: Panel, index: Int, name: String) {
        let analysis = PanelAnalysis(panel)
        let hasHeatmap = panel.series.contains { if case .heatmap = $0.kind { true } else { false } }
        var header = "# Panel \(index + 1)"
        if let title = panel.title { header += ": " + GnuplotText.quoted(title) }
        emit(header, indent: 1)

        func text(_ command: String, _ value: String?, suffix: String = "") -> String {
            guard let value else { return "unset \(command)" }
            return "set \(command) \(GnuplotText.quoted(value)) noenhanced\(suffix)"
        }
        emit(text("title", panel.title), indent: 1)
        emit(text("xlabel", panel.xLabel), indent: 1)
        emit(text("ylabel", panel.yLabel), indent: 1)
        emit(text("cblabel", hasHeatmap ? panel.colorbarLabel : nil), indent: 1)
        emit(hasHeatmap ? "set colorbox" : "unset colorbox", indent: 1)
        emit("unset logscale", indent: 1)
        if panel.logX { emit("set logscale x", indent: 1) }
        if panel.logY { emit("set logscale y", indent: 1) }
        // gnuplot's default tick format pads every label of a log axis to the smallest decade's digits
        // (0.000010 … 1.000000); %g writes each decade as it is (1e-05 … 1).
        emit(panel.logX ? "set format x '%g'" : "set format x '% h'", indent: 1)
        emit(panel.logY ? "set format y '%g'" : "set format y '% h'", indent: 1)
        if hasHeatmap {
            emit("set border 15 lw 1", indent: 1)
            emit("set xtics out mirror", indent: 1)
            emit("set ytics out mirror", indent: 1)
            emit("unset grid", indent: 1)
        } else {
            emit("set border 3 lw 1", indent: 1)
            emit("set xtics out nomirror", indent: 1)
            emit("set ytics out nomirror", indent: 1)
            emit("set grid lc rgb '#dddddd' lw 1", indent: 1)
        }
        emit(panel.equalAspect ? "set size ratio -1" : "set size noratio", indent: 1)
        emit(keyCommand(panel.key), indent: 1)
        // Markers and error bars at the ends of an autoscaled x axis would be cut in half.
        let hasMarkers = panel.series.contains {
            switch $0.kind {
            case .points, .linesPoints, .errorBars, .errorLines: true
            default: false
            }
        }
        emit(hasMarkers ? "set offsets graph 0.03, graph 0.03, 0, 0" : "set offsets 0, 0, 0, 0", indent: 1)

        var xRange = usableRange(panel.xRange, log: panel.logX) ?? analysis.heatmapXRange
        var yRange = usableRange(panel.yRange, log: panel.logY) ?? analysis.heatmapYRange
        emit("unset label", indent: 1)
        if !analysis.hasPlottableData {
            // gnuplot stops the whole script when autoscaling finds nothing to draw, so an empty
            // panel gets fixed ranges and says so.
            let fallback = 1.0...10.0
            xRange = xRange ?? (panel.logX ? fallback : 0...1)
            yRange = yRange ?? (panel.logY ? fallback : 0...1)
            emit("set label 1 'no data' at graph 0.5, graph 0.5 center", indent: 1)
        }
        emit(rangeCommand("x", xRange), indent: 1)
        emit(rangeCommand("y", yRange), indent: 1)
        emit("set autoscale cb", indent: 1)

        var elements: [String] = []
        var arrows: [String] = []
        var colorIndex = 0
        func nextColor(consume: Bool) -> String {
            let color = Palette.cycle[colorIndex % Palette.cycle.count]
            if consume { colorIndex += 1 }
            return color
        }
        // Colours follow the order given; bands take the colour of the series after them (put a
        // band before its mean line to match) and are drawn first so lines stay on top.
        var front: [String] = []
        var back: [String] = []
        if analysis.hasPlottableData {
            for (s, series) in panel.series.enumerated() {
                let file = GnuplotText.quoted(DataFiles.fileName(figure: name, panel: index, series: s))
                let isHeatmap: Bool
                let isBand: Bool
                switch series.kind {
                case .heatmap: (isHeatmap, isBand) = (true, false)
                case .band: (isHeatmap, isBand) = (false, true)
                default: (isHeatmap, isBand) = (false, false)
                }
                let color = GnuplotText.validColor(series.color) ?? (isHeatmap ? "" : nextColor(consume: !isBand))
                let element = plotElement(series, file: file, color: color)
                if isHeatmap || isBand { back.append(element) } else { front.append(element) }
            }
        } else {
            front.append("NaN notitle")
        }
        elements = back + front

        for (r, line) in panel.referenceLines.enumerated() {
            let color = GnuplotText.quoted(GnuplotText.validColor(line.color) ?? Palette.reference)
            let title = line.label.map { "title \(GnuplotText.quoted($0)) noenhanced" } ?? "notitle"
            let style = "dt 2 lw 1 lc rgb \(color)"
            guard let value = GnuplotText.number(line.value) else { continue }
            switch line.orientation {
            case .horizontal:
                guard !panel.logY || line.value > 0 else { continue }
                if let yRange, !yRange.contains(line.value) { continue }
                elements.append("\(value) with lines \(style) \(title)")
            case .vertical:
                guard !panel.logX || line.value > 0 else { continue }
                // Arrows are not clipped to the axes, so lines outside the drawn x range are left out.
                let visible = xRange ?? analysis.xExtent
                if let visible, !visible.contains(line.value) { continue }
                arrows.append("set arrow \(r + 1) from first \(value), graph 0 to first \(value), graph 1 nohead \(style) back")
                if line.label != nil { elements.append("NaN with lines \(style) \(title)") }
            }
        }
        emit("unset arrow", indent: 1)
        for arrow in arrows { emit(arrow, indent: 1) }
        if elements.isEmpty { elements = ["NaN notitle"] }
        emit("plot " + elements.joined(separator: ", \\\n" + String(repeating: " ", count: 7)), indent: 1)
    }

    private func plotElement(_ series: Series, file: String, color: String) -> String {
        let title = series.title.map { "title \(GnuplotText.quoted($0)) noenhanced" } ?? "notitle"
        let lc = "lc rgb \(GnuplotText.quoted(color))"
        let lw = "lw \(GnuplotText.number(series.lineWidth ?? style.lineWidth) ?? "1.5")"
        let dt = series.dash.map { "dt \(max(1, $0))" } ?? "dt 1"
        let pt = "pt \(series.pointType ?? 7)"
        let ps = "ps \(GnuplotText.number(series.pointSize ?? 0.6) ?? "0.6")"
        switch series.kind {
        case .lines:
            return "\(file) using 1:2 with lines \(lw) \(dt) \(lc) \(title)"
        case .points:
            return "\(file) using 1:2 with points \(pt) \(ps) \(lc) \(title)"
        case .linesPoints:
            return "\(file) using 1:2 with linespoints \(lw) \(dt) \(pt) \(ps) \(lc) \(title)"
        case .errorBars:
            return "\(file) using 1:2:3 with yerrorbars \(pt) \(ps) lw 1 \(lc) \(title)"
        case .errorLines:
            return "\(file) using 1:2:3 with yerrorlines \(lw) \(dt) \(pt) \(ps) \(lc) \(title)"
        case .band:
            return "\(file) using 1:2:3 with filledcurves fs transparent solid 0.25 noborder \(lc) \(title)"
        case .vectors:
            return "\(file) using 1:2:3:4 with vectors head filled size screen 0.008,25 lw 1 \(lc) \(title)"
        case let .heatmap(rows, columns, xRange, yRange):
            let dx = columns > 1 ? (xRange.upperBound - xRange.lowerBound) / Double(columns - 1) : 1
            let dy = rows > 1 ? (yRange.upperBound - yRange.lowerBound) / Double(rows - 1) : 1
            let x0 = GnuplotText.number(xRange.lowerBound) ?? "0"
            let y0 = GnuplotText.number(yRange.lowerBound) ?? "0"
            let sx = GnuplotText.number(dx) ?? "1"
            let sy = GnuplotText.number(dy) ?? "1"
            // Small maps are drawn cell by cell so browsers do not blur the embedded bitmap of the SVG.
            let pixels = rows * columns <= 4096 ? " pixels" : ""
            return "\(file) matrix using (\(x0) + $1 * \(sx)):(\(y0) + $2 * \(sy)):3 with image\(pixels) \(title)"
        }
    }

    private func keyCommand(_ key: KeyPosition) -> String {
        let common = "samplen 2 spacing 1.1"
        switch key {
        case .topRight: return "set key top right \(common)"
        case .topLeft: return "set key top left \(common)"
        case .bottomRight: return "set key bottom right \(common)"
        case .bottomLeft: return "set key bottom left \(common)"
        case .outside: return "set key outside right top \(common)"
        case .none: return "unset key"
        }
    }

    /// A range gnuplot can use: finite, increasing, positive on a log axis.
    private func usableRange(_ range: ClosedRange<Double>?, log: Bool) -> ClosedRange<Double>? {
        guard let range, range.lowerBound.isFinite, range.upperBound.isFinite,
            range.lowerBound < range.upperBound, !log || range.lowerBound > 0
        else { return nil }
        return range
    }

    private func rangeCommand(_ axis: String, _ range: ClosedRange<Double>?) -> String {
        guard let range, let low = GnuplotText.number(range.lowerBound), let high = GnuplotText.number(range.upperBound)
        else { return "set autoscale \(axis)" }
        return "set \(axis)range [\(low):\(high)]"
    }
}
