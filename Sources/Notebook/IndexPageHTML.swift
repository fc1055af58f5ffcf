/// `figures/index.html`: a summary line and one card per figure.
enum IndexPageHTML {
    static func render(_ site: NotebookSite) -> String {
        var body = "<header class=\"site\"><div class=\"wrap\">\n"
        body += "<h1>\(htmlEscape(site.title))</h1>\n"
        if !site.subtitle.isEmpty { body += "<p class=\"sub\">\(htmlEscape(site.subtitle))</p>\n" }
        body += "<p class=\"summary\"><span>\(site.pages.count) figure\(site.pages.count == 1 ? "" : "s"):</span> "
        body += Formatting.summary(site.pages).map { status, n in
            "<span>\(PageShell.badge(status)) \(n)</span>"
        }.joined(separator: " ")
        body += "</p>\n"
        let differing = site.pages.filter(\.comparisonDiffers)
        if !differing.isEmpty {
            body += "<p class=\"differs-list\"><strong>Comparison differs:</strong> "
                + differing.map { "<a href=\"\($0.id)/index.html#comparison\">\(htmlEscape($0.title))</a>" }.joined(separator: ", ") + "</p>\n"
        }
        body += "</div></header>\n"
        body += "<main class=\"wrap\">\n"
        if site.pages.isEmpty {
            body += "<p class=\"muted\">No figures yet.</p>\n"
        } else {
            body += "<ul class=\"grid\">\n"
            for page in site.pages { body += card(page) }
            body += "</ul>\n"
        }
        body += "</main>\n"
        body += "<footer><div class=\"wrap\">Generated \(htmlEscape(site.generatedAt))</div></footer>"
        return PageShell.document(title: site.title, body: body)
    }

    static func card(_ page: FigurePage) -> String {
        let link = "\(page.id)/index.html"  // ids are validated to [a-z0-9-]+
        var html = "<li class=\"card \(page.status.rawValue)\(page.comparisonDiffers ? " differs" : "")\">\n"
        html += "<a class=\"thumb\" href=\"\(link)\" tabindex=\"-1\" aria-hidden=\"true\">"
        // Validate the page-relative path itself: prefixing the id first would hide a scheme.
        if let image = page.images.first, let src = safeRelativeURL(image.png) {
            html += PageShell.image(src: "\(page.id)/\(src)", alt: image.alt, extra: " loading=\"lazy\"")
        } else {
            html += "<span>\(page.status == .needsData ? "data needed" : "no image")</span>"
        }
        html += "</a>\n<div class=\"body\">\n"
        html += "<div class=\"ref\">\(htmlEscape(page.paper)) · \(htmlEscape(page.item))</div>\n"
        html += "<h2><a href=\"\(link)\">\(htmlEscape(page.title))</a></h2>\n"
        if !page.caption.isEmpty { html += "<p class=\"card-caption\">\(htmlEscape(Formatting.excerpt(page.caption, limit: 220)))</p>\n" }
        if !page.statusDetail.isEmpty { html += "<div class=\"detail\">\(htmlEscape(page.statusDetail))</div>\n" }
        html += "<div class=\"meta\">\(PageShell.badge(page.status))"
        html += page.verdicts.map(PageShell.verdictBadge).joined()
        if page.runtimeSeconds != nil { html += "<span>\(htmlEscape(Formatting.duration(page.runtimeSeconds)))</span>" }
        if let key = page.key, !key.isEmpty {
            html += "<code title=\"\(htmlEscape(key))\">\(htmlEscape(Formatting.shortKey(key)))</code>"
        }
        html += "</div>\n</div>\n</li>\n"
        return html
    }
}
