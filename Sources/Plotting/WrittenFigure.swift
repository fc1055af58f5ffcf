import Foundation

/// The files `Gnuplot.write` produced for one figure.
public struct WrittenFigure: Sendable {
    public var script: URL
    public var dataFiles: [URL]
    public var svg: URL
    public var png: URL

    public init(script: URL, dataFiles: [URL], svg: URL, png: URL) {
        self.script = script
        self.dataFiles = dataFiles
        self.svg = svg
        self.png = png
    }
}
