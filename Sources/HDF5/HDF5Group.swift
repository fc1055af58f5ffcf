/// A group (directory) inside an HDF5 file; keeps its file alive.
public struct HDF5Group: HDF5Object, Sendable {
    public let file: HDF5File
    public let path: String

    init(file: HDF5File, path: String) {
        self.file = file
        self.path = path
    }

    /// Creates a group; `name` may be nested ("a/b"), intermediate groups are created.
    @discardableResult
    public func createGroup(_ name: String) throws -> HDF5Group { fatalError("not implemented yet") }

    /// Opens an existing group.
    public func group(_ name: String) throws -> HDF5Group { fatalError("not implemented yet") }

    /// Writes a new dataset (chunked, shuffled and deflated at level `compression` when non-empty;
    /// contiguous when empty or `compression == 0`). Writing over an existing name throws.
    @discardableResult
    public func write<T: HDF5Scalar>(_ array: NDArray<T>, to name: String, compression: Int = 4) throws -> HDF5Dataset {
        fatalError("not implemented yet")
    }

    /// Writes a 1-D dataset.
    @discardableResult
    public func write<T: HDF5Scalar>(_ values: [T], to name: String) throws -> HDF5Dataset {
        try write(NDArray(values), to: name)
    }

    /// Writes a scalar variable-length UTF-8 string dataset (for YAML/JSON blobs).
    public func writeString(_ value: String, to name: String) throws { fatalError("not implemented yet") }

    /// Reads a string dataset (variable- or fixed-length).
    public func readString(_ name: String) throws -> String { fatalError("not implemented yet") }

    /// Reads a numeric dataset, converting to `T` on read.
    public func read<T: HDF5Scalar>(_ name: String, as type: T.Type = T.self) throws -> NDArray<T> {
        try dataset(name).read(as: type)
    }

    /// Opens an existing dataset.
    public func dataset(_ name: String) throws -> HDF5Dataset { fatalError("not implemented yet") }

    /// Names of the direct members, sorted.
    public func children() throws -> [String] { fatalError("not implemented yet") }

    /// Whether a link exists; `name` may be nested ("a/b/c").
    public func contains(_ name: String) -> Bool { fatalError("not implemented yet") }

    /// Whether `name` exists and is a group.
    public func isGroup(_ name: String) -> Bool { fatalError("not implemented yet") }

    /// Removes the link `name` (space is not reclaimed in the file).
    public func delete(_ name: String) throws { fatalError("not implemented yet") }
}
