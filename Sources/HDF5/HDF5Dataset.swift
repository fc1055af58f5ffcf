/// A dataset inside an HDF5 file; keeps its file alive.
public struct HDF5Dataset: HDF5Object, Sendable {
    public let file: HDF5File
    public let path: String

    init(file: HDF5File, path: String) {
        self.file = file
        self.path = path
    }

    /// Dimensions of the dataset ([] for a scalar).
    public func shape() throws -> [Int] { fatalError("not implemented yet") }

    /// Reads the whole dataset, converting to `T` on read.
    public func read<T: HDF5Scalar>(as type: T.Type = T.self) throws -> NDArray<T> { fatalError("not implemented yet") }
}
