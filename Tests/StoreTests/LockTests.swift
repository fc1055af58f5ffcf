import Foundation
import Testing
import Store

@Suite struct LockTests {
    @Test func tryLockExcludesASecondTryLockUntilUnlock() throws {
        try withStore { store in
            let k = key(1)
            #expect(!store.isLocked(key: k))
            let held = try #require(try store.tryLock(key: k))
            #expect(held.key == k)
            #expect(store.isLocked(key: k))
            #expect(try store.tryLock(key: k) == nil)
            #expect(try store.tryLock(key: key(2)) != nil)  // other keys are independent
            held.unlock()
            #expect(!store.isLocked(key: k))
            #expect(try store.tryLock(key: k) != nil)
        }
    }

    @Test func releasingTheLastReferenceUnlocks() throws {
        try withStore { store in
            do {
                let held = try store.lock(key: key(3))
                #expect(store.isLocked(key: held.key))
            }
            #expect(!store.isLocked(key: key(3)))
        }
    }

    @Test func lockOfAProcessKilledWithSIGKILLIsTakenOver() throws {
        try withStore { store in
            let k = key(4)
            let lockFile = store.root.appendingPathComponent("locks/\(k).lock")
            // The shell takes the flock on fd 9 and becomes `sleep` (same pid), so the pid we kill is the
            // only holder. (`flock FILE sleep 30` would leave the forked sleep holding the lock.)
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/bin/sh")
            child.arguments = ["-c", "exec 9>>\"$1\"; /usr/bin/flock -n 9 || exit 1; exec sleep 30", "sh", lockFile.path]
            try child.run()
            defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }

            var waited = 0
            while !store.isLocked(key: k) && child.isRunning && waited < 1000 {
                usleep(10_000)
                waited += 1
            }
            #expect(store.isLocked(key: k))
            #expect(try store.tryLock(key: k) == nil)

            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            #expect(child.terminationReason == .uncaughtSignal)
            let taken = try store.tryLock(key: k)
            #expect(taken != nil)
        }
    }

    @Test func childProcessesDoNotInheritTheLock() throws {
        try withStore { store in
            let k = key(5)
            let held = try #require(try store.tryLock(key: k))
            // An inherited fd would keep the lock alive after this process is killed. posix_spawn without
            // file actions keeps every fd not marked close-on-exec (Foundation's Process closes them itself).
            let child = try spawn("/bin/sleep", "30")
            defer { kill(child, SIGKILL); var status: Int32 = 0; waitpid(child, &status, 0) }
            let fdDirectory = "/proc/\(child)/fd"
            let open = try FileManager.default.contentsOfDirectory(atPath: fdDirectory).compactMap {
                try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fdDirectory)/\($0)")
            }
            #expect(!open.isEmpty)  // stdin/stdout/stderr at least, so the probe itself works
            #expect(!open.contains { $0.hasSuffix("\(k).lock") })
            held.unlock()
        }
    }
}

/// Starts a process that inherits every fd not marked close-on-exec.
func spawn(_ arguments: String...) throws -> pid_t {
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let code = posix_spawn(&pid, arguments[0], nil, nil, &argv, environ)
    guard code == 0 else { throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO) }
    return pid
}
