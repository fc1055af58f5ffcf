import LinearAlgebra
import Randomness

/// How byte pixels become inputs.
public enum PixelNormalization: Sendable, Equatable, Hashable, Codable {
    /// x / 255 (coRNN: `ToTensor()` only).
    case unit
    /// (x / 255 − mean) / std (rPLRNN MNIST: mean 0.1307, std 0.3081).
    case standardized(mean: Double, std: Double)

    /// The torchvision MNIST normalisation used by the rPLRNN code.
    public static let mnist = PixelNormalization.standardized(mean: 0.1307, std: 0.3081)

    @inline(__always) func apply(_ byte: UInt8) -> Double {
        switch self {
        case .unit: Double(byte) / 255
        case let .standardized(mean, std): (Double(byte) / 255 - mean) / std
        }
    }
}

/// Noise steps appended after the image steps (coRNN's noise-padded CIFAR-10).
public struct NoisePadding: Sendable, Equatable, Hashable, Codable {
    /// Whether all sequences share one noise tensor.
    public enum Mode: String, Sendable, Equatable, Hashable, Codable {
        /// One fixed tensor reused for every image, as the reference code (`torch.randn(1,968,96)`).
        case shared
        /// Different noise for each image, fixed per image index (derived from the seed and the index).
        case perSample
    }
    public enum Distribution: String, Sendable, Equatable, Hashable, Codable {
        /// Standard normal (the reference code).
        case gaussian
        /// U[0,1) (what the paper's text says).
        case uniform
    }

    public var steps: Int
    public var mode: Mode
    public var distribution: Distribution
    public var seed: UInt64

    public init(steps: Int, mode: Mode = .shared, distribution: Distribution = .gaussian, seed: UInt64 = 0) {
        precondition(steps >= 0)
        self.steps = steps
        self.mode = mode
        self.distribution = distribution
        self.seed = seed
    }

    /// No padding.
    public static let none = NoisePadding(steps: 0)

    /// coRNN's noisy CIFAR-10: 968 Gaussian steps after the 32 rows (T = 1000).
    public static func coRNNCIFAR(seed: UInt64 = 0) -> NoisePadding { NoisePadding(steps: 968, seed: seed) }

    /// `steps × width` noise values from `generator`.
    func draw(width: Int, generator g: inout Generator) -> [Float] {
        (0..<(steps * width)).map { _ in Float(distribution == .gaussian ? g.normal() : g.uniform()) }
    }
}

/// Classification sequences built from byte images: each sample is `imageSteps × inputSize` bytes
/// (e.g. 784 × 1 for sequential MNIST, 32 × 96 for CIFAR rows), optionally with the image steps
/// permuted (psMNIST) and noise steps appended (noisy CIFAR). Pixels stay bytes until a batch is built.
public struct ImageSequenceDataset: SequenceDataset, Equatable {
    public let imageSteps: Int
    public let inputSize: Int
    /// N × imageSteps × inputSize bytes.
    public let pixels: [UInt8]
    public let labels: [Int]
    public let classes: Int
    public var normalization: PixelNormalization
    /// When set, input step t shows image step `permutation[t]` (one fixed permutation for all images).
    public let permutation: [Int]?
    public let padding: NoisePadding
    /// The shared padding tensor (`padding.steps × inputSize`), drawn once from `padding.seed`.
    private let sharedNoise: [Float]

    public init(imageSteps: Int, inputSize: Int, pixels: [UInt8], labels: [Int], classes: Int,
                normalization: PixelNormalization = .unit, permutation: [Int]? = nil, padding: NoisePadding = .none) {
        precondition(pixels.count == labels.count * imageSteps * inputSize, "pixels must hold N×T×K bytes")
        precondition(labels.allSatisfy { $0 >= 0 && $0 < classes }, "labels must lie in 0..<\(classes)")
        if let p = permutation { precondition(p.sorted() == Array(0..<imageSteps), "permutation must rearrange 0..<\(imageSteps)") }
        self.imageSteps = imageSteps
        self.inputSize = inputSize
        self.pixels = pixels
        self.labels = labels
        self.classes = classes
        self.normalization = normalization
        self.permutation = permutation
        self.padding = padding
        if padding.mode == .shared && padding.steps > 0 {
            var g = Generator(seed: padding.seed)
            sharedNoise = padding.draw(width: inputSize, generator: &g)
        } else {
            sharedNoise = []
        }
    }

    public var count: Int { labels.count }
    public var steps: Int { imageSteps + padding.steps }
    public var outputSize: Int { classes }
    public var targetTiming: TargetTiming { .last }
    public var loss: LossKind { .crossEntropy(classes: classes) }

    /// The padding rows for sample n (`padding.steps × inputSize`).
    public func noise(for n: Int) -> [Float] {
        switch padding.mode {
        case .shared: return sharedNoise
        case .perSample:
            var g = Generator(seed: padding.seed).child("sample \(n)")
            return padding.draw(width: inputSize, generator: &g)
        }
    }

    public func batch<Scalar: BLASScalar>(indices: [Int]) -> SequenceBatch<Scalar> {
        let b = indices.count, k = inputSize
        // A byte → value table keeps the per-pixel work to a lookup.
        let table = (0..<256).map { Scalar(normalization.apply(UInt8($0))) }
        var xs = (0..<steps).map { _ in Matrix<Scalar>(rows: b, columns: k) }
        for (row, n) in indices.enumerated() {
            precondition(n >= 0 && n < count, "index \(n) out of 0..<\(count)")
            let base = n * imageSteps * k
            for t in 0..<imageSteps {
                let src = base + (permutation?[t] ?? t) * k
                for j in 0..<k { xs[t].storage[row * k + j] = table[Int(pixels[src + j])] }
            }
            if padding.steps > 0 {
                let noise = self.noise(for: n)
                for t in 0..<padding.steps {
                    for j in 0..<k { xs[imageSteps + t].storage[row * k + j] = Scalar(noise[t * k + j]) }
                }
            }
        }
        let chosen = indices.map { labels[$0] }
        return SequenceBatch(inputs: xs, targets: [classificationTargetMatrix(chosen, loss: loss)], labels: chosen)
    }

    /// The images at `indices` (same normalisation, permutation and padding tensor).
    public func subset(_ indices: [Int]) -> ImageSequenceDataset {
        let stride = imageSteps * inputSize
        var bytes: [UInt8] = []
        bytes.reserveCapacity(indices.count * stride)
        for n in indices { bytes.append(contentsOf: pixels[(n * stride)..<((n + 1) * stride)]) }
        return ImageSequenceDataset(imageSteps: imageSteps, inputSize: inputSize, pixels: bytes, labels: indices.map { labels[$0] },
                                    classes: classes, normalization: normalization, permutation: permutation, padding: padding)
    }

    /// The first `n` images (or all, if fewer).
    public func prefix(_ n: Int) -> ImageSequenceDataset { subset(Array(0..<min(n, count))) }

    /// A deterministic random split: `validationCount` images (chosen by a permutation from `seed`) go to
    /// the second part, the rest to the first (coRNN: `random_split(train, [57000, 3000])`, different stream).
    public func split(validationCount: Int, seed: UInt64) -> (train: ImageSequenceDataset, validation: ImageSequenceDataset) {
        precondition(validationCount >= 0 && validationCount <= count)
        var g = Generator(seed: seed)
        let order = g.permutation(count)
        let first = order.dropFirst(validationCount).sorted(), second = order.prefix(validationCount).sorted()
        return (subset(first), subset(second))
    }

    /// The same images with the image steps shown in `permutation` order.
    public func permuted(_ permutation: [Int]?) -> ImageSequenceDataset {
        ImageSequenceDataset(imageSteps: imageSteps, inputSize: inputSize, pixels: pixels, labels: labels, classes: classes,
                             normalization: normalization, permutation: permutation, padding: padding)
    }

    /// The same images with different noise padding.
    public func padded(_ padding: NoisePadding) -> ImageSequenceDataset {
        ImageSequenceDataset(imageSteps: imageSteps, inputSize: inputSize, pixels: pixels, labels: labels, classes: classes,
                             normalization: normalization, permutation: permutation, padding: padding)
    }

    /// How many images of each class.
    public var classHistogram: [Int] {
        var h = [Int](repeating: 0, count: classes)
        for l in labels { h[l] += 1 }
        return h
    }
}
