import CZlib
import Foundation

/// Streams the regular files of a gzip-compressed tar archive (ustar / GNU tar, as `aclImdb_v1.tar.gz`),
/// so that a large archive is read without unpacking it to disk and only the wanted members are kept in
/// memory. Also writes such archives (tests build small fixtures in the real on-disk format with it).
public enum TarGzip {
    /// Calls `body(path, bytes)` for every regular file whose path satisfies `include`, in archive order.
    /// Members not included are skipped without being buffered.
    public static func forEachFile(in compressed: [UInt8], file: String, include: (String) -> Bool,
                                   _ body: (String, [UInt8]) throws -> Void) throws {
        var parser = TarStreamParser(file: file)
        try inflateChunks(compressed, file: file) { chunk in
            try parser.feed(chunk, include: include, body)
        }
        guard parser.finishedCleanly else {
            throw DataError.malformed(file: file, reason: "tar stream ends inside a member (truncated archive)")
        }
    }

    /// A gzip-compressed ustar archive holding `files` (path, contents), in order.
    public static func archive(_ files: [(path: String, contents: [UInt8])]) -> [UInt8] {
        var tar: [UInt8] = []
        for (path, contents) in files {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ s: String, at offset: Int, width: Int) {
                for (i, b) in s.utf8.prefix(width).enumerated() { header[offset + i] = b }
            }
            func octal(_ v: Int, width: Int) -> String {
                let digits = String(v, radix: 8)
                return String(repeating: "0", count: max(width - 1 - digits.count, 0)) + digits
            }
            precondition(path.utf8.count <= 100, "TarGzip.archive: path longer than 100 bytes")
            put(path, at: 0, width: 100)
            put(octal(0o644, width: 8), at: 100, width: 7)
            put(octal(0, width: 8), at: 108, width: 7)
            put(octal(0, width: 8), at: 116, width: 7)
            put(octal(contents.count, width: 12), at: 124, width: 11)
            put(octal(0, width: 12), at: 136, width: 11)
            header[156] = UInt8(ascii: "0")
            put("ustar", at: 257, width: 6)
            put("00", at: 263, width: 2)
            for i in 148..<156 { header[i] = UInt8(ascii: " ") }
            let sum = header.reduce(0) { $0 + Int($1) }
            put(octal(sum, width: 7), at: 148, width: 6)
            header[154] = 0
            tar += header + contents
            tar += [UInt8](repeating: 0, count: (512 - contents.count % 512) % 512)
        }
        tar += [UInt8](repeating: 0, count: 1024)
        return Gzip.compress(tar)
    }

    /// Inflates a gzip stream, handing out the decompressed bytes chunk by chunk.
    static func inflateChunks(_ data: [UInt8], file: String, _ consume: (ArraySlice<UInt8>) throws -> Void) throws {
        var stream = z_stream()
        var status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw DataError.decompression(file: file, reason: "inflateInit2 returned \(status)") }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        try data.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return out.count - Int(stream.avail_out)
                }
                if produced > 0 { try consume(chunk[0..<produced]) }
                switch status {
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 {
                        throw DataError.decompression(file: file, reason: "compressed stream ends early (truncated file)")
                    }
                case Z_STREAM_END:
                    return
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 {
                        throw DataError.decompression(file: file, reason: "compressed stream ends early (truncated file)")
                    }
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    throw DataError.decompression(file: file, reason: message)
                }
            }
        }
    }
}

/// Incremental tar parser: 512-byte headers, member data padded to 512 bytes, GNU long names ('L').
struct TarStreamParser {
    let file: String
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes of the current member (plus padding) still to drop without buffering.
    private var skipping = 0
    private var longName: String?
    private var ended = false

    init(file: String) { self.file = file }

    var finishedCleanly: Bool { ended || (skipping == 0 && buffer.count - start == 0) }

    mutating func feed(_ bytes: ArraySlice<UInt8>, include: (String) -> Bool, _ body: (String, [UInt8]) throws -> Void) throws {
        var bytes = bytes
        if ended { return }
        if skipping > 0 {
            let drop = min(skipping, bytes.count)
            skipping -= drop
            bytes = bytes.dropFirst(drop)
        }
        buffer.append(contentsOf: bytes)
        while !ended, skipping == 0, buffer.count - start >= 512 {
            let h = start
            if buffer[h..<(h + 512)].allSatisfy({ $0 == 0 }) { ended = true; break }
            let size = try octal(h + 124, 12)
            let padded = (size + 511) / 512 * 512
            let type = buffer[h + 156]
            let name = longName ?? headerName(h)
            let wanted = type == UInt8(ascii: "L") || ((type == 0 || type == UInt8(ascii: "0")) && include(name))
            if !wanted {
                longName = nil
                start += 512
                let available = buffer.count - start
                if available >= padded { start += padded } else { skipping = padded - available; start = buffer.count }
            } else {
                guard buffer.count - start - 512 >= padded else { break }
                let contents = Array(buffer[(h + 512)..<(h + 512 + size)])
                start += 512 + padded
                if type == UInt8(ascii: "L") {
                    longName = String(decoding: contents.prefix { $0 != 0 }, as: UTF8.self)
                } else {
                    longName = nil
                    try body(name, contents)
                }
            }
        }
        if start > 0 && (start >= buffer.count || start > 1 << 22) {
            buffer.removeFirst(start)
            start = 0
        }
    }

    private func field(_ offset: Int, _ width: Int) -> String {
        String(decoding: buffer[offset..<(offset + width)].prefix { $0 != 0 }, as: UTF8.self)
    }

    private func headerName(_ h: Int) -> String {
        let name = field(h, 100)
        let magic = field(h + 257, 5)
        let prefix = magic == "ustar" ? field(h + 345, 155) : ""
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    private func octal(_ offset: Int, _ width: Int) throws -> Int {
        let text = field(offset, width).trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
        guard let value = Int(text.isEmpty ? "0" : text, radix: 8) else {
            throw DataError.malformed(file: file, reason: "tar header with unreadable size field '\(text)'")
        }
        return value
    }
}
