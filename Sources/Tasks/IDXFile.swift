import Foundation

/// An array in the IDX format of the MNIST distribution: a big-endian header (magic 0x0000_08NN with
/// NN = number of dimensions, type 0x08 = unsigned byte), the dimension sizes, then the bytes.
public struct IDXArray: Sendable, Equatable {
    public var dimensions: [Int]
    public var bytes: [UInt8]

    /// Magic number of an unsigned-byte IDX array with `rank` dimensions (2049 labels, 2051 images).
    public static func magic(rank: Int) -> UInt32 { 0x0000_0800 | UInt32(rank) }

    /// Parses an (already decompressed) IDX array, checking magic, rank and length. `file` names the
    /// source in errors; `expectedRank` 1 for labels, 3 for images.
    public static func parse(_ data: [UInt8], expectedRank: Int, file: String) throws -> IDXArray {
        func word(_ offset: Int) -> UInt32 {
            (UInt32(data[offset]) << 24) | (UInt32(data[offset + 1]) << 16) | (UInt32(data[offset + 2]) << 8) | UInt32(data[offset + 3])
        }
        let expectedMagic = magic(rank: expectedRank)
        guard data.count >= 4 else { throw DataError.truncated(file: file, expectedBytes: 4, actualBytes: data.count) }
        let found = word(0)
        guard found == expectedMagic else { throw DataError.badMagic(file: file, expected: expectedMagic, found: found) }
        let headerBytes = 4 + 4 * expectedRank
        guard data.count >= headerBytes else { throw DataError.truncated(file: file, expectedBytes: headerBytes, actualBytes: data.count) }
        let dims = (0..<expectedRank).map { Int(word(4 + 4 * $0)) }
        let payload = dims.reduce(1, *)
        guard data.count >= headerBytes + payload else {
            throw DataError.truncated(file: file, expectedBytes: headerBytes + payload, actualBytes: data.count)
        }
        guard data.count == headerBytes + payload else {
            throw DataError.malformed(file: file, reason: "\(data.count - headerBytes - payload) trailing bytes after the IDX payload")
        }
        return IDXArray(dimensions: dims, bytes: Array(data[headerBytes...]))
    }

    /// Serialises to IDX (used by tests to write small files; also handy for fixtures).
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        func put(_ v: UInt32) { out += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        put(IDXArray.magic(rank: dimensions.count))
        for d in dimensions { put(UInt32(d)) }
        return out + bytes
    }

    /// Reads a gzipped (or plain, if it does not start with the gzip signature) IDX file, optionally
    /// checking the MD5 of the file as stored on disk first.
    public static func read(_ url: URL, expectedRank: Int, md5: String? = nil) throws -> IDXArray {
        let raw = try readFile(url)
        let name = url.lastPathComponent
        if let md5 {
            try DataRequirement(dataset: name, folder: "", files: [.init(name, md5: md5)], instructions: "").verify(name, bytes: raw)
        }
        let isGzip = raw.count >= 2 && raw[0] == 0x1F && raw[1] == 0x8B
        let data = isGzip ? try Gzip.decompress(raw, file: url.path) : raw
        return try parse(data, expectedRank: expectedRank, file: url.path)
    }
}
