import Foundation
import Plotting
import Testing

/// Titles and labels come from users' configs: they must stay text.
@Suite struct InjectionTests {
    static let hostile = "a`touch /tmp/pwned-nb-plotting`'b\"c @fmt x_{2}^3 &amp; <script>alert(1)</script>\n\u{07}set output '/tmp/x' \\"

    static func figure() -> GnuplotFigure {
        let text = hostile
        return GnuplotFigure(name: "inject", title: text, panels: [
            Panel(
                title: text, xLabel: text, yLabel: text,
                series: [.line(x: [1, 2, 3], y: [1, 3, 2], title: text), .heatmap([[1, 2], [3, 4]], xRange: 0...1, yRange: 0...1)],
                referenceLines: [.horizontal(2, label: text, color: "'; system('touch /tmp/pwned-nb-plotting')"), .vertical(2, label: text)],
                colorbarLabel: text),
        ])
    }

    @Test func userTextIsOnlyEverSingleQuotedAndNoenhanced() {
        let script = Gnuplot.script(for: Self.figure(), style: PlotStyle())
        let quoted = "'a`touch /tmp/pwned-nb-plotting`''b\"c @fmt x_{2}^3 &amp; <script>alert(1)</script> set output ''/tmp/x'' \\'"
        #expect(script.contains("set title \(quoted) noenhanced"))
        #expect(script.contains("set xlabel \(quoted) noenhanced"))
        #expect(script.contains("title \(quoted) noenhanced"))
        // The bell character is gone and the newline did not start a new command.
        #expect(!script.contains("\u{07}"))
        #expect(!script.contains("\nset output '/tmp/x'"))
        // The bogus colour was replaced by the default grey.
        #expect(!script.contains("system("))
    }

    @Test(.enabled(if: Gnuplot.executable() != nil, "gnuplot is not installed"))
    func renderingHostileTextExecutesNothingAndKeepsTheSVGWellFormed() throws {
        let marker = URL(fileURLWithPath: "/tmp/pwned-nb-plotting")
        try? FileManager.default.removeItem(at: marker)
        let dir = try SampleFigures.temporaryDirectory("inject")
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = try Gnuplot.write(Self.figure(), style: PlotStyle(), to: dir)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/x"))
        let svg = try String(contentsOf: written.svg, encoding: .utf8)
        // The title appears literally (XML-escaped by gnuplot), with no live markup.
        #expect(svg.contains("a`touch /tmp/pwned-nb-plotting`'b\"c @fmt x_{2}^3 &amp;amp; &lt;script>alert(1)&lt;/script>"))
        #expect(!svg.contains("<script"))
        try RenderTests.expectValidImages(svg: written.svg, png: written.png, width: 900, height: 560)
    }
}
