import Digest
import Foundation

/// Checks an entry directory against its manifest; the reasons are what `repro status` shows.
enum Verification {
    static let manifestName = "manifest.json"

    enum Outcome {
        case missing
        case valid(Manifest)
        /// `file` is the path the reason is about (for error messages).
        case corrupt(reason: String, file: String)
    }

    static func check(directory: URL, key: String, verifyChecksums: Bool) -> Outcome {
        guard let dirInfo = POSIX.fileInfo(directory.path) else { return .missing }
        guard dirInfo.kind == .directory else {
            return .corrupt(reason: "entry is not a directory", file: directory.path)
        }
        let manifestURL = directory.appendingPathComponent(manifestName)
        guard POSIX.fileInfo(manifestURL.path) != nil else {
            return .corrupt(reason: "manifest missing", file: manifestURL.path)
        }
        guard let data = try? Data(contentsOf: manifestURL),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
        else {
            return .corrupt(reason: "manifest unreadable", file: manifestURL.path)
        }
        guard manifest.key == key else {
            return .corrupt(reason: "manifest belongs to key \(manifest.key)", file: manifestURL.path)
        }
        for file in manifest.files {
            guard Keys.isSafeRelativePath(file.name), file.name != manifestName else {
                return .corrupt(reason: "manifest unreadable (bad file name \"\(file.name)\")", file: manifestURL.path)
            }
            let url = directory.appendingPathComponent(file.name)
            guard let info = POSIX.fileInfo(url.path), info.kind == .regular else {
                return .corrupt(reason: "file missing: \(file.name)", file: url.path)
            }
            if info.size != file.size {
                let how = info.size < file.size ? "truncated" : "grown"
                return .corrupt(reason: "\(file.name): size \(info.size) ≠ \(file.size) (\(how))", file: url.path)
            }
        }
        if verifyChecksums {
            for file in manifest.files {
                let url = directory.appendingPathComponent(file.name)
                guard let digest = try? SHA256Digest.hash(fileAt: url) else {
                    return .corrupt(reason: "\(file.name): unreadable", file: url.path)
                }
                if digest.hex != file.sha256 {
                    return .corrupt(reason: "\(file.name): checksum mismatch", file: url.path)
                }
            }
        }
        return .valid(manifest)
    }
}
