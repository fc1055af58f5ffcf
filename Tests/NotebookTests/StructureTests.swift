import Foundation
import Notebook
import Testing

/// What the pages contain and that every link points at a file that exists.
@Suite struct StructureTests {
    @Test func indexHasASummaryAndOneCardPerFigure() throws {
        let dir = try SampleSite.temporaryDirectory("index")
        defer { try? FileManager.default.removeItem(at: dir) }
        try SampleSite.writeAssets(in: dir)
        try NotebookWriter.write(SampleSite.site(), to: dir)
        let index = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.components(separatedBy: "<li class=\"card ").count - 1 == 4)
        #expect(index.contains("<li class=\"card failed\">"))
        #expect(index.contains("<li class=\"card needsData\">"))
        #expect(index.contains("4 figures:"))
        for label in ["fresh</span> 1", "failed</span> 1", "needs data</span> 1", "not run</span> 1"] {
            #expect(index.contains(label))
        }
        #expect(!index.contains("stale</span>"))
        // Short key with the full key in a tooltip; runtime as minutes and seconds.
        #expect(index.contains("<code title=\"9f86d081884c7d659a2feaa0c55ad015\">9f86d081884c</code>"))
        #expect(index.contains("12 min 34 s"))
        #expect(index.contains("src=\"fig-3b/curves.png\""))
        // Verdict badges: the tally shows only where the compared values are not all alike.
        #expect(index.contains(">archive: agrees</span>"))
        #expect(index.contains(">paper: not comparable <small class=\"tally\">(8 agrees, 40 not comparable)</small></span>"))
    }

    @Test func figurePageHasEverySection() throws {
        let dir = try SampleSite.temporaryDirectory("page")
        defer { try? FileManager.default.removeItem(at: dir) }
        try NotebookWriter.write(SampleSite.site(), to: dir)
        let page = try String(contentsOf: dir.appendingPathComponent("fig-3b/index.html"), encoding: .utf8)
        for needle in [
            "<a href=\"../index.html\">PaperRepro notebook</a>", "<img src=\"curves.svg\"", "<a href=\"curves.png\">PNG</a>",
            "Mean ± s.d. over 5 seeds", "<h2>Notes</h2>", "<caption>Capacity</caption>", "<td class=\"num\">0.98</td>",
            "<h2>Jobs</h2>", "<dt>git commit</dt><dd>2c099e9</dd>",
            "<pre class=\"command\"><code>repro run fig-3b --config configs/fig-3b.yaml</code></pre>",
            "<a href=\"curves.gp\">script</a>", "Comparison with archived and published results", "not available yet",
            "<pre><code>experiment: memory-capacity\ntraining:\n  lr: 0.001\n</code></pre>",
        ] {
            #expect(page.contains(needle), "missing: \(needle)")
        }
        let failed = try String(contentsOf: dir.appendingPathComponent("fig-4/index.html"), encoding: .utf8)
        #expect(failed.contains("<h2>Failures</h2>"))
        #expect(failed.contains("<td>loss became NaN at step 812</td>"))
        let needs = try String(contentsOf: dir.appendingPathComponent("table-2/index.html"), encoding: .utf8)
        #expect(needs.contains("<div class=\"callout needsData\"><strong>Data needed.</strong>"))
    }

    @Test func everyLinkResolvesToAnExistingFileAndNothingComesFromTheNetwork() throws {
        let dir = try SampleSite.temporaryDirectory("links")
        defer { try? FileManager.default.removeItem(at: dir) }
        try SampleSite.writeAssets(in: dir)
        let site = SampleSite.site()
        try NotebookWriter.write(site, to: dir)
        let htmlFiles = ["index.html"] + site.pages.map { "\($0.id)/index.html" }
        var checked = 0
        for file in htmlFiles {
            let url = dir.appendingPathComponent(file)
            let html = try String(contentsOf: url, encoding: .utf8)
            #expect(!html.contains("http://") && !html.contains("https://"), "\(file) refers to the network")
            for link in SampleSite.links(in: html) {
                let target = url.deletingLastPathComponent().appendingPathComponent(link.removingPercentEncoding ?? link)
                #expect(FileManager.default.fileExists(atPath: target.path), "\(file) → \(link)")
                checked += 1
            }
        }
        #expect(checked > 15)
        // Atomic writes leave no temporaries behind.
        let all = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
        #expect(!all.contains { ($0 as NSString).lastPathComponent.hasPrefix(".") })
    }

    @Test func rewritingReplacesPages() throws {
        let dir = try SampleSite.temporaryDirectory("rewrite")
        defer { try? FileManager.default.removeItem(at: dir) }
        var site = SampleSite.site()
        try NotebookWriter.write(site, to: dir)
        site.pages[0].status = .stale
        site.pages[0].statusDetail = "config training.lr 0.001 → 0.002"
        try NotebookWriter.write(site, to: dir)
        let page = try String(contentsOf: dir.appendingPathComponent("fig-3b/index.html"), encoding: .utf8)
        #expect(page.contains("<div class=\"callout stale\">config training.lr 0.001 → 0.002</div>"))
    }
}
