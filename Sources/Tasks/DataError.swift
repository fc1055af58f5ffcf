import Foundation

/// Why an external dataset could not be loaded. Every message names the file or folder involved and,
/// for missing data, what is expected and where to get it.
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// Required files are absent from `folder`.
    case missingFiles(dataset: String, folder: String, missing: [String], instructions: String)
    case checksumMismatch(file: String, expected: String, actual: String)
    case badMagic(file: String, expected: UInt32, found: UInt32)
    case truncated(file: String, expectedBytes: Int, actualBytes: Int)
    case malformed(file: String, reason: String)
    case decompression(file: String, reason: String)
    case unreadable(file: String, reason: String)

    public var description: String {
        switch self {
        case let .missingFiles(dataset, folder, missing, instructions):
            return "\(dataset): missing \(missing.joined(separator: ", ")) in \(folder). \(instructions)"
        case let .checksumMismatch(file, expected, actual):
            return "\(file): MD5 \(actual) does not match the published \(expected) (corrupt or different file)"
        case let .badMagic(file, expected, found):
            return "\(file): magic number 0x\(String(found, radix: 16)) where 0x\(String(expected, radix: 16)) was expected (not the expected IDX file)"
        case let .truncated(file, expectedBytes, actualBytes):
            return "\(file): truncated, \(actualBytes) bytes where the header promises \(expectedBytes)"
        case let .malformed(file, reason):
            return "\(file): \(reason)"
        case let .decompression(file, reason):
            return "\(file): gzip decompression failed (\(reason))"
        case let .unreadable(file, reason):
            return "\(file): cannot read (\(reason))"
        }
    }
}

/// Reads a whole file, mapping Foundation's error to `DataError.unreadable`.
func readFile(_ url: URL) throws -> [UInt8] {
    do { return [UInt8](try Data(contentsOf: url)) } catch {
        throw DataError.unreadable(file: url.path, reason: error.localizedDescription)
    }
}
