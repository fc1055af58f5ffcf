import Foundation

/// Display formats shared by the index and the figure pages.
enum Formatting {
    /// "0.42 s", "12.3 s", "4 min 05 s", "2 h 03 min".
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "–" }
        if seconds < 10 { return String(format: "%.2f s", seconds) }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%d min %02d s", whole / 60, whole % 60) }
        return String(format: "%d h %02d min", whole / 3600, (whole % 3600) / 60)
    }

    /// The first 12 characters, shown with the full key in a tooltip.
    static func shortKey(_ key: String) -> String {
        String(key.prefix(12))
    }

    /// "8 fresh · 2 stale · 1 failed", in the order of `PageStatus.allCases`.
    static func summary(_ pages: [FigurePage]) -> [(PageStatus, Int)] {
        PageStatus.allCases.compactMap { status in
            let n = pages.filter { $0.status == status }.count
            return n > 0 ? (status, n) : nil
        }
    }

    static func isValidPageID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 100 && !id.hasPrefix("-") && id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
    }

    /// The first `limit` characters of `text`, cut at a word boundary, with an ellipsis when cut.
    static func excerpt(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        let prefix = text.prefix(limit)
        let cut = prefix.lastIndex(of: " ").map { prefix[..<$0] } ?? prefix
        return cut + "…"
    }
}
