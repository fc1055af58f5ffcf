import CHDF5

// Reading and writing element data, shared by datasets and attributes: each caller passes the
// H5Dread/H5Aread (or write) call as a closure taking the memory type and buffer.

/// Dimensions of a dataspace: [] for a scalar, [0] for a null (empty) dataspace.
func extent(of space: hid_t, _ context: Context) throws -> [Int] {
    switch H5Sget_simple_extent_type(space) {
    case H5S_SCALAR: return []
    case H5S_NULL: return [0]
    default: break
    }
    let rank = Int(H5Sget_simple_extent_ndims(space))
    guard rank >= 0 else { throw context.failure() }
    var dims = [hsize_t](repeating: 0, count: rank)
    try context.status(H5Sget_simple_extent_dims(space, &dims, nil))
    return dims.map { Int($0) }
}

/// A dataspace for `shape` ([] is scalar). The caller closes it.
func makeSpace(_ shape: [Int], _ context: Context) throws -> hid_t {
    if shape.isEmpty { return try context.id(H5Screate(H5S_SCALAR)) }
    let dims = shape.map { hsize_t($0) }
    return try context.id(H5Screate_simple(Int32(dims.count), dims, nil))
}

/// Reads `count` numbers stored with `fileType`, letting HDF5 convert them to `T`.
func readNumbers<T: HDF5Scalar>(
    fileType: hid_t, count: Int, _ context: Context,
    _ read: (hid_t, UnsafeMutableRawPointer) -> herr_t
) throws -> [T] {
    let typeClass = H5Tget_class(fileType)
    guard typeClass == H5T_INTEGER || typeClass == H5T_FLOAT else {
        throw context.mismatch("stored type is \(className(typeClass)), not a number")
    }
    guard count > 0 else { return [] }
    return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        try context.status(read(T.hdf5Kind.nativeType, UnsafeMutableRawPointer(buffer.baseAddress!)))
        initialized = count
    }
}

/// A variable-length UTF-8 string type. The caller closes it.
func makeStringType(_ context: Context) throws -> hid_t {
    let type = try context.id(H5Tcopy(chdf5_c_s1()))
    guard H5Tset_size(type, chdf5_variable()) >= 0, H5Tset_cset(type, H5T_CSET_UTF8) >= 0 else {
        _ = H5Tclose(type)
        throw context.failure()
    }
    return type
}

/// Writes one string with a variable-length UTF-8 memory type.
func writeStringValue(_ value: String, _ context: Context, _ write: (hid_t, UnsafeRawPointer) -> herr_t) throws {
    let type = try makeStringType(context)
    defer { _ = H5Tclose(type) }
    try value.withCString { characters in
        var pointer: UnsafePointer<CChar>? = characters
        try withUnsafePointer(to: &pointer) { try context.status(write(type, UnsafeRawPointer($0))) }
    }
}

/// Reads a single string, variable- or fixed-length, from storage of `fileType` over `space`.
func readStringValue(
    fileType: hid_t, space: hid_t, _ context: Context,
    _ read: (hid_t, UnsafeMutableRawPointer) -> herr_t
) throws -> String {
    let typeClass = H5Tget_class(fileType)
    guard typeClass == H5T_STRING else {
        throw context.mismatch("stored type is \(className(typeClass)), not a string")
    }
    let count = H5Sget_select_npoints(space)
    guard count == 1 else { throw context.mismatch("holds \(count) elements, not one string") }
    // The memory type copies the stored one, so HDF5 does no character-set conversion.
    let memoryType = try context.id(H5Tcopy(fileType))
    defer { _ = H5Tclose(memoryType) }
    let variable = H5Tis_variable_str(fileType)
    try context.status(variable)
    if variable > 0 {
        var pointer: UnsafeMutablePointer<CChar>? = nil
        try withUnsafeMutablePointer(to: &pointer) {
            try context.status(read(memoryType, UnsafeMutableRawPointer($0)))
        }
        defer {
            // Frees what HDF5 allocated for the string.
            _ = withUnsafeMutablePointer(to: &pointer) { H5Dvlen_reclaim(memoryType, space, chdf5_p_default(), $0) }
        }
        return pointer.map { String(cString: $0) } ?? ""
    }
    let size = H5Tget_size(fileType)
    guard size > 0 else { throw context.failure() }
    var bytes = [UInt8](repeating: 0, count: size)
    try bytes.withUnsafeMutableBytes { try context.status(read(memoryType, $0.baseAddress!)) }
    var text = bytes.prefix { $0 != 0 }
    if H5Tget_strpad(fileType) == H5T_STR_SPACEPAD {
        while text.last == UInt8(ascii: " ") { text = text.dropLast() }
    }
    return String(decoding: text, as: UTF8.self)
}

func className(_ typeClass: H5T_class_t) -> String {
    switch typeClass {
    case H5T_INTEGER: "integer"
    case H5T_FLOAT: "float"
    case H5T_STRING: "string"
    case H5T_COMPOUND: "compound"
    case H5T_ENUM: "enum"
    case H5T_ARRAY: "array"
    case H5T_VLEN: "vlen"
    case H5T_OPAQUE: "opaque"
    case H5T_BITFIELD: "bitfield"
    case H5T_REFERENCE: "reference"
    case H5T_TIME: "time"
    default: "unknown type"
    }
}

/// A chunk shape of at most ~1 MiB: the full shape, halving the longest dimension until it fits.
func chunkShape(_ shape: [Int], elementSize: Int) -> [Int] {
    var chunk = shape.map { max($0, 1) }
    let limit = 1 << 20
    while chunk.reduce(elementSize, *) > limit, let longest = chunk.indices.max(by: { chunk[$0] < chunk[$1] }), chunk[longest] > 1 {
        chunk[longest] = (chunk[longest] + 1) / 2
    }
    return chunk
}
