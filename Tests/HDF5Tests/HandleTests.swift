import Foundation
import HDF5
import Testing

@Suite("Handles")
struct HandleTests {
    /// HDF5 refuses to truncate a file it still has open, so a leaked group, dataset or attribute
    /// handle would make the second `create` fail after `close()`.
    @Test func everyOperationClosesItsHandles() throws {
        let scratch = Scratch()
        let url = scratch.file()
        let file = try HDF5File.create(url)
        let group = try file.root.createGroup("a/b")
        let dataset = try group.write(NDArray(rows: [[1.0, 2.0]]), to: "x")
        try group.writeString("text", to: "s")
        try dataset.setAttribute("k", "v")
        try dataset.setAttribute("k", 1.5)
        try group.setAttribute("n", [1, 2])
        _ = try dataset.shape()
        _ = try dataset.read(as: Float.self)
        _ = try group.readString("s")
        _ = try dataset.doubleAttribute("k")
        _ = try group.intArrayAttribute("n")
        _ = try group.attributeNames()
        _ = try file.root.children()
        _ = file.root.isGroup("a/b")
        _ = try? file.root.read("missing", as: Double.self)
        _ = try? dataset.stringAttribute("k")
        try group.delete("s")
        try file.close()
        let again = try HDF5File.create(url)
        #expect(try again.root.children() == [])
    }

    @Test func releasingTheLastReferenceClosesTheFile() throws {
        let scratch = Scratch()
        let url = scratch.file()
        do {
            let group = try HDF5File.create(url).root.createGroup("g")
            try group.write([1.0], to: "x")
        }
        #expect(try HDF5File.create(url).root.children() == [])
    }

    /// A started process must not inherit an open file: it would keep the descriptor (and any lock on
    /// it) alive after `close()` here.
    @Test(arguments: [false, true])
    func fileDescriptorsAreCloseOnExec(reopen: Bool) throws {
        let scratch = Scratch()
        let url = scratch.file()
        var file = try HDF5File.create(url)
        if reopen {
            try file.close()
            file = try HDF5File.open(url, readOnly: false)
        }
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap { name in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)")) == url.path ? Int32(name) : nil
        }
        #expect(!descriptors.isEmpty)
        for descriptor in descriptors {
            #expect(fcntl(descriptor, F_GETFD) & FD_CLOEXEC != 0)
        }
        try file.close()
    }
}
