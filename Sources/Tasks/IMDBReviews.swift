import Digest
import Foundation

/// The Large Movie Review Dataset (Maas et al. 2011, `aclImdb_v1.tar.gz`) as coRNN's Table 4 uses it:
/// 25 000 labelled training and 25 000 test reviews, read straight from the official archive (the
/// unlabelled `unsup/` reviews and the bag-of-words files are skipped).
///
/// The reference code gets the data through legacy torchtext (`datasets.IMDB`), which downloads this
/// same archive and reads `aclImdb/{train,test}/{pos,neg}/*.txt`.
public struct IMDBReviews: Sendable, Equatable {
    /// One review: its raw text and 1 for positive, 0 for negative.
    public struct Review: Sendable, Equatable {
        public var text: String
        public var label: Int
        public init(text: String, label: Int) {
            self.text = text
            self.label = label
        }
    }

    public var train: [Review]
    public var test: [Review]

    public init(train: [Review], test: [Review]) {
        self.train = train
        self.test = test
    }

    /// The archive's published MD5 (torchtext's `IMDB.md5`) and the file name.
    public static let archiveName = "aclImdb_v1.tar.gz"
    public static let archiveMD5 = "7c2ac02c03563afcf9b574c7e56c153a"

    /// Reads `archive`; with `verifyChecksum` its MD5 must be the published one. Reviews are sorted by
    /// path within each split, so the order does not depend on how the archive was packed.
    public static func read(archive url: URL, verifyChecksum: Bool = true) throws -> IMDBReviews {
        let bytes = try readFile(url)
        if verifyChecksum {
            let actual = MD5.hex(bytes)
            guard actual.lowercased() == archiveMD5 else {
                throw DataError.checksumMismatch(file: url.path, expected: archiveMD5, actual: actual)
            }
        }
        var found: [String: [(String, Review)]] = ["train": [], "test": []]
        try TarGzip.forEachFile(in: bytes, file: url.path, include: { member(path: $0) != nil }) { path, contents in
            guard let (split, label) = member(path: path) else { return }
            found[split, default: []].append((path, Review(text: String(decoding: contents, as: UTF8.self), label: label)))
        }
        func ordered(_ split: String) throws -> [Review] {
            let reviews = (found[split] ?? []).sorted { $0.0 < $1.0 }.map(\.1)
            guard !reviews.isEmpty, Set(reviews.map(\.label)).count == 2 else {
                throw DataError.malformed(file: url.path, reason: "no positive and negative reviews under aclImdb/\(split)/{pos,neg}/ (not the aclImdb archive?)")
            }
            return reviews
        }
        return IMDBReviews(train: try ordered("train"), test: try ordered("test"))
    }

    /// (split, label) of an archive member that is a labelled review, e.g. `aclImdb/train/pos/0_9.txt`.
    static func member(path: String) -> (String, Int)? {
        let parts = path.split(separator: "/")
        guard parts.count == 4, parts[0] == "aclImdb", parts[1] == "train" || parts[1] == "test",
              parts[2] == "pos" || parts[2] == "neg", parts[3].hasSuffix(".txt") else { return nil }
        return (String(parts[1]), parts[2] == "pos" ? 1 : 0)
    }

    /// Splits text into word and punctuation tokens, case kept. Stands in for the spaCy English
    /// tokenizer of the reference code (not available here): HTML line breaks (`<br />`) are dropped,
    /// words are runs of letters and digits (with inner hyphens), every other visible character is a
    /// token of its own, and English clitics are split off as spaCy does ("don't" → "do", "n't";
    /// "it's" → "it", "'s").
    public static func tokenize(_ text: String) -> [String] {
        let cleaned = text.replacingOccurrences(of: "<br />", with: " ").replacingOccurrences(of: "<br/>", with: " ")
        let chars = Array(cleaned)
        var tokens: [String] = []
        var i = 0
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if isWord(c) {
                var j = i
                while j < chars.count, isWord(chars[j]) || (chars[j] == "-" && j + 1 < chars.count && isWord(chars[j + 1]) && j > i) {
                    j += 1
                }
                var word = String(chars[i..<j])
                // "don't": the word ends in n and "'t" follows → "do" + "n't".
                if j + 1 < chars.count, chars[j] == "'", chars[j + 1].lowercased() == "t", word.count > 1,
                   word.last?.lowercased() == "n", j + 2 == chars.count || !isWord(chars[j + 2]) {
                    word.removeLast()
                    tokens.append(word)
                    tokens.append(String(chars[j - 1]) + "'" + String(chars[j + 1]))
                    i = j + 2
                    continue
                }
                tokens.append(word)
                i = j
                continue
            }
            if c == "'", i + 1 < chars.count, isWord(chars[i + 1]), i > 0, isWord(chars[i - 1]) {
                var j = i + 1
                while j < chars.count, isWord(chars[j]) { j += 1 }
                let clitic = String(chars[i..<j])
                if ["'s", "'re", "'ll", "'ve", "'d", "'m"].contains(clitic.lowercased()) {
                    tokens.append(clitic)
                    i = j
                    continue
                }
            }
            tokens.append(String(c))
            i += 1
        }
        return tokens
    }
}

extension DataRequirement {
    /// The official IMDB review archive, read without unpacking.
    public static let aclImdb = DataRequirement(
        dataset: "IMDB reviews (aclImdb v1)", folder: "imdb",
        files: [File(IMDBReviews.archiveName, md5: IMDBReviews.archiveMD5)],
        instructions: "Download aclImdb_v1.tar.gz from https://ai.stanford.edu/~amaas/data/sentiment/ and put it, still compressed, in the folder imdb/ of the datasets root (../shared/datasets/imdb/aclImdb_v1.tar.gz relative to the project). MD5 7c2ac02c03563afcf9b574c7e56c153a (the value torchtext checks); verify with `md5sum aclImdb_v1.tar.gz`.")

    /// GloVe 6B (Wikipedia 2014 + Gigaword 5), 100-dimensional vectors: the embedding initialisation of coRNN's IMDB model.
    public static let glove6B100d = DataRequirement(
        dataset: "GloVe 6B 100d", folder: "glove",
        files: [File(GloVe.fileName)],
        instructions: "Download glove.6B.zip (862 182 613 bytes) from https://nlp.stanford.edu/projects/glove/ (direct link https://nlp.stanford.edu/data/glove.6B.zip), check it with `md5sum glove.6B.zip` against 056ea991adb4740ac6bf1b6d9b50408b (a third-party value; Stanford publishes none), and extract only glove.6B.100d.txt (400 000 lines of a word and 100 numbers) into the folder glove/ of the datasets root (../shared/datasets/glove/glove.6B.100d.txt relative to the project): `unzip glove.6B.zip glove.6B.100d.txt -d ../shared/datasets/glove`. The file itself has no published checksum; its format (100 values per line) is checked when read.")
}
