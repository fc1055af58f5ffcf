import Foundation

extension ResultStore {
    /// Temp dirs from another host are only judged by age and lock, since their pids mean nothing here.
    static let foreignTemporaryAge: TimeInterval = 24 * 3600

    /// Removes results, failure records and checkpoints whose key is not in `keeping` (skipping keys
    /// locked by a running job), and temp dirs whose owner process is gone. `dryRun` only reports.
    public func garbageCollect(keeping keys: Set<String>, dryRun: Bool) throws -> GCReport {
        var report = GCReport()
        for key in try allKeys() where !keys.contains(key) && !isLocked(key: key) {
            let dir = directory(for: key)
            let bytes = Self.diskUsage(dir)
            if try dryRun || removeAtomically(dir, label: key) {
                report.removedEntries += 1
                report.bytesFreed += bytes
            }
        }
        if !dryRun { removeEmptyPrefixes() }
        for (key, url) in keyed(failuresDirectory, suffix: ".json") where !keys.contains(key) && !isLocked(key: key) {
            let bytes = Self.diskUsage(url)
            if dryRun || unlink(url.path) == 0 { report.bytesFreed += bytes }
        }
        for (key, url) in keyed(checkpointsDirectory, suffix: "") where !keys.contains(key) && !isLocked(key: key) {
            let bytes = Self.diskUsage(url)
            if try dryRun || removeAtomically(url, label: key) { report.bytesFreed += bytes }
        }
        let me = (host: POSIX.hostName, pid: POSIX.pid)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: tmpDirectory.path)) ?? []
        for name in names {
            guard let temp = TemporaryName(parsing: name) else { continue }
            let url = tmpDirectory.appendingPathComponent(name)
            guard isOrphaned(temp, url: url, me: me) else { continue }
            let bytes = Self.diskUsage(url)
            if !dryRun {
                do { try FileManager.default.removeItem(at: url) } catch { continue }
            }
            report.removedTemporaries += 1
            report.bytesFreed += bytes
        }
        return report
    }

    func isOrphaned(_ temp: TemporaryName, url: URL, me: (host: String, pid: Int32)) -> Bool {
        if Keys.isValid(temp.label) && isLocked(key: temp.label) { return false }
        if temp.host == me.host {
            return temp.pid != me.pid && !POSIX.processExists(temp.pid)
        }
        guard let modified = POSIX.modificationTime(url.path) else { return false }
        return Date().timeIntervalSince(modified) > Self.foreignTemporaryAge
    }

    /// Entries of `directory` named `<key><suffix>`.
    private func keyed(_ directory: URL, suffix: String) -> [(String, URL)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.compactMap { name in
            guard name.hasSuffix(suffix) else { return nil }
            let key = String(name.dropLast(suffix.count))
            return Keys.isValid(key) ? (key, directory.appendingPathComponent(name)) : nil
        }.sorted { $0.0 < $1.0 }
    }

    /// rmdir only succeeds on empty dirs, so a concurrent commit either sees its prefix or recreates it.
    private func removeEmptyPrefixes() {
        let prefixes = (try? FileManager.default.contentsOfDirectory(atPath: objectsDirectory.path)) ?? []
        for prefix in prefixes {
            _ = rmdir(objectsDirectory.appendingPathComponent(prefix).path)
        }
    }

    /// Bytes in regular files under `url` (or of `url` itself), not following symlinks.
    static func diskUsage(_ url: URL) -> Int64 {
        guard let info = POSIX.fileInfo(url.path) else { return 0 }
        switch info.kind {
        case .regular: return info.size
        case .other: return 0
        case .directory:
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            return names.reduce(0) { $0 + diskUsage(url.appendingPathComponent($1)) }
        }
    }
}
