import CHDF5

/// A group (directory) inside an HDF5 file; keeps its file alive. Member names may be nested
/// ("a/b"); a name starting with "/" is taken from the root.
public struct HDF5Group: HDF5Object, Sendable {
    public let file: HDF5File
    public let path: String

    init(file: HDF5File, path: String) {
        self.file = file
        self.path = path
    }

    /// Creates a group; `name` may be nested ("a/b"), intermediate groups are created.
    @discardableResult
    public func createGroup(_ name: String) throws -> HDF5Group {
        let target = join(path, name)
        try file.withHandle("create group", object: target) { fileID, context in
            let links = try intermediateGroupsList(context)
            defer { _ = H5Pclose(links) }
            let group = try context.id(H5Gcreate2(fileID, target, links, chdf5_p_default(), chdf5_p_default()))
            _ = H5Gclose(group)
        }
        return HDF5Group(file: file, path: target)
    }

    /// Opens an existing group.
    public func group(_ name: String) throws -> HDF5Group {
        let target = join(path, name)
        try file.withHandle("open group", object: target) { fileID, context in
            let group = try resolve(H5Gopen2(fileID, target, chdf5_p_default()), target, in: fileID, context)
            _ = H5Gclose(group)
        }
        return HDF5Group(file: file, path: target)
    }

    /// Writes a new dataset: chunked, shuffled and deflated at level `compression` (0...9) when it has
    /// elements, contiguous when empty or `compression == 0`. Intermediate groups are created.
    /// Writing over an existing name throws; `delete` it first.
    @discardableResult
    public func write<T: HDF5Scalar>(_ array: NDArray<T>, to name: String, compression: Int = 4) throws -> HDF5Dataset {
        precondition((0...9).contains(compression), "HDF5: compression level must be 0...9, got \(compression)")
        let target = join(path, name)
        try file.withHandle("write dataset", object: target) { fileID, context in
            let type = T.hdf5Kind.nativeType
            let space = try makeSpace(array.shape, context)
            defer { _ = H5Sclose(space) }
            let creation = try context.id(H5Pcreate(chdf5_p_dataset_create()))
            defer { _ = H5Pclose(creation) }
            if array.count > 0 && compression > 0 && !array.shape.isEmpty {
                let chunk = chunkShape(array.shape, elementSize: MemoryLayout<T>.stride).map { hsize_t($0) }
                try context.status(H5Pset_chunk(creation, Int32(chunk.count), chunk))
                try context.status(H5Pset_shuffle(creation))
                try context.status(H5Pset_deflate(creation, UInt32(compression)))
            }
            let links = try intermediateGroupsList(context)
            defer { _ = H5Pclose(links) }
            let dataset = try context.id(H5Dcreate2(fileID, target, type, space, links, creation, chdf5_p_default()))
            defer { _ = H5Dclose(dataset) }
            guard array.count > 0 else { return }
            try array.values.withUnsafeBytes { bytes in
                try context.status(H5Dwrite(dataset, type, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), bytes.baseAddress))
            }
        }
        return HDF5Dataset(file: file, path: target)
    }

    /// Writes a 1-D dataset with the default compression.
    @discardableResult
    public func write<T: HDF5Scalar>(_ values: [T], to name: String) throws -> HDF5Dataset {
        try write(NDArray(values), to: name)
    }

    /// Writes a scalar variable-length UTF-8 string dataset (for YAML/JSON blobs; h5py reads `str`).
    public func writeString(_ value: String, to name: String) throws {
        let target = join(path, name)
        try file.withHandle("write string dataset", object: target) { fileID, context in
            let type = try makeStringType(context)
            defer { _ = H5Tclose(type) }
            let space = try makeSpace([], context)
            defer { _ = H5Sclose(space) }
            let links = try intermediateGroupsList(context)
            defer { _ = H5Pclose(links) }
            let dataset = try context.id(H5Dcreate2(fileID, target, type, space, links, chdf5_p_default(), chdf5_p_default()))
            defer { _ = H5Dclose(dataset) }
            try writeStringValue(value, context) { memoryType, buffer in
                H5Dwrite(dataset, memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer)
            }
        }
    }

    /// Reads a string dataset holding one string (variable- or fixed-length).
    public func readString(_ name: String) throws -> String {
        let target = join(path, name)
        return try file.withHandle("read string dataset", object: target) { fileID, context in
            let dataset = try resolve(H5Dopen2(fileID, target, chdf5_p_default()), target, in: fileID, context)
            defer { _ = H5Dclose(dataset) }
            let type = try context.id(H5Dget_type(dataset))
            defer { _ = H5Tclose(type) }
            let space = try context.id(H5Dget_space(dataset))
            defer { _ = H5Sclose(space) }
            return try readStringValue(fileType: type, space: space, context) { memoryType, buffer in
                H5Dread(dataset, memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer)
            }
        }
    }

    /// Reads a numeric dataset, converting to `T` on read (e.g. a float32 dataset as Double).
    public func read<T: HDF5Scalar>(_ name: String, as type: T.Type = T.self) throws -> NDArray<T> {
        try dataset(name).read(as: type)
    }

    /// Opens an existing dataset.
    public func dataset(_ name: String) throws -> HDF5Dataset {
        let target = join(path, name)
        try file.withHandle("open dataset", object: target) { fileID, context in
            let dataset = try resolve(H5Dopen2(fileID, target, chdf5_p_default()), target, in: fileID, context)
            _ = H5Dclose(dataset)
        }
        return HDF5Dataset(file: file, path: target)
    }

    /// Names of the direct members, sorted.
    public func children() throws -> [String] {
        try file.withHandle("list group", object: path) { fileID, context in
            let group = try context.id(H5Gopen2(fileID, path, chdf5_p_default()))
            defer { _ = H5Gclose(group) }
            return try NameList.links(of: group, context)
        }
    }

    /// Whether a member exists; `name` may be nested ("a/b/c").
    public func contains(_ name: String) -> Bool {
        (try? file.withHandle("check link", object: join(path, name)) { fileID, _ in
            exists(join(path, name), in: fileID)
        }) ?? false
    }

    /// Whether `name` exists and is a group.
    public func isGroup(_ name: String) -> Bool {
        let target = join(path, name)
        return (try? file.withHandle("check group", object: target) { fileID, _ in
            guard exists(target, in: fileID) else { return false }
            let object = H5Oopen(fileID, target, chdf5_p_default())
            guard object >= 0 else { return false }
            defer { _ = H5Oclose(object) }
            return H5Iget_type(object) == H5I_GROUP
        }) ?? false
    }

    /// Removes the member `name` (HDF5 does not reclaim its space in the file).
    public func delete(_ name: String) throws {
        let target = join(path, name)
        try file.withHandle("delete", object: target) { fileID, context in
            try resolve(H5Ldelete(fileID, target, chdf5_p_default()), target, in: fileID, context)
        }
    }
}
