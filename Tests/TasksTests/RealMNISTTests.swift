import Testing
import Foundation
import Tasks

/// The real MNIST test set in ../shared/datasets/mnist, when this machine has it.
@Suite(.enabled(if: DataRequirement.mnistTestSet.isSatisfied(root: sharedDatasetsRoot),
                "skipped: MNIST test files not found in ../shared/datasets/mnist"))
struct RealMNISTTests {
    @Test func officialTestSetLoadsWithPublishedChecksums() throws {
        let dir = sharedDatasetsRoot.appendingPathComponent("mnist")
        let files = DataRequirement.mnist.files
        let mnist = try MNISTImages.read(images: dir.appendingPathComponent(files[2].name), labels: dir.appendingPathComponent(files[3].name),
                                         imagesMD5: files[2].md5, labelsMD5: files[3].md5)
        #expect(mnist.count == 10_000 && mnist.rows == 28 && mnist.columns == 28)
        #expect(mnist.labels.first == 7)
        var histogram = [Int](repeating: 0, count: 10)
        for l in mnist.labels { histogram[l] += 1 }
        // Published class counts of the test set range from 892 (5) to 1135 (1).
        #expect(histogram.allSatisfy { (850...1200).contains($0) }, "\(histogram)")
        #expect(histogram[1] == 1135 && histogram[5] == 892)
        let mean = Double(mnist.pixels.reduce(0) { $0 + Int($1) }) / Double(mnist.pixels.count) / 255
        #expect(abs(mean - 0.1325) < 0.01)  // test-set pixel mean (train: 0.1307)
    }

    @Test func sourceSplitsTheSharedTestSet() throws {
        let source = try MNISTSource.load(root: sharedDatasetsRoot, options: .init(pooled: true))
        if !source.usesOfficialTrainingSet {
            #expect(source.train.count == 8000 && source.test.count == 2000)
            #expect(source.description.contains("8000 train / 2000 test"))
        }
        #expect(source.train.steps == 196)
        print("MNIST source: \(source.description)")
    }
}
