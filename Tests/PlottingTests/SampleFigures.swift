import Foundation
import Plotting

/// Figures used across the tests: small, but exercising every series kind.
enum SampleFigures {
    /// A 2×2 grid: log–log learning curves with a band and a chance level, a heatmap, a flow field,
    /// and error bars with a vertical reference line.
    static func grid(name: String = "grid") -> GnuplotFigure {
        let steps = (1...50).map { Double($0) * 20 }
        let loss = steps.map { 2 * pow($0, -0.5) }
        let loss2 = steps.enumerated().map { $0.offset == 10 ? Double.nan : 3 * pow($0.element, -0.7) }
        let learning = Panel(
            title: "Learning curves", xLabel: "training step", yLabel: "loss", logX: true, logY: true,
            series: [
                .band(x: steps, low: loss.map { $0 * 0.8 }, high: loss.map { $0 * 1.25 }),
                .line(x: steps, y: loss, title: "LSTM"),
                .line(x: steps, y: loss2, title: "GRU", dash: 2),
                .points(x: [100, 200, -5], y: [0.5, 0, 0.2], title: "non-positive values are skipped"),
            ],
            referenceLines: [.horizontal(0.1, label: "chance")])

        let n = 16
        let values = (0..<n).map { r in (0..<n).map { c in sin(Double(c) / 3) * cos(Double(r) / 4) } }
        let heat = Panel(
            title: "Activity", xLabel: "neuron", yLabel: "time", key: .none,
            series: [.heatmap(values, xRange: 0...15, yRange: 0...1.5)], colorbarLabel: "rate")

        var xs: [Double] = [], ys: [Double] = [], dxs: [Double] = [], dys: [Double] = []
        for i in -4...4 {
            for j in -4...4 {
                let (x, y) = (Double(i) / 2, Double(j) / 2)
                xs.append(x); ys.append(y); dxs.append(-y * 0.15); dys.append((x - x * x * x / 3) * 0.15)
            }
        }
        let flow = Panel(
            title: "Flow field", xLabel: "x₁", yLabel: "x₂", key: .none,
            series: [.vectors(x: xs, y: ys, dx: dxs, dy: dys)], equalAspect: true)

        let seeds = [1.0, 2, 3, 4, 5]
        let accuracy = Panel(
            title: "Accuracy", xLabel: "delay", yLabel: "accuracy", yRange: 0...1, key: .bottomLeft,
            series: [
                .errorLines(x: seeds, y: [0.95, 0.9, 0.8, 0.6, 0.5], error: [0.02, 0.03, 0.05, 0.08, 0.1], title: "mean ± s.d."),
                .errorBars(x: seeds, y: [0.9, 0.7, 0.6, 0.55, 0.5], error: [0.05, 0.05, 0.05, 0.05, 0.05], title: "baseline", color: "#555555"),
            ],
            referenceLines: [.vertical(3, label: "τ_pred"), .horizontal(0.5, label: "chance"), .vertical(100, label: "off-range")])

        return GnuplotFigure(
            name: name, title: "Sample grid", rows: 2, columns: 2, panels: [learning, heat, flow, accuracy])
    }

    /// A fresh empty directory for one test.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("PlottingTests-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
