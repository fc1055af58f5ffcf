import Foundation

/// Why the notebook could not be written.
public enum NotebookError: Error, CustomStringConvertible, Sendable {
    case invalidPageID(String)
    case duplicatePageID(String)

    public var description: String {
        switch self {
        case let .invalidPageID(id): "invalid figure id '\(id)': use lowercase letters, digits and '-'"
        case let .duplicatePageID(id): "figure id '\(id)' appears twice"
        }
    }
}

/// Writes the static HTML notebook: `figures/index.html` and one `figures/<id>/index.html` per page.
public enum NotebookWriter {
    public static func write(_ site: NotebookSite, to figuresDirectory: URL) throws {
    }
}
