import Foundation
import Randomness

/// Reader for GloVe's text format (`word v1 … vd` per line), keeping only the words asked for.
public enum GloVe {
    public static let fileName = "glove.6B.100d.txt"
    public static let dimension = 100

    /// Vectors of the words in `wanted` that the file has. Streams the file in chunks (the 100-d file is
    /// 347 MB); every line must hold a word and exactly `dimension` numbers.
    public static func vectors(file url: URL, for wanted: Set<String>, dimension: Int = dimension) throws -> [String: [Float]] {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw DataError.unreadable(file: url.path, reason: "cannot open")
        }
        defer { try? handle.close() }
        var result: [String: [Float]] = [:]
        var pending: [UInt8] = []
        var lineNumber = 0
        func line(_ bytes: ArraySlice<UInt8>) throws {
            lineNumber += 1
            guard let space = bytes.firstIndex(of: UInt8(ascii: " ")) else {
                if bytes.isEmpty { return }
                throw DataError.malformed(file: url.path, reason: "line \(lineNumber) has no vector")
            }
            let word = String(decoding: bytes[bytes.startIndex..<space], as: UTF8.self)
            guard wanted.contains(word) else {
                if lineNumber == 1 { _ = try parse(bytes[(space + 1)...]) }  // check the format once
                return
            }
            result[word] = try parse(bytes[(space + 1)...])
        }
        func parse(_ bytes: ArraySlice<UInt8>) throws -> [Float] {
            let fields = bytes.split(separator: UInt8(ascii: " "))
            guard fields.count == dimension else {
                throw DataError.malformed(file: url.path, reason: "line \(lineNumber) has \(fields.count) values, expected \(dimension) (not the \(dimension)-d GloVe file?)")
            }
            return try fields.map { f in
                guard let v = Float(String(decoding: f, as: UTF8.self)) else {
                    throw DataError.malformed(file: url.path, reason: "line \(lineNumber): '\(String(decoding: f, as: UTF8.self))' is not a number")
                }
                return v
            }
        }
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 22) ?? Data() } catch {
                throw DataError.unreadable(file: url.path, reason: error.localizedDescription)
            }
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var lineStart = 0
            while let newline = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                try line(pending[lineStart..<newline])
                lineStart = newline + 1
            }
            pending.removeFirst(lineStart)
        }
        if !pending.isEmpty { try line(pending[...]) }
        return result
    }
}

/// Word → index table built from training reviews as legacy torchtext's `build_vocab(max_size:)` does:
/// index 0 `<unk>`, 1 `<pad>`, then the `maxSize` most frequent tokens (ties in alphabetical order).
public struct IMDBVocabulary: Sendable, Equatable {
    public static let unknown = 0
    public static let padding = 1
    public let words: [String]
    private let index: [String: Int]

    public init(tokenizedReviews: [[String]], maxSize: Int) {
        var counts: [String: Int] = [:]
        for review in tokenizedReviews { for token in review { counts[token, default: 0] += 1 } }
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(maxSize).map(\.key)
        words = ["<unk>", "<pad>"] + ranked
        index = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, $0) })
    }

    public var count: Int { words.count }

    /// Token indices, `<unk>` for words outside the vocabulary.
    public func encode(_ tokens: [String]) -> [Int32] { tokens.map { Int32(index[$0] ?? Self.unknown) } }

    /// The embedding table (count × dimension): GloVe vectors where the exact token has one, N(0,1)
    /// draws otherwise (torchtext's `unk_init=normal_`; no lower-casing fallback), and zero rows for
    /// `<unk>` and `<pad>` (the reference code zeroes both after loading).
    public func embedding(glove: [String: [Float]], dimension: Int, generator: inout Generator) -> (table: [Float], found: Int) {
        var table = [Float](repeating: 0, count: count * dimension)
        var found = 0
        for (i, word) in words.enumerated() where i != Self.unknown && i != Self.padding {
            if let v = glove[word] {
                precondition(v.count == dimension)
                found += 1
                for d in 0..<dimension { table[i * dimension + d] = v[d] }
            } else {
                for d in 0..<dimension { table[i * dimension + d] = Float(generator.normal()) }
            }
        }
        return (table, found)
    }
}
