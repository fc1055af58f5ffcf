import Foundation
import Testing
import Tasks

@Suite struct IMDBTests {
    /// A miniature aclImdb archive: `perClass` reviews per class and split, plus members the reader must skip.
    static func fakeArchive(perClass: Int = 3) -> [UInt8] {
        var files: [(path: String, contents: [UInt8])] = [("aclImdb/README", Array("read me".utf8))]
        for split in ["train", "test"] {
            for (label, words) in [("pos", "great wonderful"), ("neg", "awful boring")] {
                for i in 0..<perClass {
                    files.append(("aclImdb/\(split)/\(label)/\(i)_\(label == "pos" ? 9 : 2).txt",
                                  Array("This movie was \(words) , really \(words).<br /><br />Film \(i) isn't new.".utf8)))
                }
            }
            files.append(("aclImdb/\(split)/labeledBow.feat", [UInt8](repeating: 55, count: 3000)))
        }
        files.append(("aclImdb/train/unsup/0_0.txt", Array("unlabelled".utf8)))
        return TarGzip.archive(files)
    }

    @Test func readsLabelledReviewsFromTheArchiveAndSkipsTheRest() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let url = folder.write(Self.fakeArchive(), to: "imdb/aclImdb_v1.tar.gz")
        let reviews = try IMDBReviews.read(archive: url, verifyChecksum: false)
        #expect(reviews.train.count == 6 && reviews.test.count == 6)
        #expect(reviews.train.filter { $0.label == 1 }.allSatisfy { $0.text.contains("great") })
        #expect(reviews.test.filter { $0.label == 0 }.count == 3)
        // The fake archive is not the published one, so the checksum check must reject it.
        #expect(throws: DataError.self) { try IMDBReviews.read(archive: url) }
    }

    @Test func truncatedArchiveIsReported() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let archive = Self.fakeArchive()
        let url = folder.write(Array(archive.prefix(archive.count / 2)), to: "aclImdb_v1.tar.gz")
        #expect(throws: DataError.self) { try IMDBReviews.read(archive: url, verifyChecksum: false) }
    }

    @Test func tokenizerSplitsPunctuationClitictsAndLineBreaks() {
        #expect(IMDBReviews.tokenize("I don't like it's ending.<br /><br />Well-made, though!")
            == ["I", "do", "n't", "like", "it", "'s", "ending", ".", "Well-made", ",", "though", "!"])
    }

    @Test func vocabularyRanksByFrequencyThenAlphabetically() {
        let v = IMDBVocabulary(tokenizedReviews: [["b", "a", "c", "a"], ["c", "d"]], maxSize: 2)
        #expect(v.words == ["<unk>", "<pad>", "a", "c"])
        #expect(v.encode(["c", "zzz", "a"]) == [3, 0, 2])
    }

    @Test func glovePipelineBuildsPaddedEmbeddingSequences() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        _ = folder.write(Self.fakeArchive(perClass: 5), to: "imdb/aclImdb_v1.tar.gz")
        // 4-d vectors for a few words; "great" gets (1,1,1,1).
        let glove = ["great 1 1 1 1", "awful -1 -1 -1 -1", "movie 0.5 0 0 0", "the 0 0 0 0.25"].joined(separator: "\n") + "\n"
        let gloveURL = folder.write(glove, to: "glove/glove.6B.100d.txt")
        let reviews = try IMDBReviews.read(archive: folder.url.appendingPathComponent("imdb/aclImdb_v1.tar.gz"), verifyChecksum: false)
        let data = try IMDBSentiment.prepare(reviews: reviews, gloveFile: gloveURL, dimension: 4,
                                             options: .init(maxTokens: 30, trainFraction: 0.6, trainLimit: 4, testLimit: 5))
        #expect(data.train.count == 4 && data.validation.count == 4 && data.test.count == 5)
        #expect(data.train.steps == 30 && data.train.inputSize == 4)
        #expect(data.gloveHits == 3)  // "the" does not occur in the reviews
        let great = try #require(data.vocabulary.words.firstIndex(of: "great"))
        #expect(Array(data.train.embedding[(great * 4)..<(great * 4 + 4)]) == [1, 1, 1, 1])
        // Unknown and padding rows are zero.
        #expect(data.train.embedding[0..<8].allSatisfy { $0 == 0 })
        let batch: SequenceBatch<Float> = data.test.batch(indices: [0, 1])
        #expect(batch.inputs.count == 30 && batch.targets[0].columns == 1)
        #expect(batch.targets[0].storage.map(Int.init) == batch.labels)
        // Reviews are about 20 tokens: the last steps are padding (zero vectors).
        #expect(batch.inputs[29].storage.allSatisfy { $0 == 0 })
        #expect(batch.inputs[1].storage.contains { $0 != 0 })  // "movie" at step 1
        // A GloVe file of the wrong dimension is rejected with the line named.
        #expect(throws: DataError.self) {
            try IMDBSentiment.prepare(reviews: reviews, gloveFile: gloveURL, dimension: 100, options: .init(maxTokens: 30))
        }
    }

    @Test func missingFilesNameWhatToDownloadAndWhere() {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        do {
            _ = try IMDBSentiment.load(root: folder.url, options: .init(maxTokens: 10))
            Issue.record("load must fail without the archive")
        } catch let error as DataError {
            #expect(error.description.contains("aclImdb_v1.tar.gz") && error.description.contains("7c2ac02c03563afcf9b574c7e56c153a"))
        } catch { Issue.record("unexpected \(error)") }
        #expect(DataRequirement.glove6B100d.instructions.contains("glove.6B.100d.txt"))
    }
}
