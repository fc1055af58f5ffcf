import CHDF5

/// A numeric or string dataset inside an HDF5 file; keeps its file alive.
public struct HDF5Dataset: HDF5Object, Sendable {
    public let file: HDF5File
    public let path: String

    init(file: HDF5File, path: String) {
        self.file = file
        self.path = path
    }

    /// Dimensions of the dataset ([] for a scalar).
    public func shape() throws -> [Int] {
        try file.withHandle("read dataset shape", object: path) { fileID, context in
            let dataset = try resolve(H5Dopen2(fileID, path, chdf5_p_default()), path, in: fileID, context)
            defer { _ = H5Dclose(dataset) }
            let space = try context.id(H5Dget_space(dataset))
            defer { _ = H5Sclose(space) }
            return try extent(of: space, context)
        }
    }

    /// Reads the whole dataset, converting to `T` on read (e.g. float32 in the file as Double).
    public func read<T: HDF5Scalar>(as type: T.Type = T.self) throws -> NDArray<T> {
        try file.withHandle("read dataset", object: path) { fileID, context in
            let dataset = try resolve(H5Dopen2(fileID, path, chdf5_p_default()), path, in: fileID, context)
            defer { _ = H5Dclose(dataset) }
            let space = try context.id(H5Dget_space(dataset))
            defer { _ = H5Sclose(space) }
            let fileType = try context.id(H5Dget_type(dataset))
            defer { _ = H5Tclose(fileType) }
            let shape = try extent(of: space, context)
            // A null dataspace reports [0] but an NDArray of it is simply empty.
            let values: [T] = try readNumbers(fileType: fileType, count: shape.reduce(1, *), context) { memoryType, buffer in
                H5Dread(dataset, memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer)
            }
            return NDArray(shape: shape, values: values)
        }
    }
}
