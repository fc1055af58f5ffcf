import CHDF5

/// The operation in progress: names it in errors and turns HDF5 status codes into throws.
struct Context {
    let operation: String
    let file: String
    let object: String

    /// A new handle, or a thrown error carrying HDF5's stack.
    @discardableResult
    func id(_ value: hid_t) throws -> hid_t {
        if value < 0 { throw failure() }
        return value
    }

    func status(_ value: herr_t) throws {
        if value < 0 { throw failure() }
    }

    func failure() -> HDF5Error {
        .library(operation: operation, file: file, object: object, message: ErrorStack.take())
    }

    func mismatch(_ message: String) -> HDF5Error {
        .typeMismatch(operation: operation, file: file, object: object, message: message)
    }
}

/// A link-creation property list that creates missing intermediate groups.
func intermediateGroupsList(_ context: Context) throws -> hid_t {
    let list = try context.id(H5Pcreate(chdf5_p_link_create()))
    do {
        try context.status(H5Pset_create_intermediate_group(list, 1))
    } catch {
        _ = H5Pclose(list)
        throw error
    }
    return list
}

extension HDF5ScalarKind {
    /// The HDF5 native memory type; also used as the file type when writing.
    var nativeType: hid_t {
        switch self {
        case .float32: chdf5_native_float()
        case .float64: chdf5_native_double()
        case .int32: chdf5_native_int32()
        case .int64: chdf5_native_int64()
        case .uint8: chdf5_native_uint8()
        }
    }
}
