import CHDF5

/// Collects member names through HDF5's C iteration callbacks, which cannot capture context and so
/// receive the list through their opaque data pointer.
final class NameList {
    var items: [String] = []

    /// Names of the attributes of an open object, sorted.
    static func attributes(of object: hid_t, _ context: Context) throws -> [String] {
        let names = NameList()
        let collect: H5A_operator2_t = { _, name, _, data in
            guard let name, let data else { return -1 }
            Unmanaged<NameList>.fromOpaque(data).takeUnretainedValue().items.append(String(cString: name))
            return 0
        }
        try withExtendedLifetime(names) {
            try context.status(H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, nil, collect,
                                           Unmanaged.passUnretained(names).toOpaque()))
        }
        return names.items.sorted()
    }

    /// Names of the links in an open group, sorted.
    static func links(of group: hid_t, _ context: Context) throws -> [String] {
        let names = NameList()
        let collect: H5L_iterate_t = { _, name, _, data in
            guard let name, let data else { return -1 }
            Unmanaged<NameList>.fromOpaque(data).takeUnretainedValue().items.append(String(cString: name))
            return 0
        }
        try withExtendedLifetime(names) {
            try context.status(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nil, collect,
                                          Unmanaged.passUnretained(names).toOpaque()))
        }
        return names.items.sorted()
    }
}
