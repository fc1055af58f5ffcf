import Foundation

/// Why the notebook could not be written.
public enum NotebookError: Error, CustomStringConvertible, Sendable {
    case invalidPageID(String)
    case duplicatePageID(String)

    public var description: String {
        switch self {
        case let .invalidPageID(id): "invalid figure id '\(id)': use letters, digits and '-'"
        case let .duplicatePageID(id): "figure id '\(id)' appears twice"
        }
    }
}

/// Writes the static HTML notebook: `figures/index.html` and one `figures/<id>/index.html` per page.
/// Pages are self-contained (inline CSS, no network assets) and each file is replaced atomically.
public enum NotebookWriter {
    public static func write(_ site: NotebookSite, to figuresDirectory: URL) throws {
        var seen = Set<String>()
        for page in site.pages {
            guard Formatting.isValidPageID(page.id) else { throw NotebookError.invalidPageID(page.id) }
            guard seen.insert(page.id).inserted else { throw NotebookError.duplicatePageID(page.id) }
        }
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: figuresDirectory, withIntermediateDirectories: true)
        for page in site.pages {
            let directory = figuresDirectory.appendingPathComponent(page.id, isDirectory: true)
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            try writeAtomically(FigurePageHTML.render(page, site: site), to: directory.appendingPathComponent("index.html"))
        }
        try writeAtomically(IndexPageHTML.render(site), to: figuresDirectory.appendingPathComponent("index.html"))
    }

    /// A temporary sibling, then rename(2) over the final name: readers see the old or the new page.
    static func writeAtomically(_ text: String, to url: URL) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString.prefix(8))")
        do {
            try Data(text.utf8).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
