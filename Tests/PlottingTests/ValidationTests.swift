import Foundation
import Plotting
import Testing

/// Bad input is refused before anything is written.
@Suite struct ValidationTests {
    @Test(arguments: ["", "a b", "../x", "a/b", "fig.1", "ä"])
    func rejectsUnsafeNames(_ name: String) throws {
        let dir = try SampleFigures.temporaryDirectory("names")
        defer { try? FileManager.default.removeItem(at: dir) }
        let figure = GnuplotFigure(name: name, panels: [Panel(series: [.line(x: [1], y: [1])])])
        #expect(throws: PlottingError.self) { try Gnuplot.write(figure, style: PlotStyle(), to: dir, gnuplot: nil) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func rejectsColumnsThatDoNotFitTheKind() throws {
        let dir = try SampleFigures.temporaryDirectory("columns")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [Series] = [
            .line(x: [1, 2, 3], y: [1, 2]),
            Series(kind: .errorBars, columns: [[1], [1]]),
            .heatmap([[1, 2], [3]], xRange: 0...1, yRange: 0...1),
        ]
        for series in cases {
            let figure = GnuplotFigure(name: "bad", panels: [Panel(series: [series])])
            #expect {
                try Gnuplot.write(figure, style: PlotStyle(), to: dir, gnuplot: nil)
            } throws: { error in
                guard case .inconsistentColumns(figure: "bad", panel: 1, series: 1, _) = error as? PlottingError else { return false }
                return true
            }
        }
    }

    @Test func missingGnuplotStillWritesScriptAndData() throws {
        let dir = try SampleFigures.temporaryDirectory("missing")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(Gnuplot.executable(searchPath: "/nonexistent:\(dir.path)") == nil)
        let figure = SampleFigures.grid()
        #expect {
            try Gnuplot.write(figure, style: PlotStyle(), to: dir, gnuplot: Gnuplot.executable(searchPath: "/nonexistent"))
        } throws: { error in
            guard case .gnuplotMissing = error as? PlottingError else { return false }
            return "\(error)".contains("apt-get install gnuplot-nox")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files.contains("grid.gp"))
        #expect(files.contains("grid.1-1.dat"))
        #expect(files.contains("grid.4-2.dat"))
        #expect(!files.contains("grid.svg"))
    }

    @Test func dataFilesAreTabSeparatedWithAHeaderAndKeepNaN() throws {
        let dir = try SampleFigures.temporaryDirectory("data")
        defer { try? FileManager.default.removeItem(at: dir) }
        let figure = GnuplotFigure(name: "d", panels: [
            Panel(series: [.errorBars(x: [1, 2], y: [0.1, .nan], error: [1e-300, .infinity], title: "it's")]),
            Panel(series: [.heatmap([[1, 2, 3], [4, 5, 6]], xRange: 0...2, yRange: 0...1)]),
        ])
        _ = try? Gnuplot.write(figure, style: PlotStyle(), to: dir, gnuplot: nil)
        let points = try String(contentsOf: dir.appendingPathComponent("d.1-1.dat"), encoding: .utf8)
        #expect(points == """
            # d panel 1 series 1: error bars 'it''s'
            # x\ty\tdy
            1.0\t0.1\t1e-300
            2.0\tNaN\tInf

            """)
        let matrix = try String(contentsOf: dir.appendingPathComponent("d.2-1.dat"), encoding: .utf8)
        #expect(matrix.hasSuffix("1.0\t2.0\t3.0\n4.0\t5.0\t6.0\n"))
        #expect(matrix.hasPrefix("# d panel 2 series 1: heatmap\n# matrix of 2 rows"))
    }
}
