import Digest
import Foundation

extension ResultStore {
    /// Remembers why `key` failed, replacing any earlier record atomically.
    public func recordFailure(_ failure: FailureRecord, key: String) throws {
        try validate(key)
        try writeAtomically(try Self.encode(failure), to: failureFile(for: key), label: key)
    }

    public func failure(for key: String) -> FailureRecord? {
        guard Keys.isValid(key), let data = try? Data(contentsOf: failureFile(for: key)) else { return nil }
        return try? JSONDecoder().decode(FailureRecord.self, from: data)
    }

    public func clearFailure(key: String) {
        guard Keys.isValid(key) else { return }
        _ = unlink(failureFile(for: key).path)
    }

    /// Records which key a job resolved to last; old results stay, so switching a config back finds them.
    public func recordLatest(_ record: IndexRecord) throws {
        try validate(record.key)
        guard Keys.isSafeComponent(record.experiment) else {
            throw StoreError.invalidName(record.experiment, path: indexDirectory.path)
        }
        let dir = indexDirectory.appendingPathComponent(record.experiment)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw StoreError.io(operation: "create directory", path: dir.path, errno: Self.errnoOf(error))
        }
        try writeAtomically(try Self.encode(record), to: indexFile(experiment: record.experiment, job: record.job), label: "index")
    }

    public func latest(experiment: String, job: String) -> IndexRecord? {
        guard Keys.isSafeComponent(experiment),
              let data = try? Data(contentsOf: indexFile(experiment: experiment, job: job))
        else { return nil }
        return try? JSONDecoder().decode(IndexRecord.self, from: data)
    }

    func failureFile(for key: String) -> URL {
        failuresDirectory.appendingPathComponent("\(key).json")
    }

    /// Job names are hashed because they may contain any character.
    func indexFile(experiment: String, job: String) -> URL {
        indexDirectory.appendingPathComponent(experiment).appendingPathComponent("\(SHA256Digest.hash(job).hex).json")
    }

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(value)
    }
}
