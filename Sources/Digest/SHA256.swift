import CCrypto
import Foundation

/// A SHA-256 digest computed by libcrypto (OpenSSL), the one hash every cache key and checksum uses.
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// The 32 raw bytes.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a SHA-256 digest has 32 bytes")
        self.bytes = bytes
    }

    /// Lower-case hexadecimal, 64 characters.
    public var hex: String { bytes.hexString }
    public var description: String { hex }

    /// The digest of `data`.
    public static func hash<D: DataProtocol>(_ data: D) -> SHA256Digest {
        var hasher = SHA256Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    /// The digest of the UTF-8 bytes of `string`.
    public static func hash(_ string: String) -> SHA256Digest { hash(Array(string.utf8)) }

    /// The digest of a file's contents, read in chunks so large result files need no extra memory.
    public static func hash(fileAt url: URL) throws -> SHA256Digest {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256Hasher()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(chunk)
        }
        return hasher.finalize()
    }
}

/// Incremental SHA-256 over several pieces of data.
public struct SHA256Hasher {
    private var context = SHA256_CTX()

    public init() { SHA256_Init(&context) }

    public mutating func update<D: DataProtocol>(_ data: D) {
        for region in data.regions {
            region.withUnsafeBytes { raw in
                _ = SHA256_Update(&context, raw.baseAddress, raw.count)
            }
        }
    }

    public mutating func update(_ string: String) { update(Array(string.utf8)) }

    public mutating func finalize() -> SHA256Digest {
        var out = [UInt8](repeating: 0, count: 32)
        SHA256_Final(&out, &context)
        return SHA256Digest(bytes: out)
    }
}

/// MD5, only to check downloads against the checksums their publishers give (MNIST, CIFAR-10).
public enum MD5 {
    public static func hex<D: DataProtocol>(_ data: D) -> String {
        var context = MD5_CTX()
        MD5_Init(&context)
        for region in data.regions {
            region.withUnsafeBytes { raw in _ = MD5_Update(&context, raw.baseAddress, raw.count) }
        }
        var out = [UInt8](repeating: 0, count: 16)
        MD5_Final(&out, &context)
        return out.hexString
    }

    public static func hex(fileAt url: URL) throws -> String {
        hex(try Data(contentsOf: url))
    }
}

extension Array where Element == UInt8 {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var chars = [UInt8]()
        chars.reserveCapacity(count * 2)
        for byte in self {
            chars.append(digits[Int(byte >> 4)])
            chars.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: chars, as: UTF8.self)
    }
}
