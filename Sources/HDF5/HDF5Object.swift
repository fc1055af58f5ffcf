import CHDF5

/// Something in an HDF5 file that carries attributes: a group or a dataset.
/// Setting an attribute that exists replaces it, whatever its old type.
public protocol HDF5Object {
    /// The file the object lives in (kept alive by the object).
    var file: HDF5File { get }
    /// Absolute path inside the file, "/" or "/a/b".
    var path: String { get }

    func setAttribute(_ name: String, _ value: String) throws
    func setAttribute(_ name: String, _ value: Double) throws
    func setAttribute(_ name: String, _ value: Int) throws
    func setAttribute(_ name: String, _ value: [Double]) throws
    func setAttribute(_ name: String, _ value: [Int]) throws
    func stringAttribute(_ name: String) throws -> String
    func doubleAttribute(_ name: String) throws -> Double
    func intAttribute(_ name: String) throws -> Int
    func doubleArrayAttribute(_ name: String) throws -> [Double]
    func intArrayAttribute(_ name: String) throws -> [Int]
    func attributeNames() throws -> [String]
    func hasAttribute(_ name: String) -> Bool
}

extension HDF5Object {
    /// Stored as a variable-length UTF-8 string (h5py reads it as `str`).
    public func setAttribute(_ name: String, _ value: String) throws {
        try replaceAttribute(name, shape: [], "set string attribute") { attribute, context in
            try writeStringValue(value, context) { type, buffer in H5Awrite(attribute, type, buffer) }
        } type: { try makeStringType($0) }
    }

    public func setAttribute(_ name: String, _ value: Double) throws {
        try setNumbers(name, [value], shape: [], "set double attribute")
    }

    /// Stored as a 64-bit integer.
    public func setAttribute(_ name: String, _ value: Int) throws {
        try setNumbers(name, [value], shape: [], "set int attribute")
    }

    public func setAttribute(_ name: String, _ value: [Double]) throws {
        try setNumbers(name, value, shape: [value.count], "set double array attribute")
    }

    public func setAttribute(_ name: String, _ value: [Int]) throws {
        try setNumbers(name, value, shape: [value.count], "set int array attribute")
    }

    /// Reads variable- or fixed-length string attributes.
    public func stringAttribute(_ name: String) throws -> String {
        try withAttribute(name, "read string attribute") { attribute, type, space, context in
            try readStringValue(fileType: type, space: space, context) { memoryType, buffer in
                H5Aread(attribute, memoryType, buffer)
            }
        }
    }

    public func doubleAttribute(_ name: String) throws -> Double {
        try scalar(name, "read double attribute")
    }

    public func intAttribute(_ name: String) throws -> Int {
        try scalar(name, "read int attribute")
    }

    /// Reads a numeric attribute of any shape, flattened (a scalar gives one element).
    public func doubleArrayAttribute(_ name: String) throws -> [Double] {
        try numbers(name, "read double array attribute")
    }

    /// Reads a numeric attribute of any shape, flattened (a scalar gives one element).
    public func intArrayAttribute(_ name: String) throws -> [Int] {
        try numbers(name, "read int array attribute")
    }

    /// Attribute names, sorted.
    public func attributeNames() throws -> [String] {
        try file.withHandle("list attributes", object: path) { fileID, context in
            let object = try context.id(H5Oopen(fileID, path, chdf5_p_default()))
            defer { _ = H5Oclose(object) }
            return try NameList.attributes(of: object, context)
        }
    }

    public func hasAttribute(_ name: String) -> Bool {
        (try? file.withHandle("check attribute", object: path) { fileID, _ in
            H5Aexists_by_name(fileID, path, name, chdf5_p_default()) > 0
        }) ?? false
    }
}

// Plumbing shared by the accessors above.
extension HDF5Object {
    private func setNumbers<T: HDF5Scalar>(_ name: String, _ values: [T], shape: [Int], _ operation: String) throws {
        try replaceAttribute(name, shape: shape, operation) { attribute, context in
            guard !values.isEmpty else { return }
            try values.withUnsafeBytes { bytes in
                try context.status(H5Awrite(attribute, T.hdf5Kind.nativeType, bytes.baseAddress!))
            }
        } type: { context in
            try context.id(H5Tcopy(T.hdf5Kind.nativeType))
        }
    }

    /// Deletes any attribute `name`, creates it with the given type and shape, and writes it.
    private func replaceAttribute(
        _ name: String, shape: [Int], _ operation: String,
        write: (hid_t, Context) throws -> Void, type makeType: (Context) throws -> hid_t
    ) throws {
        try file.withHandle(operation, object: "\(path) @\(name)") { fileID, context in
            let object = try context.id(H5Oopen(fileID, path, chdf5_p_default()))
            defer { _ = H5Oclose(object) }
            let exists = H5Aexists(object, name)
            try context.status(exists)
            if exists > 0 { try context.status(H5Adelete(object, name)) }
            let type = try makeType(context)
            defer { _ = H5Tclose(type) }
            let space = try makeSpace(shape, context)
            defer { _ = H5Sclose(space) }
            let attribute = try context.id(H5Acreate2(object, name, type, space, chdf5_p_default(), chdf5_p_default()))
            defer { _ = H5Aclose(attribute) }
            try write(attribute, context)
        }
    }

    /// Opens attribute `name` with its stored type and dataspace.
    private func withAttribute<R>(
        _ name: String, _ operation: String, _ body: (hid_t, hid_t, hid_t, Context) throws -> R
    ) throws -> R {
        try file.withHandle(operation, object: "\(path) @\(name)") { fileID, context in
            let exists = H5Aexists_by_name(fileID, path, name, chdf5_p_default())
            guard exists > 0 else {
                let message = exists < 0 ? ErrorStack.take() : "attribute does not exist"
                throw HDF5Error.notFound(operation: operation, file: context.file, object: context.object, message: message)
            }
            let attribute = try context.id(H5Aopen_by_name(fileID, path, name, chdf5_p_default(), chdf5_p_default()))
            defer { _ = H5Aclose(attribute) }
            let type = try context.id(H5Aget_type(attribute))
            defer { _ = H5Tclose(type) }
            let space = try context.id(H5Aget_space(attribute))
            defer { _ = H5Sclose(space) }
            return try body(attribute, type, space, context)
        }
    }

    private func numbers<T: HDF5Scalar>(_ name: String, _ operation: String) throws -> [T] {
        try withAttribute(name, operation) { attribute, type, space, context in
            let count = try extent(of: space, context).reduce(1, *)
            return try readNumbers(fileType: type, count: count, context) { memoryType, buffer in
                H5Aread(attribute, memoryType, buffer)
            }
        }
    }

    private func scalar<T: HDF5Scalar>(_ name: String, _ operation: String) throws -> T {
        let values: [T] = try numbers(name, operation)
        guard values.count == 1 else {
            throw HDF5Error.typeMismatch(operation: operation, file: file.url.path, object: "\(path) @\(name)",
                                         message: "holds \(values.count) numbers, not one")
        }
        return values[0]
    }
}
