import CZlib
import Foundation

/// gzip (or zlib) decompression with zlib's `inflate`; windowBits 15 + 32 auto-detects the header.
enum Gzip {
    /// Decompresses all of `data`; `file` only names the source in errors. Concatenated gzip members are
    /// followed (gzip allows them), and a stream that ends early is reported as truncated.
    static func decompress(_ data: [UInt8], file: String) throws -> [UInt8] {
        var stream = z_stream()
        var status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw DataError.decompression(file: file, reason: "inflateInit2 returned \(status)") }
        defer { inflateEnd(&stream) }

        var output: [UInt8] = []
        output.reserveCapacity(data.count * 4)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
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
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 {
                        throw DataError.decompression(file: file, reason: "compressed stream ends early (truncated file)")
                    }
                case Z_STREAM_END:
                    if stream.avail_in == 0 { return }
                    // Another gzip member follows.
                    let reset = inflateReset(&stream)
                    guard reset == Z_OK else { throw DataError.decompression(file: file, reason: "inflateReset returned \(reset)") }
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
        return output
    }

    /// gzip compression (windowBits 15 + 16 writes a gzip header), for archives and test fixtures in the real formats.
    static func compress(_ data: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        precondition(deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                                   Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(data.count))) + 64)
        var input = data
        let written: Int = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(outBuf.count)
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return outBuf.count - Int(stream.avail_out)
            }
        }
        return Array(output.prefix(written))
    }}
