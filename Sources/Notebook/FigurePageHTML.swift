import Foundation

/// `figures/<id>/index.html`: the figure, what it shows, its state, and how to reproduce it.
enum FigurePageHTML {
    static func render(_ page: FigurePage, site: NotebookSite) -> String {
        var body = "<main class=\"wrap page\">\n"
        body += "<nav class=\"crumbs\"><a href=\"../index.html\">\(htmlEscape(site.title))</a> › "
            + "\(htmlEscape(page.paper)) · \(htmlEscape(page.item))</nav>\n"
        body += "<h1>\(htmlEscape(page.title))</h1>\n"
        body += "<div class=\"statusline\">\(PageShell.badge(page.status))"
        body += page.verdicts.map(PageShell.verdictBadge).joined()
        body += "<span>\(htmlEscape(page.paper)) · \(htmlEscape(page.item))</span>"
        if page.runtimeSeconds != nil { body += "<span>runtime \(htmlEscape(Formatting.duration(page.runtimeSeconds)))</span>" }
        if let key = page.key, !key.isEmpty {
            body += "<span>key <code title=\"\(htmlEscape(key))\">\(htmlEscape(Formatting.shortKey(key)))</code></span>"
        }
        body += "</div>\n"
        if !page.statusDetail.isEmpty {
            let tone = [.failed, .needsData, .stale].contains(page.status) ? page.status.rawValue : ""
            body += "<div class=\"callout \(tone)\">\(htmlEscape(page.statusDetail))</div>\n"
        }
        body += needsData(page)
        body += images(page.images)
        if !page.caption.isEmpty { body += "<p class=\"caption\">\(htmlEscape(page.caption))</p>\n" }
        if !page.notes.isEmpty {
            body += "<h2>Notes</h2>\n<ul>\n" + page.notes.map { "<li>\(htmlEscape($0))</li>\n" }.joined() + "</ul>\n"
        }
        body += failures(page)
        for table in page.tables { body += Self.table(table) }
        body += "<h2 id=\"comparison\">Comparison with archived and published results</h2>\n"
        if !page.verdicts.isEmpty {
            body += "<div class=\"statusline\">" + page.verdicts.map(PageShell.verdictBadge).joined(separator: " ") + "</div>\n"
        }
        body += "<p\(page.comparison == nil ? " class=\"muted\"" : "")>\(htmlEscape(page.comparison ?? "not available yet"))</p>\n"
        if let table = page.comparisonTable { body += Self.table(table) }
        body += images(page.comparisonImages)
        body += "<h2>Reproduce</h2>\n"
        body += page.rerunCommand.isEmpty
            ? "<p class=\"muted\">No command recorded.</p>\n"
            : "<pre class=\"command\"><code>\(htmlEscape(page.rerunCommand))</code></pre>\n"
        body += files(page)
        body += jobs(page)
        if !page.provenance.isEmpty {
            body += "<h2>Provenance</h2>\n<dl class=\"prov\">\n"
            for item in page.provenance {
                body += "<dt>\(htmlEscape(item.label))</dt><dd>\(htmlEscape(item.value))</dd>\n"
            }
            body += "</dl>\n"
        }
        body += "<h2>Configuration</h2>\n"
        body += page.configYAML.isEmpty
            ? "<p class=\"muted\">No configuration recorded.</p>\n"
            : "<pre><code>\(htmlEscape(page.configYAML))</code></pre>\n"
        body += "</main>\n"
        body += "<footer><div class=\"wrap\"><a href=\"../index.html\">All figures</a> · Generated \(htmlEscape(site.generatedAt))</div></footer>"
        return PageShell.document(title: "\(page.title) · \(site.title)", body: body)
    }

    private static func needsData(_ page: FigurePage) -> String {
        guard !page.needsData.isEmpty else { return "" }
        return "<div class=\"callout needsData\"><strong>Data needed.</strong>\n<ol>\n"
            + page.needsData.map { "<li>\(htmlEscape($0))</li>\n" }.joined() + "</ol></div>\n"
    }

    private static func images(_ images: [PageImage]) -> String {
        var html = ""
        for image in images {
            guard let svg = safeRelativeURL(image.svg) else {
                html += "<p class=\"broken-note\">image path rejected: \(htmlEscape(image.svg))</p>\n"
                continue
            }
            html += "<figure>\n<a href=\"\(svg)\">" + PageShell.image(src: svg, alt: image.alt) + "</a>\n"
            html += "<figcaption>\(htmlEscape(image.alt))"
            if let png = safeRelativeURL(image.png) {
                html += " · <a href=\"\(svg)\">SVG</a> · <a href=\"\(png)\">PNG</a>"
            }
            html += "</figcaption>\n</figure>\n"
        }
        return html
    }

    private static func failures(_ page: FigurePage) -> String {
        guard !page.failures.isEmpty else { return "" }
        var html = "<h2>Failures</h2>\n<table class=\"failures\">\n<tr><th>Job</th><th>Kind</th><th>Message</th></tr>\n"
        for failure in page.failures {
            html += "<tr><td><code>\(htmlEscape(failure.job))</code></td><td>\(htmlEscape(failure.kind))</td>"
                + "<td>\(htmlEscape(failure.message))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    static func table(_ table: PageTable) -> String {
        var html = "<table>\n"
        if !table.caption.isEmpty { html += "<caption>\(htmlEscape(table.caption))</caption>\n" }
        if !table.header.isEmpty {
            html += "<tr>" + table.header.map { "<th>\(htmlEscape($0))</th>" }.joined() + "</tr>\n"
        }
        for row in table.rows {
            html += "<tr>" + row.map { cell in
                let numeric = Double(cell.trimmingCharacters(in: .whitespaces)) != nil
                return "<td\(numeric ? " class=\"num\"" : "")>\(htmlEscape(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }

    private static func files(_ page: FigurePage) -> String {
        guard !page.files.isEmpty else { return "" }
        var html = "<h2>Files</h2>\n<ul class=\"files\">\n"
        for file in page.files {
            if let href = safeRelativeURL(file.path) {
                html += "<li><a href=\"\(href)\">\(htmlEscape(file.label))</a> <code class=\"muted\">\(htmlEscape(file.path))</code></li>\n"
            } else {
                html += "<li>\(htmlEscape(file.label)) <code class=\"muted\">\(htmlEscape(file.path))</code> (not linked)</li>\n"
            }
        }
        return html + "</ul>\n"
    }

    private static func jobs(_ page: FigurePage) -> String {
        guard !page.jobs.isEmpty else { return "" }
        var html = "<h2>Jobs</h2>\n<table class=\"jobs\">\n<tr><th>Job</th><th>Status</th><th>Time</th><th>Key</th></tr>\n"
        for job in page.jobs {
            let key = job.key.map { "<code title=\"\(htmlEscape($0))\">\(htmlEscape(Formatting.shortKey($0)))</code>" } ?? ""
            html += "<tr><td><code>\(htmlEscape(job.name))</code></td><td>\(htmlEscape(job.status))</td>"
                + "<td class=\"num\">\(htmlEscape(Formatting.duration(job.seconds)))</td><td>\(key)</td></tr>\n"
        }
        return html + "</table>\n"
    }
}
