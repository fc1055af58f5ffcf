import Foundation
import Plotting
import Testing

/// Real gnuplot runs: the images exist, look like SVG and PNG, and the script alone regenerates them.
@Suite(.enabled(if: Gnuplot.executable() != nil, "gnuplot is not installed (apt-get install gnuplot-nox)"))
struct RenderTests {
    @Test func writesScriptDataAndBothImages() throws {
        let dir = try SampleFigures.temporaryDirectory("render")
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = try Gnuplot.write(SampleFigures.grid(), style: PlotStyle(), to: dir)
        #expect(written.dataFiles.count == 8)
        try Self.expectValidImages(svg: written.svg, png: written.png, width: 900, height: 560)
        // Only the final files remain: no temporaries from atomic writes or rendering.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func rerunningTheScriptFromItsDirectoryReproducesTheImages() throws {
        let dir = try SampleFigures.temporaryDirectory("rerun")
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = try Gnuplot.write(SampleFigures.grid(), style: PlotStyle(), to: dir)
        let firstPNG = try Data(contentsOf: written.png)
        let firstSVG = try String(contentsOf: written.svg, encoding: .utf8)
        try FileManager.default.removeItem(at: written.svg)
        try FileManager.default.removeItem(at: written.png)

        // What a reviewer types: cd figures/<id> && gnuplot grid.gp
        let process = Process()
        process.executableURL = Gnuplot.executable()
        process.arguments = ["grid.gp"]
        process.currentDirectoryURL = dir
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        try Self.expectValidImages(svg: written.svg, png: written.png, width: 900, height: 560)
        #expect(try Data(contentsOf: written.png) == firstPNG)
        #expect(try String(contentsOf: written.svg, encoding: .utf8) == firstSVG)
    }

    @Test func aBrokenScriptReportsGnuplotsError() throws {
        let dir = try SampleFigures.temporaryDirectory("broken")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("bad.gp")
        try "plot 'missing-file.dat' using 1:2\n".write(to: script, atomically: true, encoding: .utf8)
        #expect {
            try Gnuplot.render(scriptAt: script)
        } throws: { error in
            guard case let .gnuplotFailed(_, status, stderr) = error as? PlottingError else { return false }
            return status != 0 && stderr.contains("missing-file.dat")
        }
    }

    @Test func logAxesWithOnlyNonPositiveDataStillRender() throws {
        let dir = try SampleFigures.temporaryDirectory("log")
        defer { try? FileManager.default.removeItem(at: dir) }
        let figure = GnuplotFigure(name: "log", columns: 2, panels: [
            Panel(logX: true, logY: true, series: [.line(x: [0, 1, 2], y: [-1, 0, 0])]),
            Panel(logY: true, series: [.line(x: [0, 1, 2], y: [-1, 0.5, 2])], referenceLines: [.horizontal(-1)]),
        ])
        let written = try Gnuplot.write(figure, style: PlotStyle(width: 500, height: 300), to: dir)
        try Self.expectValidImages(svg: written.svg, png: written.png, width: 500, height: 300)
    }

    @Test func aFigureWithoutPanelsStillRendersAnImage() throws {
        let dir = try SampleFigures.temporaryDirectory("empty")
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = try Gnuplot.write(GnuplotFigure(name: "empty", title: "Nothing yet", panels: []), style: PlotStyle(), to: dir)
        try Self.expectValidImages(svg: written.svg, png: written.png, width: 900, height: 560)
        #expect(try String(contentsOf: written.svg, encoding: .utf8).contains("no data"))
    }

    static func expectValidImages(svg: URL, png: URL, width: Int, height: Int) throws {
        let text = try String(contentsOf: svg, encoding: .utf8)
        #expect(text.hasPrefix("<?xml"))
        #expect(text.contains("<svg"))
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</svg>"))
        let bytes = [UInt8](try Data(contentsOf: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(bytes.count > 5_000)
        // IHDR: big-endian width and height at bytes 16..<24.
        let be = { (o: Int) in bytes[o..<(o + 4)].reduce(0) { $0 << 8 | Int($1) } }
        #expect(bytes.count > 24 && be(16) == width && be(20) == height)
    }
}
