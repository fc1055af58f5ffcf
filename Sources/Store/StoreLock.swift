import Foundation

/// An exclusive flock(2) on one key, held by this open file description until `unlock()` or deinit.
/// The kernel drops it when the owning process dies, which is how stale locks are taken over.
public final class StoreLock: @unchecked Sendable {
    public let key: String
    private let guardLock = NSLock()
    private var fd: Int32

    init(key: String, fd: Int32) {
        self.key = key
        self.fd = fd
    }

    public func unlock() {
        guardLock.lock()
        defer { guardLock.unlock() }
        guard fd >= 0 else { return }
        // Closing releases the flock; an explicit LOCK_UN first makes the release independent of other fds.
        _ = flock(fd, LOCK_UN)
        _ = close(fd)
        fd = -1
    }

    deinit { unlock() }
}
