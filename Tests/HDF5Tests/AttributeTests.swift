import Foundation
import HDF5
import Testing

@Suite("Attributes")
struct AttributeTests {
    /// Sets one of each kind on `object`, reopens the file, and reads them back from the same path.
    func checkAllKinds(make: (HDF5File) throws -> any HDF5Object, reopen: (HDF5File) throws -> any HDF5Object) throws {
        let scratch = Scratch()
        let url = scratch.file()
        do {
            let file = try HDF5File.create(url)
            let object = try make(file)
            try object.setAttribute("name", "Zürich — 東京 🚀")
            try object.setAttribute("rate", 0.125)
            try object.setAttribute("steps", 1 << 40)
            try object.setAttribute("losses", [1.5, -2.25, .infinity])
            try object.setAttribute("sizes", [Int.min, 0, Int.max])
            try object.setAttribute("none", [Double]())
            try file.close()
        }
        let object = try reopen(HDF5File.open(url))
        #expect(try object.stringAttribute("name") == "Zürich — 東京 🚀")
        #expect(try object.doubleAttribute("rate") == 0.125)
        #expect(try object.intAttribute("steps") == 1 << 40)
        #expect(try object.doubleArrayAttribute("losses") == [1.5, -2.25, .infinity])
        #expect(try object.intArrayAttribute("sizes") == [Int.min, 0, Int.max])
        #expect(try object.doubleArrayAttribute("none") == [])
        #expect(try object.attributeNames() == ["losses", "name", "none", "rate", "sizes", "steps"])
        #expect(object.hasAttribute("rate"))
        #expect(!object.hasAttribute("missing"))
    }

    @Test func onRootGroup() throws {
        try checkAllKinds(make: { $0.root }, reopen: { $0.root })
    }

    @Test func onNestedGroup() throws {
        try checkAllKinds(make: { try $0.root.createGroup("runs/seed1") }, reopen: { try $0.root.group("runs/seed1") })
    }

    @Test func onDataset() throws {
        try checkAllKinds(make: { try $0.root.write([1.0, 2.0], to: "g/x") }, reopen: { try $0.root.dataset("g/x") })
    }

    @Test func overwriteReplacesValueAndType() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        let group = try file.root.createGroup("g")
        try group.setAttribute("a", "first")
        try group.setAttribute("a", "second, and longer than the first")
        #expect(try group.stringAttribute("a") == "second, and longer than the first")
        try group.setAttribute("a", 3)
        #expect(try group.intAttribute("a") == 3)
        try group.setAttribute("a", [1.0, 2.0])
        #expect(try group.doubleArrayAttribute("a") == [1, 2])
        #expect(try group.attributeNames() == ["a"])
    }

    @Test func overwriteInReopenedReadWriteFile() throws {
        let scratch = Scratch()
        let url = scratch.file()
        try HDF5File.create(url).root.setAttribute("v", 1.0)
        let file = try HDF5File.open(url, readOnly: false)
        try file.root.setAttribute("v", 2.0)
        try file.close()
        #expect(try HDF5File.open(url).root.doubleAttribute("v") == 2.0)
    }

    @Test func numbersConvertOnRead() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        try file.root.setAttribute("n", 7)
        try file.root.setAttribute("xs", [1, 2, 3])
        #expect(try file.root.doubleAttribute("n") == 7.0)
        #expect(try file.root.doubleArrayAttribute("xs") == [1, 2, 3])
        #expect(try file.root.intArrayAttribute("n") == [7])
    }

    @Test(.enabled(if: h5pyAvailable, "h5py is not importable by python3 (pip install h5py)"))
    func readsFixedLengthStringsWrittenByH5py() throws {
        let scratch = Scratch()
        let url = scratch.file()
        let script = """
        import h5py, numpy as np, sys
        with h5py.File(sys.argv[1], 'w') as f:
            f.attrs['fixed'] = np.bytes_('fixed text')
            f.attrs['padded'] = np.array(b'abc', dtype='S8')
            f['blob'] = np.bytes_('fixed dataset')
        """
        let result = try run("python3", ["-c", script, url.path])
        try #require(result.status == 0, "python failed: \(result.output)")
        let file = try HDF5File.open(url)
        #expect(try file.root.stringAttribute("fixed") == "fixed text")
        #expect(try file.root.stringAttribute("padded") == "abc")
        #expect(try file.root.readString("blob") == "fixed dataset")
    }

    @Test func wrongKindIsATypeMismatch() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        try file.root.setAttribute("s", "text")
        try file.root.setAttribute("xs", [1.0, 2.0])
        #expect(throws: HDF5Error.self) { try file.root.doubleAttribute("s") }
        #expect(throws: HDF5Error.self) { try file.root.stringAttribute("xs") }
        do {
            _ = try file.root.doubleAttribute("xs")
            Issue.record("reading a 2-element attribute as a scalar should throw")
        } catch let error as HDF5Error {
            guard case .typeMismatch = error else { Issue.record("expected typeMismatch, got \(error)"); return }
            #expect(error.object == "/ @xs")
        }
    }
}
