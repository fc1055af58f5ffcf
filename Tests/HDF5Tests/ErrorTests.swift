import Foundation
import HDF5
import Testing

@Suite("Errors")
struct ErrorTests {
    /// Runs `body`, requiring it to throw an HDF5Error, and returns that error.
    func failure(_ body: () throws -> Void) throws -> HDF5Error {
        do {
            try body()
        } catch let error as HDF5Error {
            return error
        }
        Issue.record("expected an HDF5Error")
        throw CancellationError()
    }

    @Test func missingFileCarriesPathAndErrno() throws {
        let scratch = Scratch()
        let url = scratch.file("absent.h5")
        let error = try failure { _ = try HDF5File.open(url) }
        #expect(error.operation == "open file")
        #expect(error.file == url.path)
        #expect(error.message.contains("unable to open file"))
        #expect(error.message.contains("No such file or directory"))
        #expect(error.description.contains(url.path))
        #expect(!error.description.contains("\n"))
    }

    @Test func nonHDF5FileSaysSignatureNotFound() throws {
        let scratch = Scratch()
        let url = scratch.file("notes.txt")
        try Data("just some text, not HDF5\n".utf8).write(to: url)
        let error = try failure { _ = try HDF5File.open(url) }
        #expect(error.message.contains("file signature not found"))
        #expect(error.file == url.path)
    }

    @Test func truncatedFileIsReported() throws {
        let scratch = Scratch()
        let url = scratch.file()
        let file = try HDF5File.create(url)
        try file.root.write(NDArray(shape: [200, 200], values: [Double](repeating: 1, count: 40000)), to: "x", compression: 0)
        try file.close()
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count / 2).write(to: url)
        let error = try failure {
            let reopened = try HDF5File.open(url)
            _ = try reopened.root.read("x", as: Double.self)
        }
        #expect(error.message.contains("truncated file"), "\(error)")
        #expect(error.file == url.path)
    }

    @Test func missingDatasetIsNotFoundWithHDF5Message() throws {
        let scratch = Scratch()
        let url = scratch.file()
        let file = try HDF5File.create(url)
        try file.root.createGroup("runs")
        let error = try failure { _ = try file.root.group("runs").read("loss", as: Double.self) }
        guard case .notFound = error else {
            Issue.record("expected notFound, got \(error)")
            return
        }
        #expect(error.object == "/runs/loss")
        #expect(error.file == url.path)
        #expect(error.message.contains("H5Dopen2"))
        #expect(error.message.contains("doesn't exist"), "\(error.message)")
        #expect(error.description.contains("/runs/loss"))
    }

    @Test func missingGroupAndAttributeAreNotFound() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        let group = try failure { _ = try file.root.group("a/b") }
        guard case .notFound = group else { Issue.record("group: \(group)"); return }
        let attribute = try failure { _ = try file.root.stringAttribute("nope") }
        guard case .notFound = attribute else { Issue.record("attribute: \(attribute)"); return }
        #expect(attribute.object == "/ @nope")
    }

    @Test func readingAGroupAsADatasetIsALibraryError() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        try file.root.createGroup("g")
        let error = try failure { _ = try file.root.dataset("g") }
        guard case .library = error else { Issue.record("expected library, got \(error)"); return }
        #expect(error.message.contains("not a dataset"), "\(error.message)")
    }

    @Test func writingToAReadOnlyFileFails() throws {
        let scratch = Scratch()
        let url = scratch.file()
        try HDF5File.create(url).close()
        let file = try HDF5File.open(url)
        let error = try failure { try file.root.write([1.0], to: "x") }
        #expect(error.operation == "write dataset")
        #expect(error.message.contains("no write intent"), "\(error.message)")
    }

    @Test func stringDatasetReadAsNumbersIsATypeMismatch() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        try file.root.writeString("{}", to: "json")
        try file.root.write([1.0], to: "numbers")
        let asNumbers = try failure { _ = try file.root.read("json", as: Double.self) }
        guard case .typeMismatch = asNumbers else { Issue.record("\(asNumbers)"); return }
        let asString = try failure { _ = try file.root.readString("numbers") }
        guard case .typeMismatch = asString else { Issue.record("\(asString)"); return }
    }

    @Test func errorsDoNotLeakIntoLaterCalls() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        _ = try? file.root.read("missing", as: Double.self)
        try file.root.write([1.0], to: "present")
        let error = try failure { _ = try file.root.read("other", as: Double.self) }
        // Only the second failure's own stack is reported.
        #expect(!error.message.contains("'missing'"), "\(error.message)")
    }
}
