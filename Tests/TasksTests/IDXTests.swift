import Testing
import Foundation
import Digest
@testable import Tasks

@Suite struct IDXTests {
    /// 3 images of 2×2 and their labels, gzipped into the folder.
    func writeSmallMNIST(in folder: TemporaryFolder, prefix: String = "t10k") -> (URL, URL) {
        let images = IDXArray(dimensions: [3, 2, 2], bytes: [0, 1, 2, 3, 10, 20, 30, 40, 255, 254, 253, 252])
        let labels = IDXArray(dimensions: [3], bytes: [7, 2, 1])
        let i = folder.write(gzipped(images.encoded()), to: "\(prefix)-images-idx3-ubyte.gz")
        let l = folder.write(gzipped(labels.encoded()), to: "\(prefix)-labels-idx1-ubyte.gz")
        return (i, l)
    }

    @Test func readsGzippedImagesAndLabels() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let (i, l) = writeSmallMNIST(in: folder)
        let mnist = try MNISTImages.read(images: i, labels: l)
        #expect(mnist.count == 3 && mnist.rows == 2 && mnist.columns == 2)
        #expect(mnist.labels == [7, 2, 1])
        #expect(Array(mnist.pixels[4..<8]) == [10, 20, 30, 40])
        #expect(mnist.pooled2x2().pixels == [2, 25, 254])  // rounded means of each 2×2 image
        let seq = mnist.sequential(normalization: .unit)
        #expect(seq.steps == 4 && seq.inputSize == 1 && seq.classes == 10)
        #expect(IDXArray.magic(rank: 3) == 2051 && IDXArray.magic(rank: 1) == 2049)
    }

    @Test func plainUncompressedIDXIsAcceptedToo() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let url = folder.write(IDXArray(dimensions: [2], bytes: [1, 2]).encoded(), to: "labels")
        #expect(try IDXArray.read(url, expectedRank: 1).bytes == [1, 2])
    }

    @Test func badMagicIsReported() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        // A labels file where an images file is expected.
        let url = folder.write(gzipped(IDXArray(dimensions: [3], bytes: [1, 2, 3]).encoded()), to: "swapped.gz")
        #expect(throws: DataError.badMagic(file: url.path, expected: 2051, found: 2049)) {
            try IDXArray.read(url, expectedRank: 3)
        }
        let error = DataError.badMagic(file: "x", expected: 2051, found: 2049)
        #expect(error.description.contains("0x803") && error.description.contains("0x801"))
    }

    @Test func truncatedPayloadAndTruncatedGzipAreReported() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        var encoded = IDXArray(dimensions: [2, 3, 3], bytes: Array(repeating: 9, count: 18)).encoded()
        encoded.removeLast(5)
        let short = folder.write(gzipped(encoded), to: "short.gz")
        #expect(throws: DataError.truncated(file: short.path, expectedBytes: 16 + 18, actualBytes: 16 + 13)) {
            try IDXArray.read(short, expectedRank: 3)
        }
        let full = gzipped(IDXArray(dimensions: [2, 3, 3], bytes: Array(0..<18)).encoded())
        let cut = folder.write(Array(full.prefix(full.count / 2)), to: "cut.gz")
        do {
            _ = try IDXArray.read(cut, expectedRank: 3)
            Issue.record("a half gzip stream must not parse")
        } catch let error as DataError {
            guard case .decompression(let file, let reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(file == cut.path && reason.contains("truncated"))
        }
    }

    @Test func checksumMismatchNamesFileAndBothDigests() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let (i, _) = writeSmallMNIST(in: folder)
        let actual = MD5.hex(try Data(contentsOf: i))
        #expect(throws: DataError.checksumMismatch(file: i.lastPathComponent, expected: "9fb629c4189551a2d022fa330f9573f3", actual: actual)) {
            try IDXArray.read(i, expectedRank: 3, md5: "9fb629c4189551a2d022fa330f9573f3")
        }
        #expect(try IDXArray.read(i, expectedRank: 3, md5: actual).dimensions == [3, 2, 2])
    }

    @Test func missingFilesErrorNamesFilesFolderAndSource() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        do {
            _ = try MNISTSource.load(root: folder.url)
            Issue.record("loading from an empty folder must fail")
        } catch let error as DataError {
            let text = error.description
            #expect(text.contains("t10k-images-idx3-ubyte.gz") && text.contains("t10k-labels-idx1-ubyte.gz"))
            #expect(text.contains(folder.url.appendingPathComponent("mnist").path))
            #expect(text.contains("yann.lecun.com"))
        }
        #expect(DataRequirement.mnist.missingFiles(root: folder.url).count == 4)
        #expect(DataRequirement.mnist.description.contains("f68b3c2dcbeaaa9fbdd348bbdeb94873"))
    }

    @Test func sourceSplitsTheTestSetWhenTrainingFilesAreAbsent() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let mnistFolder = TemporaryFolder(url: folder.url.appendingPathComponent("mnist"))
        _ = writeSmallMNIST(in: mnistFolder)
        let source = try MNISTSource.load(root: folder.url, options: .init(normalization: .unit, permutationSeed: 3),
                                          splitTrainCount: 2, verifyChecksums: false)
        #expect(!source.usesOfficialTrainingSet)
        #expect(source.train.count == 2 && source.test.count == 1)
        #expect(Set(source.train.labels + source.test.labels) == [7, 2, 1])
        #expect(source.train.permutation == source.test.permutation && source.train.permutation != nil)
        #expect(source.description.contains("test set only") && source.description.contains("permuted"))

        _ = writeSmallMNIST(in: mnistFolder, prefix: "train")
        let official = try MNISTSource.load(root: folder.url, verifyChecksums: false)
        #expect(official.usesOfficialTrainingSet && official.train.count == 3 && official.test.count == 3)
        #expect(official.description.contains("official split"))
    }
}

extension TemporaryFolder {
    init(url: URL) {
        self.url = url
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
}
