import Foundation

extension ResultStore {
    /// Takes the key's lock if nobody (no other process, no other open in this process) holds it.
    public func tryLock(key: String) throws -> StoreLock? {
        try validate(key)
        return try acquire(lockFile(for: key), key: key, blocking: false)
    }

    /// Waits for the key's lock. A holder that dies releases it automatically (flock is dropped by the kernel).
    public func lock(key: String) throws -> StoreLock {
        try validate(key)
        guard let lock = try acquire(lockFile(for: key), key: key, blocking: true) else {
            throw StoreError.io(operation: "flock", path: lockFile(for: key).path, errno: EWOULDBLOCK)
        }
        return lock
    }

    /// Whether `tryLock` would fail right now (someone, possibly this process, holds the lock).
    public func isLocked(key: String) -> Bool {
        guard Keys.isValid(key) else { return false }
        return isHeld(lockFile(for: key))
    }

    func lockFile(for key: String) -> URL {
        locksDirectory.appendingPathComponent("\(key).lock")
    }

    /// A lock that serialises the rename step of commits of one key, separate from the job lock
    /// the engine may already hold in this process (taking that again would deadlock).
    func commitLockFile(for key: String) -> URL {
        locksDirectory.appendingPathComponent("\(key).commit.lock")
    }

    func isHeld(_ url: URL) -> Bool {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }  // never created, so never locked
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            _ = flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// Lock files are never deleted: unlinking one while another process has it open would let two
    /// processes "hold" different files of the same name.
    func acquire(_ url: URL, key: String, blocking: Bool) throws -> StoreLock? {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(operation: "open lock", path: url.path, errno: errno) }
        while flock(fd, blocking ? LOCK_EX : (LOCK_EX | LOCK_NB)) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(fd)
            if code == EWOULDBLOCK && !blocking { return nil }
            throw StoreError.io(operation: "flock", path: url.path, errno: code)
        }
        return StoreLock(key: key, fd: fd)
    }
}
