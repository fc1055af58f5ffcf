import Testing
import Foundation
import Tasks

@Suite struct CIFARBinaryTests {
    /// A record whose pixel byte encodes (channel, row, column): value = 64·c + 2·r + (col % 2).
    func record(label: UInt8) -> [UInt8] {
        var r: [UInt8] = [label]
        for c in 0..<3 { for row in 0..<32 { for col in 0..<32 { r.append(UInt8(64 * c + 2 * row + col % 2)) } } }
        return r
    }

    @Test func rowsBecomeStepsWithChannelsConcatenated() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let url = folder.write(record(label: 3) + record(label: 9), to: "data_batch_1.bin")
        let (pixels, labels) = try CIFAR10.readBatch(url)
        #expect(labels == [3, 9])
        // Step 5, input c·32 + col.
        #expect(pixels[5 * 96 + 0 * 32 + 1] == 11)
        #expect(pixels[5 * 96 + 2 * 32 + 4] == 128 + 10)
        let data = try CIFAR10.dataset(batches: [url], padding: NoisePadding(steps: 8, seed: 1))
        #expect(data.steps == 40 && data.inputSize == 96 && data.count == 2)
        let batch: SequenceBatch<Double> = data.batch(indices: [1])
        #expect(batch.labels == [9])
        #expect(batch.inputs[5][0, 64 + 1] == Double(128 + 11) / 255)
        #expect(batch.inputs[35] == data.batch(indices: [0]).inputs[35])  // one shared padding tensor
        #expect(NoisePadding.coRNNCIFAR().steps + 32 == 1000)
    }

    @Test func partialRecordsAndMissingBatchesAreReported() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        let url = folder.write(Array(record(label: 1).dropLast(7)), to: "data_batch_1.bin")
        #expect(throws: DataError.self) { try CIFAR10.readBatch(url) }
        do {
            _ = try CIFAR10.load(root: folder.url)
            Issue.record("load must fail without cifar-10-batches-bin")
        } catch let error as DataError {
            #expect(error.description.contains("test_batch.bin") && error.description.contains("cifar-10-batches-bin"))
        }
    }
}

@Suite struct HARTests {
    /// Writes a 'UCI HAR Dataset' folder with `windows` windows per split; channel c of window i at step t is i + c/10 + t/1000.
    func writeHAR(in folder: TemporaryFolder, activities: [Int]) {
        for split in ["train", "test"] {
            _ = folder.write(activities.map { "\($0)\n" }.joined(), to: "UCI HAR Dataset/\(split)/y_\(split).txt")
            for (c, name) in HARDataset.channelNames.enumerated() {
                let lines = activities.indices.map { i in
                    (0..<128).map { t in String(format: " %.7e", Double(i) + Double(c) / 10 + Double(t) / 1000) }.joined()
                }
                _ = folder.write(lines.joined(separator: "\n") + "\n", to: "UCI HAR Dataset/\(split)/Inertial Signals/\(name)_\(split).txt")
            }
        }
    }

    @Test func binarisesActivitiesAndLaysOutNineChannels() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        writeHAR(in: folder, activities: [1, 2, 3, 4, 5, 6])
        let (train, test) = try HARDataset.load(root: folder.url, standardize: false)
        // WALKING 1, UPSTAIRS 2, DOWNSTAIRS 3, SITTING 4, STANDING 5, LAYING 6.
        #expect(train.labels == [0, 1, 0, 1, 0, 1])
        #expect(test.count == 6 && train.steps == 128 && train.inputSize == 9 && train.loss == .binaryCrossEntropy)
        let batch: SequenceBatch<Double> = train.batch(indices: [4])
        #expect(abs(batch.inputs[17][0, 6] - (4 + 0.6 + 0.017)) < 1e-6)
        #expect(batch.lastTarget[0, 0] == 0)
        let standardized = try HARDataset.load(root: folder.url).train
        let (mean, std) = HARDataset.channelStatistics(standardized)
        #expect(mean.allSatisfy { abs($0) < 1e-4 } && std.allSatisfy { abs($0 - 1) < 1e-4 })
    }

    @Test func malformedFilesAndMissingFolderAreReported() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanup() }
        #expect(throws: DataError.self) { try HARDataset.load(root: folder.url) }
        writeHAR(in: folder, activities: [1, 7])
        do {
            _ = try HARDataset.load(root: folder.url)
            Issue.record("activity 7 must be rejected")
        } catch let error as DataError {
            #expect(error.description.contains("y_train.txt") && error.description.contains("7"))
        }
    }
}
