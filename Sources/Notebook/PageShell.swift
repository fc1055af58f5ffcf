/// The document around every page: inline CSS, and a tiny inline script that marks images that
/// failed to load (class `broken` plus a visible note) so a missing render is never silent.
enum PageShell {
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(htmlEscape(title))</title>
        <style>
        \(Stylesheet.css)
        </style>
        <script>
        function nbBroken(img) {
          if (img.classList.contains('broken')) return;
          img.classList.add('broken');
          var note = document.createElement('span');
          note.className = 'broken-note';
          note.textContent = 'image failed to load: ' + img.getAttribute('src');
          img.insertAdjacentElement('afterend', note);
        }
        </script>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// An `<img>` that reports a failed load; `src` must already be a safe, escaped URL.
    static func image(src: String, alt: String, extra: String = "") -> String {
        "<img src=\"\(src)\" alt=\"\(htmlEscape(alt))\" onerror=\"nbBroken(this)\"\(extra)>"
    }

    static func verdictBadge(_ verdict: PageVerdict) -> String {
        "<span class=\"badge verdict verdict-\(verdict.differs ? "differs" : verdict.verdict == "agrees" ? "agrees" : "na")\" "
            + "style=\"background:\(verdict.badgeColor)\" title=\"comparison with the \(htmlEscape(verdict.against))\">"
            + "\(htmlEscape(verdict.against)): \(htmlEscape(verdict.verdict))"
            + (!verdict.tally.isEmpty ? " <small class=\"tally\">(\(htmlEscape(verdict.tally)))</small>" : "") + "</span>"
    }

    static func badge(_ status: PageStatus) -> String {
        "<span class=\"badge status-\(status.rawValue)\" style=\"background:\(status.badgeColor)\">\(htmlEscape(status.label))</span>"
    }
}
