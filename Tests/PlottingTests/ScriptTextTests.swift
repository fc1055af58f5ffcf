import Foundation
import Plotting
import Testing

/// The script text itself: what a reviewer reads in `figures/<id>/<name>.gp`.
@Suite struct ScriptTextTests {
    let script = Gnuplot.script(for: SampleFigures.grid(), style: PlotStyle())

    @Test func rendersBothFormatsFromOneScript() {
        #expect(script.contains("do for [fmt in \"svg png\"]"))
        #expect(script.contains("set terminal svg size 900,560 dynamic enhanced font 'DejaVu Sans,11'"))
        #expect(script.contains("set terminal pngcairo size 900,560"))
        #expect(script.contains("if (!exists(\"outstem\")) outstem = 'grid'"))
        #expect(script.contains("set multiplot layout 2,2 title 'Sample grid' noenhanced"))
        #expect(script.contains("unset multiplot"))
    }

    @Test func namesEachPanelAndReferencesDataRelatively() {
        for (i, title) in ["Learning curves", "Activity", "Flow field", "Accuracy"].enumerated() {
            #expect(script.contains("# Panel \(i + 1): '\(title)'"))
        }
        #expect(script.contains("'grid.1-1.dat' using 1:2:3 with filledcurves"))
        #expect(script.contains("'grid.2-1.dat' matrix using"))
        #expect(script.contains("'grid.3-1.dat' using 1:2:3:4 with vectors"))
        #expect(script.contains("'grid.4-1.dat' using 1:2:3 with yerrorlines"))
        #expect(!script.contains("/tmp"))
        #expect(!script.contains(FileManager.default.currentDirectoryPath))
    }

    @Test func axesAndReferenceLines() {
        #expect(script.contains("set logscale x\n  set logscale y\n  set format x '%g'\n  set format y '%g'"))
        #expect(script.contains("set yrange [0.0:1.0]"))
        #expect(script.contains("set size ratio -1"))
        #expect(script.contains("with image pixels notitle"))
        #expect(script.contains("set cblabel 'rate' noenhanced"))
        // Heatmap axes hug the cells: 16 columns over 0...15 are 1 wide, 16 rows over 0...1.5 are 0.1 high.
        #expect(script.contains("set xrange [-0.5:15.5]"))
        #expect(script.contains("set yrange [-0.05:1.55]"))
        #expect(script.contains("0.1 with lines dt 2 lw 1 lc rgb '#666666' title 'chance' noenhanced"))
        #expect(script.contains("set arrow 1 from first 3.0, graph 0 to first 3.0, graph 1 nohead"))
        #expect(script.contains("title 'τ_pred' noenhanced"))
        // x = 100 is outside the data (1...5) and arrows are not clipped, so it is left out.
        #expect(!script.contains("first 100.0"))
    }

    @Test func defaultColoursComeFromTheColourBlindSafeCycle() {
        // The band takes the colour of the line after it; the next line gets the second colour.
        #expect(script.contains("'grid.1-1.dat' using 1:2:3 with filledcurves fs transparent solid 0.25 noborder lc rgb '#0072B2'"))
        #expect(script.contains("'grid.1-2.dat' using 1:2 with lines lw 1.5 dt 1 lc rgb '#0072B2'"))
        #expect(script.contains("'grid.1-3.dat' using 1:2 with lines lw 1.5 dt 2 lc rgb '#D55E00'"))
        #expect(script.contains("lc rgb '#555555' title 'baseline'"))
    }

    @Test func styleSetsSizeFontAndLineWidth() {
        let style = PlotStyle(width: 640, height: 480, fontSize: 9, lineWidth: 2)
        let figure = GnuplotFigure(name: "s", width: 1000, panels: [Panel(series: [.line(x: [1, 2], y: [1, 2])])])
        let text = Gnuplot.script(for: figure, style: style)
        #expect(text.contains("set terminal svg size 1000,480 dynamic enhanced font 'DejaVu Sans,9'"))
        #expect(text.contains("with lines lw 2.0"))
    }

    @Test func emptyPanelsGetFixedRangesInsteadOfAnAutoscaleError() {
        let figure = GnuplotFigure(name: "e", panels: [
            Panel(logY: true, series: [.line(x: [1, 2], y: [0, -1])]),
        ])
        let text = Gnuplot.script(for: figure, style: PlotStyle())
        #expect(text.contains("set label 1 'no data'"))
        #expect(text.contains("set yrange [1.0:10.0]"))
        #expect(text.contains("plot NaN notitle"))
    }

    @Test func styleDecodesFromSnakeCaseWithEveryKeyOptional() throws {
        let decoder = JSONDecoder()
        let partial = try decoder.decode(PlotStyle.self, from: Data(#"{"font_size": 14, "line_width": 2.5}"#.utf8))
        #expect(partial == PlotStyle(fontSize: 14, lineWidth: 2.5))
        #expect(try decoder.decode(PlotStyle.self, from: Data("{}".utf8)) == PlotStyle())
        let roundTrip = try decoder.decode(PlotStyle.self, from: JSONEncoder().encode(PlotStyle(width: 300)))
        #expect(roundTrip.width == 300)
    }
}
