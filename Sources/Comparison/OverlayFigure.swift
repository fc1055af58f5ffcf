import Engine
import Foundation
import Plotting

/// The figure that overlays our values on the archived and the published ones: curves in their own
/// panels; scalars together, each divided by its reference so that different magnitudes share axes.
/// Ours are blue solid lines / filled circles, archived orange dashed lines / open squares, published
/// black dotted lines / triangles with error bars (SEM, else sd) where known.
public enum OverlayFigure {
    static let oursColor = "#0072b2", archiveColor = "#e69f00", paperColor = "#000000", otherColor = "#009e73"

    /// nil when no row has values to draw.
    public static func figure(for comparison: ExperimentComparison, name: String = "comparison-overlay",
                              maxCurvePanels: Int = 5) -> GnuplotFigure? {
        var panels: [Panel] = []
        let curveNames = orderedUnique(comparison.rows.compactMap { row -> String? in
            if case .curve = row.oursValue ?? row.referenceValue { return row.quantity }
            return nil
        })
        for name in curveNames.prefix(maxCurvePanels) {
            let rows = comparison.rows.filter { $0.quantity == name }
            var series: [Series] = []
            if case .curve(let x, let y) = rows.compactMap(\.oursValue).first {
                series.append(.line(x: x, y: y, title: "ours", color: oursColor, dash: 1, width: 2))
            }
            for row in rows {
                guard case .curve(let x, let y) = row.referenceValue else { continue }
                let (title, color, dash) = style(row.against)
                series.append(.linePoints(x: x, y: y, title: title, color: color, dash: dash, width: 1.5,
                                          pointType: row.against == "paper" ? 9 : 4, pointSize: 0.6))
            }
            guard !series.isEmpty else { continue }
            let unit = rows.first?.unit.map { " (\($0))" } ?? ""
            let xs = series.flatMap { $0.columns[0] }
            let xRange = (xs.min() ?? 0) < (xs.max() ?? 1) ? (xs.min() ?? 0)...(xs.max() ?? 1) : nil
            panels.append(Panel(title: name, xLabel: "x (t, step, τ, …: see the quantity)", yLabel: "value\(unit)", xRange: xRange,
                                key: .outside, series: series))
        }
        if let scalars = scalarPanel(comparison) { panels.append(scalars) }
        guard !panels.isEmpty else { return nil }
        let columns = panels.count == 1 ? 1 : 2
        let rows = (panels.count + columns - 1) / columns
        return GnuplotFigure(name: name, title: "\(comparison.experiment): ours vs archived vs published (\(comparison.scale) scale)",
                             rows: rows, columns: columns, width: 1000, height: max(420, 360 * rows), panels: panels)
    }

    static func style(_ against: String) -> (String, String, Int) {
        switch against {
        case "archive": return ("archived", archiveColor, 2)
        case "paper": return ("published", paperColor, 3)
        default: return (against, otherColor, 4)
        }
    }

    /// Scalars as value / reference (1 = identical), one x position per quantity.
    static func scalarPanel(_ comparison: ExperimentComparison) -> Panel? {
        let names = orderedUnique(comparison.rows.compactMap { row -> String? in
            if case .scalar = row.oursValue ?? row.referenceValue { return row.quantity }
            return nil
        })
        guard !names.isEmpty else { return nil }
        var ours: ([Double], [Double]) = ([], []), references: [String: ([Double], [Double], [Double])] = [:]
        for (index, name) in names.enumerated() {
            let rows = comparison.rows.filter { $0.quantity == name }
            // The normalising value: the archived one, else the published one, else ours.
            let base = rows.first { $0.against == "archive" }.flatMap { scalar($0.referenceValue) }
                ?? rows.compactMap { scalar($0.referenceValue) }.first
                ?? rows.compactMap { scalar($0.oursValue) }.first ?? 1
            func normalised(_ v: Double) -> Double { abs(base) > 1e-300 ? v / base : v - base + 1 }
            let x = Double(index + 1)
            if let value = rows.compactMap({ scalar($0.oursValue) }).first { ours.0.append(x); ours.1.append(normalised(value)) }
            for row in rows {
                guard let value = scalar(row.referenceValue) else { continue }
                let spread = row.referenceUncertainty.flatMap { $0.sem ?? $0.sd } ?? 0
                var entry = references[row.against] ?? ([], [], [])
                entry.0.append(x + (row.against == "archive" ? 0.12 : 0.24))
                entry.1.append(normalised(value))
                entry.2.append(abs(base) > 1e-300 ? spread / abs(base) : spread)
                references[row.against] = entry
            }
        }
        var series: [Series] = []
        if !ours.0.isEmpty { series.append(.points(x: ours.0, y: ours.1, title: "ours", color: oursColor, pointType: 7, pointSize: 1.2)) }
        for against in references.keys.sorted() {
            let (x, y, error) = references[against]!
            let (title, color, _) = style(against)
            if error.contains(where: { $0 > 0 }) {
                series.append(.errorBars(x: x, y: y, error: error, title: title, color: color))
            } else {
                series.append(.points(x: x, y: y, title: title, color: color, pointType: against == "archive" ? 4 : 9, pointSize: 1.2))
            }
        }
        let labels = names.enumerated().map { "\($0.offset + 1) = \($0.element)" }.joined(separator: "; ")
        return Panel(title: "scalars relative to the reference (1 = equal)", xLabel: labels.count > 70 ? "quantity number (order of the comparison table)" : labels,
                     yLabel: "value / reference", xRange: 0.5...(Double(names.count) + 0.5), key: .outside, series: series)
    }

    static func scalar(_ value: QuantityValue?) -> Double? {
        if case .scalar(let v) = value, v.isFinite { return v }
        return nil
    }
}

extension OverlayFigure {
    /// Draws the overlay of `comparison` into `directory` (`<name>.svg/.png/.gp`); returns the stem,
    /// or nil if there was nothing to draw. Rendering failures are reported as errors.
    public static func write(_ comparison: ExperimentComparison, to directory: URL, name: String = "comparison-overlay") throws -> String? {
        guard let figure = figure(for: comparison, name: name) else { return nil }
        _ = try Gnuplot.write(figure, style: PlotStyle(), to: directory)
        return name
    }
}
