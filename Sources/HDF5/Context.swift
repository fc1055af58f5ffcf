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

/// A file-access property list with HDF5's own file locking off.
///
/// HDF5 takes an flock on every file it opens. That lock belongs to the open file description, so a
/// child process started with the descriptor inherited keeps the lock after `close()`, and the next
/// open of the same file in this process fails with "unable to lock file". The store never needs it:
/// results are written to a temporary name and renamed into place, under the store's own locks. It
/// also fails outright on network file systems without flock (cluster scratch space).
func unlockedFileAccessList(_ context: Context) throws -> hid_t {
    let list = try context.id(H5Pcreate(chdf5_p_file_access()))
    do {
        try context.status(H5Pset_file_locking(list, false, true))
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
