import Foundation

/// Headless Chromium, run the way a reviewer's browser would open the notebook from disk.
struct HeadlessBrowser {
    let executable: URL

    /// `chromium` from /usr/bin or PATH; `nil` when it is not installed.
    static func find() -> HeadlessBrowser? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = ["/usr/bin"] + path.split(separator: ":").map(String.init)
        for directory in directories {
            for name in ["chromium", "chromium-browser"] {
                let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return HeadlessBrowser(executable: url) }
            }
        }
        return nil
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Console output of the page (Chromium logs every console message, errors included, as
        /// `...:CONSOLE:<line>] "message", source: ...`); the notebook's pages log nothing.
        var consoleLines: [String] {
            stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        }
    }

    /// Loads `page` with a 2 s virtual time budget (enough for images to load) and extra `arguments`.
    func run(_ page: URL, arguments: [String], workDirectory: URL) throws -> Result {
        let profile = workDirectory.appendingPathComponent("profile-\(UUID().uuidString.prefix(8))")
        let outURL = workDirectory.appendingPathComponent("chromium-\(UUID().uuidString.prefix(8)).out")
        let errURL = workDirectory.appendingPathComponent("chromium-\(UUID().uuidString.prefix(8)).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
            try? FileManager.default.removeItem(at: profile)
        }
        let process = Process()
        // `timeout` only guards against a hung browser; nothing is asserted about time.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = [
            "120", executable.path, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000",
        ] + arguments + [page.absoluteString]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Images the notebook's inline script marked as failed to load.
    static func brokenImageMarks(inDOM dom: String) -> Int {
        dom.matches(of: /<img[^>]*class="[^"]*\bbroken\b/).count + dom.components(separatedBy: "class=\"broken-note\"").count - 1
    }
}
