import Foundation

/// Turns figures into gnuplot scripts plus data files, and runs gnuplot on them.
public enum Gnuplot {
    /// The `.gp` text for `figure`; data are referenced by relative file names, so the script runs
    /// from its own directory (`gnuplot <name>.gp`) and writes `<name>.svg` and `<name>.png`.
    public static func script(for figure: GnuplotFigure, style: PlotStyle) -> String {
        ScriptBuilder.script(for: figure, style: style)
    }

    /// Writes `<name>.gp` and `<name>.<panel>-<series>.dat` into `directory`, then renders both images.
    /// When gnuplot is absent the script and data are still written and `.gnuplotMissing` is thrown.
    public static func write(_ figure: GnuplotFigure, style: PlotStyle, to directory: URL) throws -> WrittenFigure {
        try write(figure, style: style, to: directory, gnuplot: executable())
    }

    /// `write(_:style:to:)` with an explicit gnuplot executable (`nil`: gnuplot is missing).
    public static func write(
        _ figure: GnuplotFigure, style: PlotStyle, to directory: URL, gnuplot: URL?
    ) throws -> WrittenFigure {
        try DataFiles.validate(figure)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var dataFiles: [URL] = []
        for (p, panel) in figure.panels.enumerated() {
            for (s, series) in panel.series.enumerated() {
                let url = directory.appendingPathComponent(DataFiles.fileName(figure: figure.name, panel: p, series: s))
                try AtomicFile.write(DataFiles.contents(of: series, figure: figure.name, panel: p, index: s), to: url)
                dataFiles.append(url)
            }
        }
        let scriptURL = directory.appendingPathComponent("\(figure.name).gp")
        try AtomicFile.write(script(for: figure, style: style), to: scriptURL)
        try render(scriptAt: scriptURL, gnuplot: gnuplot)
        return WrittenFigure(
            script: scriptURL, dataFiles: dataFiles,
            svg: directory.appendingPathComponent("\(figure.name).svg"),
            png: directory.appendingPathComponent("\(figure.name).png"))
    }

    /// Runs gnuplot on the script in its own directory, producing `<name>.svg` and `<name>.png`.
    public static func render(scriptAt url: URL) throws {
        try render(scriptAt: url, gnuplot: executable())
    }

    /// `render(scriptAt:)` with an explicit gnuplot executable (`nil`: gnuplot is missing).
    /// Images are drawn under temporary names and renamed into place only when both succeeded.
    public static func render(scriptAt url: URL, gnuplot: URL?) throws {
        guard let gnuplot else { throw PlottingError.gnuplotMissing }
        let directory = url.deletingLastPathComponent()
        let stem = url.deletingPathExtension().lastPathComponent
        guard GnuplotText.isValidName(stem) else { throw PlottingError.invalidName(stem) }
        let temporaryStem = ".\(stem).rendering-\(UUID().uuidString.prefix(8))"
        let outputs = ["svg", "png"].map {
            (temporary: directory.appendingPathComponent("\(temporaryStem).\($0)"),
             final: directory.appendingPathComponent("\(stem).\($0)"))
        }
        defer { for output in outputs { try? FileManager.default.removeItem(at: output.temporary) } }

        let (status, stderr) = try run(
            gnuplot, arguments: ["-e", "outstem='\(temporaryStem)'", url.lastPathComponent], in: directory)
        let missing = outputs.filter { !FileManager.default.fileExists(atPath: $0.temporary.path) }
        guard status == 0, missing.isEmpty else {
            let detail = missing.isEmpty ? stderr : stderr + "\n(no \(missing.map(\.final.lastPathComponent).joined(separator: ", ")) produced)"
            throw PlottingError.gnuplotFailed(script: url.path, status: status, stderr: detail)
        }
        for output in outputs { try AtomicFile.moveIntoPlace(output.temporary, output.final) }
    }

    /// `/usr/bin/gnuplot`, or the first `gnuplot` on `PATH`; `nil` if absent.
    public static func executable() -> URL? {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/gnuplot") {
            return URL(fileURLWithPath: "/usr/bin/gnuplot")
        }
        return executable(searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "")
    }

    /// The first `gnuplot` in the directories of `searchPath` (colon-separated, like `PATH`).
    public static func executable(searchPath: String) -> URL? {
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("gnuplot")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    private static func run(_ executable: URL, arguments: [String], in directory: URL) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
