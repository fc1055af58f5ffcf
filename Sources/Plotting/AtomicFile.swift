import Foundation

/// Writes files so readers never see a half-written one: a temporary file in the same directory,
/// then a rename over the final name.
enum AtomicFile {
    static func write(_ text: String, to url: URL) throws {
        let temporary = temporaryURL(for: url)
        do {
            try Data(text.utf8).write(to: temporary)
            try moveIntoPlace(temporary, url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// A hidden sibling of `url` that no other writer uses.
    static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString.prefix(8))")
    }

    /// rename(2): replaces `destination` in one step.
    static func moveIntoPlace(_ source: URL, _ destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [
                NSFilePathErrorKey: destination.path,
                NSLocalizedDescriptionKey: "cannot rename \(source.lastPathComponent) to \(destination.path): errno \(errno)",
            ])
        }
    }
}
