import Foundation
import HDF5
import Testing

@Suite("Groups")
struct GroupTests {
    @Test func nestedCreationMakesIntermediates() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        let leaf = try file.root.createGroup("a/b/c")
        #expect(leaf.path == "/a/b/c")
        #expect(file.root.isGroup("a"))
        #expect(file.root.isGroup("a/b"))
        #expect(try file.root.group("a").group("b").path == "/a/b")
        #expect(try file.root.group("a").children() == ["b"])
    }

    @Test func childrenAreSortedDirectMembers() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        let run = try file.root.createGroup("run")
        try run.write([1.0], to: "zeta")
        try run.write([2.0], to: "alpha")
        try run.createGroup("mid/deep")
        try run.writeString("x: 1", to: "config")
        #expect(try run.children() == ["alpha", "config", "mid", "zeta"])
        #expect(try file.root.children() == ["run"])
        #expect(try run.group("mid/deep").children() == [])
    }

    @Test func containsFollowsNestedPaths() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        try file.root.write([1.0], to: "a/b/data")
        #expect(file.root.contains("a"))
        #expect(file.root.contains("a/b/data"))
        #expect(try file.root.group("a").contains("b/data"))
        #expect(!file.root.contains("a/x/data"))
        #expect(!file.root.contains("nothing"))
        #expect(file.root.isGroup("a/b"))
        #expect(!file.root.isGroup("a/b/data"))
        #expect(!file.root.isGroup("missing/deeper"))
    }

    @Test func datasetPathsAndAbsoluteNames() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        let group = try file.root.createGroup("g")
        let dataset = try group.write(NDArray(rows: [[1, 2], [3, 4]] as [[Int]]), to: "m")
        #expect(dataset.path == "/g/m")
        #expect(try dataset.shape() == [2, 2])
        #expect(try group.read("/g/m", as: Int.self)[1, 0] == 3)
    }

    @Test func deleteThenRewrite() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        try file.root.write([1.0], to: "x")
        #expect(throws: HDF5Error.self) { try file.root.write([2.0], to: "x") }
        try file.root.delete("x")
        #expect(!file.root.contains("x"))
        try file.root.write([3.0, 4.0], to: "x")
        #expect(try file.root.read("x", as: Double.self).values == [3, 4])
        try file.root.createGroup("g/h")
        try file.root.delete("g")
        #expect(try file.root.children() == ["x"])
    }

    @Test func flushMakesDataVisibleToOtherReaders() throws {
        let scratch = Scratch()
        let url = scratch.file()
        let file = try HDF5File.create(url)
        try file.root.write([1, 2, 3] as [UInt8], to: "bytes")
        try file.flush()
        // The writer takes no HDF5 file lock, so a reader with locking on (h5dump's default) gets in.
        let dump = try run("h5dump", ["-d", "/bytes", url.path])
        #expect(dump.status == 0)
        #expect(dump.output.contains("1, 2, 3"))
        try file.close()
    }

    @Test func closedFileThrows() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        let root = file.root
        try file.close()
        try file.close()
        #expect(throws: HDF5Error.self) { try root.write([1.0], to: "x") }
        #expect(!root.contains("x"))
    }
}
