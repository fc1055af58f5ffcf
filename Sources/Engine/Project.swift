import Foundation

/// A PaperRepro checkout: where experiment YAML files, the generated notebook and the result store
/// live. Every path a config names resolves against `root` and must stay inside the project (or
/// inside the sibling `shared/` folder the papers' data come from).
public struct Project: Sendable {
    public let root: URL
    /// `experiments/`, one YAML per experiment.
    public var experimentsDirectory: URL { root.appendingPathComponent("experiments") }
    /// Where the notebook is written (`figures/` by default).
    public let figuresDirectory: URL
    /// The result store; may be shared by several checkouts or cluster nodes.
    public let storeDirectory: URL

    public init(root: URL, figuresDirectory: URL? = nil, storeDirectory: URL? = nil) {
        self.root = root.standardizedFileURL
        self.figuresDirectory = (figuresDirectory ?? root.appendingPathComponent("figures")).standardizedFileURL
        self.storeDirectory = (storeDirectory ?? root.appendingPathComponent(".repro/store")).standardizedFileURL
    }

    /// The project containing `directory`: the nearest ancestor with an `experiments/` folder.
    public static func discover(from directory: URL) throws -> URL {
        var current = directory.standardizedFileURL
        while true {
            var isDirectory: ObjCBool = false
            let candidate = current.appendingPathComponent("experiments")
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return current
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path {
                throw EngineError.message(
                    "no PaperRepro project here: no folder named 'experiments' in \(directory.path) or above; run repro inside a checkout or pass --project")
            }
            current = parent
        }
    }

    /// The YAML file of an experiment.
    public func configFile(for id: String) -> URL {
        experimentsDirectory.appendingPathComponent("\(id).yaml")
    }

    /// The path shown to users for a file inside the project (relative when possible).
    public func displayPath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// Resolves a project-relative input path, refusing anything that escapes the project and its
    /// sibling `shared/` folder (configs must not point at arbitrary files). The check is lexical
    /// (`..` is resolved, symbolic links are not), so a `shared` link beside the project works.
    public func resolveInput(_ relativePath: String) throws -> URL {
        guard !relativePath.hasPrefix("/") else {
            throw EngineError.message("input path '\(relativePath)' must be relative to the project root")
        }
        let rootPath = Project.lexicallyNormalized(root.path)
        let path = Project.lexicallyNormalized(rootPath + "/" + relativePath)
        let shared = Project.lexicallyNormalized(rootPath + "/../shared")
        guard path.hasPrefix(rootPath + "/") || path.hasPrefix(shared + "/") else {
            throw EngineError.message(
                "input path '\(relativePath)' leaves the project; allowed: files inside \(rootPath) or ../shared/")
        }
        return URL(fileURLWithPath: path)
    }

    /// An absolute path with `.` and `..` components and repeated slashes removed.
    static func lexicallyNormalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
