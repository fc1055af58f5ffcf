import Foundation

/// Reader for the CIFAR-10 *binary* version (`cifar-10-binary.tar.gz`, extracted to `cifar-10-batches-bin/`),
/// laid out as coRNN's noise-padded CIFAR-10 sequences.
///
/// Each record is 1 label byte followed by 3072 pixel bytes: 1024 red, 1024 green, 1024 blue, each a
/// 32×32 row-major plane. Sequence step r is image row r with the three channels' 32 pixels concatenated
/// (input index c·32 + column), as coRNN's `permute(0,2,1,3)` + reshape to (32, 96) does. The python
/// version of CIFAR-10 is pickled and not read here.
public enum CIFAR10 {
    public static let recordBytes = 3073
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    /// One `.bin` batch as (rows-as-steps bytes N × 32 × 96, labels).
    public static func readBatch(_ url: URL) throws -> (pixels: [UInt8], labels: [Int]) {
        let data = try readFile(url)
        guard !data.isEmpty, data.count % recordBytes == 0 else {
            throw DataError.malformed(file: url.path, reason: "\(data.count) bytes is not a whole number of \(recordBytes)-byte records (truncated?)")
        }
        let n = data.count / recordBytes
        var pixels = [UInt8](repeating: 0, count: n * 3072)
        var labels = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let rec = i * recordBytes
            guard data[rec] < 10 else { throw DataError.malformed(file: url.path, reason: "record \(i) has label \(data[rec])") }
            labels[i] = Int(data[rec])
            for c in 0..<3 {
                for r in 0..<32 {
                    for col in 0..<32 {
                        pixels[i * 3072 + r * 96 + c * 32 + col] = data[rec + 1 + c * 1024 + r * 32 + col]
                    }
                }
            }
        }
        return (pixels, labels)
    }

    /// Batches as one 32-step, 96-input dataset with the given padding (coRNN: `.coRNNCIFAR()`, T = 1000).
    public static func dataset(batches urls: [URL], padding: NoisePadding, normalization: PixelNormalization = .unit) throws -> ImageSequenceDataset {
        var pixels: [UInt8] = [], labels: [Int] = []
        for url in urls {
            let b = try readBatch(url)
            pixels += b.pixels
            labels += b.labels
        }
        return ImageSequenceDataset(imageSteps: 32, inputSize: 96, pixels: pixels, labels: labels, classes: 10,
                                    normalization: normalization, padding: padding)
    }

    /// The 50 000 training and 10 000 test images from `root/cifar-10-batches-bin` (sizes checked).
    public static func load(root: URL, padding: NoisePadding = .coRNNCIFAR(), normalization: PixelNormalization = .unit)
        throws -> (train: ImageSequenceDataset, test: ImageSequenceDataset)
    {
        let requirement = DataRequirement.cifar10Binary
        try requirement.check(root: root)
        let dir = requirement.directory(root: root)
        for f in requirement.files {
            let url = dir.appendingPathComponent(f.name)
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? -1
            if let expected = f.bytes, size != expected {
                throw DataError.truncated(file: url.path, expectedBytes: expected, actualBytes: size)
            }
        }
        let train = try dataset(batches: (1...5).map { dir.appendingPathComponent("data_batch_\($0).bin") }, padding: padding, normalization: normalization)
        let test = try dataset(batches: [dir.appendingPathComponent("test_batch.bin")], padding: padding, normalization: normalization)
        return (train, test)
    }
}
