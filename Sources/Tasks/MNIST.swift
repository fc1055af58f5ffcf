import Foundation
import Randomness

/// MNIST images and labels as read from the IDX files: `count` images of `rows × columns` bytes.
public struct MNISTImages: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    /// count × rows × columns bytes, row-major per image (0 = background, 255 = ink).
    public var pixels: [UInt8]
    public var labels: [Int]

    public var count: Int { labels.count }

    /// Reads an images file (IDX magic 2051, rank 3) and a labels file (2049, rank 1), checking that
    /// counts agree and labels are digits. MD5s are checked first when given.
    public static func read(images: URL, labels: URL, imagesMD5: String? = nil, labelsMD5: String? = nil) throws -> MNISTImages {
        let img = try IDXArray.read(images, expectedRank: 3, md5: imagesMD5)
        let lab = try IDXArray.read(labels, expectedRank: 1, md5: labelsMD5)
        guard img.dimensions[0] == lab.dimensions[0] else {
            throw DataError.malformed(file: labels.path, reason: "\(lab.dimensions[0]) labels for \(img.dimensions[0]) images in \(images.lastPathComponent)")
        }
        if let bad = lab.bytes.first(where: { $0 > 9 }) {
            throw DataError.malformed(file: labels.path, reason: "label \(bad) is not a digit")
        }
        return MNISTImages(rows: img.dimensions[1], columns: img.dimensions[2], pixels: img.bytes, labels: lab.bytes.map(Int.init))
    }

    /// 2×2 average pooling (28×28 → 14×14, so sequential MNIST has T = 196 for smoke runs); averages are
    /// rounded to the nearest byte.
    public func pooled2x2() -> MNISTImages {
        let r = rows / 2, c = columns / 2
        var out = [UInt8](repeating: 0, count: count * r * c)
        for n in 0..<count {
            let base = n * rows * columns
            for i in 0..<r {
                for j in 0..<c {
                    let s = Int(pixels[base + 2 * i * columns + 2 * j]) + Int(pixels[base + 2 * i * columns + 2 * j + 1])
                        + Int(pixels[base + (2 * i + 1) * columns + 2 * j]) + Int(pixels[base + (2 * i + 1) * columns + 2 * j + 1])
                    out[n * r * c + i * c + j] = UInt8((s + 2) / 4)
                }
            }
        }
        return MNISTImages(rows: r, columns: c, pixels: out, labels: labels)
    }

    /// The images at `indices`.
    public func subset(_ indices: [Int]) -> MNISTImages {
        let stride = rows * columns
        var bytes: [UInt8] = []
        bytes.reserveCapacity(indices.count * stride)
        for n in indices { bytes.append(contentsOf: pixels[(n * stride)..<((n + 1) * stride)]) }
        return MNISTImages(rows: rows, columns: columns, pixels: bytes, labels: indices.map { labels[$0] })
    }

    /// Pixel-by-pixel sequences (T = rows·columns, one input per step), 10 classes.
    public func sequential(normalization: PixelNormalization, permutation: [Int]? = nil) -> ImageSequenceDataset {
        ImageSequenceDataset(imageSteps: rows * columns, inputSize: 1, pixels: pixels, labels: labels, classes: 10,
                             normalization: normalization, permutation: permutation)
    }
}

/// How sequential MNIST is presented.
public struct SequentialMNISTOptions: Sendable, Equatable, Hashable, Codable {
    /// `.mnist` (rPLRNN: (x/255 − 0.1307)/0.3081) or `.unit` (coRNN: x/255).
    public var normalization: PixelNormalization
    /// psMNIST: one fixed permutation of the pixel order from `Generator(seed:)`. coRNN used
    /// `torch.randperm(784)` (seed 12008) and expRNN NumPy's `RandomState(92916)`; ours is a different
    /// (equally uniform) permutation.
    public var permutationSeed: UInt64?
    /// 2×2 average pooling (T = 196) for smoke runs.
    public var pooled: Bool

    public init(normalization: PixelNormalization = .mnist, permutationSeed: UInt64? = nil, pooled: Bool = false) {
        self.normalization = normalization
        self.permutationSeed = permutationSeed
        self.pooled = pooled
    }
}

/// Sequential (or permuted) MNIST train and test sets from whatever MNIST files are available, with a
/// caption-ready `description` of where they came from.
///
/// With all four official files in the folder: the official 60 000 / 10 000 split. With only the test
/// files (what `../shared/datasets/mnist` holds): the 10 000 test images are split deterministically
/// by a permutation from `splitSeed` into `splitTrainCount` training and the rest test images.
public struct MNISTSource: Sendable {
    public let train: ImageSequenceDataset
    public let test: ImageSequenceDataset
    /// True when the official training files were used.
    public let usesOfficialTrainingSet: Bool
    /// E.g. "MNIST official split (60 000 train / 10 000 test), sequential, 784 steps, normalised (x/255 − 0.1307)/0.3081".
    public let description: String

    /// Loads from `root/mnist` (`root` is the datasets root, normally `../shared/datasets`).
    /// Throws `DataError.missingFiles` (naming the files, folder and download source) if even the test files are missing.
    public static func load(root: URL, options: SequentialMNISTOptions = .init(), splitTrainCount: Int = 8000,
                            splitSeed: UInt64 = 0, verifyChecksums: Bool = true) throws -> MNISTSource {
        let requirement = DataRequirement.mnist
        let dir = requirement.directory(root: root)
        func file(_ i: Int) -> (URL, String?) {
            let f = requirement.files[i]
            return (dir.appendingPathComponent(f.name), verifyChecksums ? f.md5 : nil)
        }
        try DataRequirement.mnistTestSet.check(root: root)
        let (ti, tiMD5) = file(2), (tl, tlMD5) = file(3)
        var testImages = try MNISTImages.read(images: ti, labels: tl, imagesMD5: tiMD5, labelsMD5: tlMD5)
        var trainImages: MNISTImages
        let official = requirement.isSatisfied(root: root)
        var origin: String
        if official {
            let (ri, riMD5) = file(0), (rl, rlMD5) = file(1)
            trainImages = try MNISTImages.read(images: ri, labels: rl, imagesMD5: riMD5, labelsMD5: rlMD5)
            origin = "MNIST official split (\(trainImages.count) train / \(testImages.count) test)"
        } else {
            precondition(splitTrainCount > 0 && splitTrainCount < testImages.count, "split must leave images on both sides")
            var g = Generator(seed: splitSeed)
            let order = g.permutation(testImages.count)
            trainImages = testImages.subset(Array(order.prefix(splitTrainCount)))
            testImages = testImages.subset(Array(order.dropFirst(splitTrainCount)))
            origin = "MNIST test set only (training files absent): its 10 000 images split at random (seed \(splitSeed)) into \(trainImages.count) train / \(testImages.count) test"
        }
        if options.pooled {
            trainImages = trainImages.pooled2x2()
            testImages = testImages.pooled2x2()
        }
        let pixelsPerImage = trainImages.rows * trainImages.columns
        var permutation: [Int]? = nil
        if let seed = options.permutationSeed {
            var g = Generator(seed: seed)
            permutation = g.permutation(pixelsPerImage)
        }
        let kind = permutation == nil ? "sequential" : "permuted (seed \(options.permutationSeed!))"
        let pooling = options.pooled ? ", 2×2-pooled" : ""
        let norm: String
        switch options.normalization {
        case .unit: norm = "pixels x/255"
        case let .standardized(mean, std): norm = "pixels (x/255 − \(mean))/\(std)"
        }
        return MNISTSource(
            train: trainImages.sequential(normalization: options.normalization, permutation: permutation),
            test: testImages.sequential(normalization: options.normalization, permutation: permutation),
            usesOfficialTrainingSet: official,
            description: "\(origin), \(kind)\(pooling), \(pixelsPerImage) steps, \(norm)")
    }
}
