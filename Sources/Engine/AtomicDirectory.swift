import Foundation

/// Swaps a fully written `staging` folder in as `target`: the old folder is renamed aside, the new
/// one renamed in, and the old one deleted, so a reader sees either the old or the new folder whole.
public func replaceDirectory(_ target: URL, with staging: URL) throws {
    let fileManager = FileManager.default
    let old = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
    try? fileManager.removeItem(at: old)
    if fileManager.fileExists(atPath: target.path) { try fileManager.moveItem(at: target, to: old) }
    do {
        try fileManager.moveItem(at: staging, to: target)
    } catch {
        if fileManager.fileExists(atPath: old.path) { try? fileManager.moveItem(at: old, to: target) }
        throw error
    }
    try? fileManager.removeItem(at: old)
}
