import CHDF5

/// Reads HDF5's per-thread error stack into one line, so errors say what HDF5 said.
enum ErrorStack {
    /// HDF5 prints every failure to stderr by default; the setting is per thread in the thread-safe
    /// build, so it is switched off before each operation rather than once.
    static func silence() {
        _ = H5Eset_auto2(chdf5_e_default(), nil, nil)
    }

    static func clear() {
        _ = H5Eclear2(chdf5_e_default())
    }

    /// The current stack, outermost API call first, then cleared.
    static func take() -> String {
        final class Lines { var items: [String] = [] }
        let lines = Lines()
        let walker: H5E_walk2_t = { _, error, data in
            guard let error = error?.pointee, let data else { return 0 }
            let lines = Unmanaged<Lines>.fromOpaque(data).takeUnretainedValue()
            let function = error.func_name.map { String(cString: $0) } ?? "?"
            // Some descriptions embed ctime() output, which ends in a newline.
            let description = (error.desc.map { String(cString: $0) } ?? "").filter { $0 != "\n" }
            let minor = ErrorStack.messageText(error.min_num)
            var line = "\(function)(): \(description)"
            if !minor.isEmpty { line += " [\(minor)]" }
            lines.items.append(line)
            return 0
        }
        withExtendedLifetime(lines) {
            _ = H5Ewalk2(chdf5_e_default(), H5E_WALK_DOWNWARD, walker, Unmanaged.passUnretained(lines).toOpaque())
        }
        clear()
        return lines.items.isEmpty ? "(HDF5 reported no details)" : lines.items.joined(separator: "; ")
    }

    static func messageText(_ id: hid_t) -> String {
        var kind = H5E_MINOR
        var buffer = [CChar](repeating: 0, count: 256)
        let length = H5Eget_msg(id, &kind, &buffer, buffer.count)
        guard length > 0 else { return "" }
        return String(decoding: buffer.prefix(min(Int(length), buffer.count - 1)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
