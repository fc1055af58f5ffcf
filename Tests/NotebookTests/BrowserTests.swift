import Foundation
import Notebook
import Testing

/// The notebook opened in real headless Chromium from file://, offline.
@Suite(.enabled(if: HeadlessBrowser.find() != nil, "chromium is not installed (apt-get install chromium); browser checks skipped"))
struct BrowserTests {
    let browser = HeadlessBrowser.find()!

    @Test func indexAndPagesLoadWithAllImagesAndNoConsoleOutput() throws {
        let dir = try SampleSite.temporaryDirectory("browser")
        defer { try? FileManager.default.removeItem(at: dir) }
        let figures = dir.appendingPathComponent("figures")
        try SampleSite.writeAssets(in: figures)
        try NotebookWriter.write(SampleSite.site(), to: figures)
        let index = figures.appendingPathComponent("index.html")

        let shot = dir.appendingPathComponent("shot.png")
        let screenshot = try browser.run(index, arguments: ["--screenshot=\(shot.path)", "--window-size=1200,900"], workDirectory: dir)
        #expect(screenshot.status == 0)
        let bytes = [UInt8]((try? Data(contentsOf: shot)) ?? Data())
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(bytes.count > 20_000, "screenshot of \(bytes.count) bytes looks blank")

        for page in [index, figures.appendingPathComponent("fig-3b/index.html"), figures.appendingPathComponent("fig-4/index.html")] {
            let result = try browser.run(page, arguments: ["--dump-dom"], workDirectory: dir)
            #expect(result.status == 0)
            #expect(result.stdout.contains("</html>"), "no DOM dumped for \(page.lastPathComponent)")
            #expect(HeadlessBrowser.brokenImageMarks(inDOM: result.stdout) == 0, "an image failed to load on \(page.path)")
            #expect(result.consoleLines.isEmpty, "console output on \(page.path): \(result.consoleLines)")
        }
        if let keep = ProcessInfo.processInfo.environment["NOTEBOOK_TEST_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: shot.path, toPath: keep)
        }
    }

    /// The checks above can fail: a missing image gets marked, and console errors are seen.
    @Test func theChecksCatchAMissingImageAndAConsoleError() throws {
        let dir = try SampleSite.temporaryDirectory("negative")
        defer { try? FileManager.default.removeItem(at: dir) }
        let figures = dir.appendingPathComponent("figures")
        try NotebookWriter.write(SampleSite.site(), to: figures)  // no assets written: curves.svg/png are missing
        let page = try browser.run(figures.appendingPathComponent("fig-3b/index.html"), arguments: ["--dump-dom"], workDirectory: dir)
        #expect(page.stdout.contains("</html>"))
        #expect(HeadlessBrowser.brokenImageMarks(inDOM: page.stdout) >= 1)
        #expect(page.stdout.contains("class=\"broken-note\">image failed to load: curves.svg</span>"))

        let noisy = dir.appendingPathComponent("noisy.html")
        try "<!DOCTYPE html><html><body><p>x</p><script>console.error('deliberate error'); missingFunction();</script></body></html>"
            .write(to: noisy, atomically: true, encoding: .utf8)
        let result = try browser.run(noisy, arguments: ["--dump-dom"], workDirectory: dir)
        #expect(result.consoleLines.contains { $0.contains("deliberate error") })
        #expect(result.consoleLines.contains { $0.contains("missingFunction") })
    }
}
