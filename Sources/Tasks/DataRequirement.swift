import Digest
import Foundation

/// What an experiment needs from outside the repository: which files, in which folder, with which
/// checksums, and how to obtain them. Experiments show this as "needs data" when `missingFiles` is not empty.
public struct DataRequirement: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// One expected file, relative to the requirement's folder.
    public struct File: Sendable, Equatable, Hashable, Codable {
        public var name: String
        /// Published MD5 (nil when no official checksum exists).
        public var md5: String?
        /// Exact size in bytes when known.
        public var bytes: Int?

        public init(_ name: String, md5: String? = nil, bytes: Int? = nil) {
            self.name = name
            self.md5 = md5
            self.bytes = bytes
        }
    }

    /// Human name, e.g. "MNIST".
    public var dataset: String
    /// Folder name under the datasets root (`../shared/datasets` relative to the project root).
    public var folder: String
    public var files: [File]
    /// Where the data come from and how to lay them out.
    public var instructions: String

    public init(dataset: String, folder: String, files: [File], instructions: String) {
        self.dataset = dataset
        self.folder = folder
        self.files = files
        self.instructions = instructions
    }

    /// The conventional datasets root, relative to the project root.
    public static let defaultRoot = "../shared/datasets"

    public func directory(root: URL) -> URL { root.appendingPathComponent(folder, isDirectory: true) }

    /// Names of the files not present under `root/folder`.
    public func missingFiles(root: URL) -> [String] {
        let dir = directory(root: root)
        return files.map(\.name).filter { !FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path) }
    }

    public func isSatisfied(root: URL) -> Bool { missingFiles(root: root).isEmpty }

    /// Throws `DataError.missingFiles` naming the files, the folder searched and where to get them.
    public func check(root: URL) throws {
        let missing = missingFiles(root: root)
        if !missing.isEmpty {
            throw DataError.missingFiles(dataset: dataset, folder: directory(root: root).path, missing: missing, instructions: instructions)
        }
    }

    /// Verifies the MD5 of `name` (if this requirement knows one); throws `checksumMismatch` otherwise.
    public func verify(_ name: String, bytes data: [UInt8]) throws {
        guard let file = files.first(where: { $0.name == name }) else { return }
        if let size = file.bytes, size != data.count {
            throw DataError.truncated(file: name, expectedBytes: size, actualBytes: data.count)
        }
        if let expected = file.md5 {
            let actual = MD5.hex(data)
            if actual.lowercased() != expected.lowercased() {
                throw DataError.checksumMismatch(file: name, expected: expected, actual: actual)
            }
        }
    }

    public var description: String {
        let list = files.map { f in f.md5.map { "\(f.name) (MD5 \($0))" } ?? f.name }.joined(separator: ", ")
        return "\(dataset) — needs \(list) in \(DataRequirement.defaultRoot)/\(folder). \(instructions)"
    }
}

extension DataRequirement {
    /// The official MNIST IDX files (LeCun & Cortes), with the MD5s torchvision checks.
    public static let mnist = DataRequirement(
        dataset: "MNIST", folder: "mnist",
        files: [
            File("train-images-idx3-ubyte.gz", md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            File("train-labels-idx1-ubyte.gz", md5: "d53e105ee54ea40749a09fcbcd1e9432"),
            File("t10k-images-idx3-ubyte.gz", md5: "9fb629c4189551a2d022fa330f9573f3"),
            File("t10k-labels-idx1-ubyte.gz", md5: "ec29112dd5afa0611ce80d1b7f02629c"),
        ],
        instructions: "Download the four gzipped IDX files from http://yann.lecun.com/exdb/mnist/ (or the torchvision mirror https://ossci-datasets.s3.amazonaws.com/mnist/) and place them, still gzipped, in that folder.")

    /// Only the MNIST test set (what ../shared/datasets/mnist holds); enough for a deterministic train/test split.
    public static let mnistTestSet = DataRequirement(
        dataset: "MNIST test set", folder: "mnist",
        files: Array(mnist.files.suffix(2)),
        instructions: mnist.instructions)

    /// CIFAR-10, binary version (the python version is pickled; we read the binary one).
    public static let cifar10Binary = DataRequirement(
        dataset: "CIFAR-10 (binary version)", folder: "cifar-10-batches-bin",
        files: (1...5).map { File("data_batch_\($0).bin", bytes: 10_000 * 3073) } + [File("test_batch.bin", bytes: 10_000 * 3073)],
        instructions: "Download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html and extract it; the archive's folder cifar-10-batches-bin/ holds data_batch_1…5.bin and test_batch.bin (10 000 records of 1 label byte + 3072 pixel bytes each). No official per-file checksum is published; sizes are checked.")

    /// UCI HAR (Human Activity Recognition Using Smartphones), raw inertial signals.
    public static let uciHAR = DataRequirement(
        dataset: "UCI HAR", folder: "UCI HAR Dataset",
        files: ["train", "test"].flatMap { split in
            HARDataset.channelNames.map { File("\(split)/Inertial Signals/\($0)_\(split).txt") } + [File("\(split)/y_\(split).txt")]
        },
        instructions: "Download 'UCI HAR Dataset.zip' from the UCI repository (https://archive.ics.uci.edu/dataset/240/human+activity+recognition+using+smartphones) and unzip it so that the folder 'UCI HAR Dataset' (with train/ and test/) sits in the datasets root. No official checksum is published.")

    /// Every external dataset the tasks know about.
    public static let all: [DataRequirement] = [.mnist, .cifar10Binary, .uciHAR, .aclImdb, .glove6B100d]
}
