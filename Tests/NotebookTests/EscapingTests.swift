import Foundation
import Notebook
import Testing

/// Every string that reaches HTML is escaped, and link targets cannot leave the site.
@Suite struct EscapingTests {
    static let hostile = "<script>alert(1)</script>\" onerror=\"alert(2)' &amp;"

    @Test func escapesTheFiveSpecialCharacters() {
        #expect(htmlEscape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(htmlEscape("τ ≤ 1\nok\u{07}") == "τ ≤ 1\nok")
    }

    @Test func hostileTextInEveryFieldStaysText() throws {
        let dir = try SampleSite.temporaryDirectory("escape")
        defer { try? FileManager.default.removeItem(at: dir) }
        try NotebookWriter.write(SampleSite.site(text: Self.hostile), to: dir)
        let escaped = htmlEscape(Self.hostile)
        let index = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
        let page = try String(contentsOf: dir.appendingPathComponent("fig-3b/index.html"), encoding: .utf8)
        let failedPage = try String(contentsOf: dir.appendingPathComponent("fig-4/index.html"), encoding: .utf8)
        let dataPage = try String(contentsOf: dir.appendingPathComponent("table-2/index.html"), encoding: .utf8)
        for html in [index, page, failedPage, dataPage] {
            // The only script is the notebook's own image-failure marker.
            #expect(html.components(separatedBy: "<script").count == 2)
            #expect(!html.contains("alert(1)</script>"))
            #expect(!html.contains("\" onerror=\"alert"))
            #expect(!html.contains("'alert"))
        }
        // Count the escaped copies to prove each field was shown (not silently dropped).
        func count(_ html: String) -> Int { html.components(separatedBy: escaped).count - 1 }
        // index: site title, subtitle, generatedAt, per card paper+item+title+detail (fresh card also alt and key).
        #expect(count(index) >= 3 + 4 * 3)
        // fresh page: title, paper, item (twice each in crumbs/status), caption, detail, alt ×2, table, notes,
        // comparison, command, files ×2 labels, jobs, provenance ×4, config, key tooltips.
        #expect(count(page) >= 25)
        #expect(count(failedPage) >= 8)
        #expect(dataPage.contains("<li>\(escaped)</li>"))
        #expect(page.contains("<pre><code>\(escaped)</code></pre>"))
        #expect(page.contains("<pre class=\"command\"><code>\(escaped)</code></pre>"))
        #expect(page.contains("title=\"\(escaped)\""))
        #expect(index.contains("<title>\(escaped)</title>"))
    }

    @Test(arguments: [
        "javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>", "http://example.com/x.png",
        "//example.com/x.png", "/etc/passwd", "a\\b", "a//b", "x\u{0}y", "",
    ])
    func unsafeLinkTargetsAreNotLinked(_ path: String) throws {
        let dir = try SampleSite.temporaryDirectory("href")
        defer { try? FileManager.default.removeItem(at: dir) }
        var site = SampleSite.site()
        site.pages[0].files = [PageFile(label: "evil", path: path)]
        site.pages[0].images = [PageImage(svg: path, png: path, alt: "evil")]
        try NotebookWriter.write(site, to: dir)
        for file in ["index.html", "fig-3b/index.html"] {
            let html = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            for link in SampleSite.links(in: html) {
                #expect(!link.lowercased().contains("javascript") && !link.contains(":") && !link.hasPrefix("/"), "\(file): \(link)")
            }
        }
    }

    @Test func relativeLinksArePercentEncoded() throws {
        let dir = try SampleSite.temporaryDirectory("encode")
        defer { try? FileManager.default.removeItem(at: dir) }
        var site = SampleSite.site()
        site.pages[0].files = [
            PageFile(label: "results", path: "../../results/run 1/out\"put.h5"),
            PageFile(label: "odd", path: "a?b#c<d>.dat"),
        ]
        try NotebookWriter.write(site, to: dir)
        let html = try String(contentsOf: dir.appendingPathComponent("fig-3b/index.html"), encoding: .utf8)
        #expect(html.contains("href=\"../../results/run%201/out%22put.h5\""))
        #expect(html.contains("href=\"a%3Fb%23c%3Cd%3E.dat\""))
    }

    @Test(arguments: ["-fig", "fig.3", "../x", "a b", "", "fig_3", "<script>"])
    func rejectsUnsafePageIDs(_ id: String) throws {
        let dir = try SampleSite.temporaryDirectory("ids")
        defer { try? FileManager.default.removeItem(at: dir) }
        var site = SampleSite.site()
        site.pages[1].id = id
        #expect(throws: NotebookError.self) { try NotebookWriter.write(site, to: dir) }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("index.html").path))
    }

    @Test func rejectsDuplicatePageIDs() throws {
        let dir = try SampleSite.temporaryDirectory("dup")
        defer { try? FileManager.default.removeItem(at: dir) }
        var site = SampleSite.site()
        site.pages[1].id = site.pages[0].id
        #expect(throws: NotebookError.self) { try NotebookWriter.write(site, to: dir) }
    }
}
