/// Something in an HDF5 file that carries attributes: a group or a dataset.
public protocol HDF5Object {
    /// The file the object lives in (kept alive by the object).
    var file: HDF5File { get }
    /// Absolute path inside the file, "/" or "/a/b".
    var path: String { get }

    func setAttribute(_ name: String, _ value: String) throws
    func setAttribute(_ name: String, _ value: Double) throws
    func setAttribute(_ name: String, _ value: Int) throws
    func setAttribute(_ name: String, _ value: [Double]) throws
    func setAttribute(_ name: String, _ value: [Int]) throws
    func stringAttribute(_ name: String) throws -> String
    func doubleAttribute(_ name: String) throws -> Double
    func intAttribute(_ name: String) throws -> Int
    func doubleArrayAttribute(_ name: String) throws -> [Double]
    func intArrayAttribute(_ name: String) throws -> [Int]
    func attributeNames() throws -> [String]
    func hasAttribute(_ name: String) -> Bool
}

extension HDF5Object {
    /// Stored as a variable-length UTF-8 string (h5py reads it as `str`).
    public func setAttribute(_ name: String, _ value: String) throws { fatalError("not implemented yet") }
    public func setAttribute(_ name: String, _ value: Double) throws { fatalError("not implemented yet") }
    public func setAttribute(_ name: String, _ value: Int) throws { fatalError("not implemented yet") }
    public func setAttribute(_ name: String, _ value: [Double]) throws { fatalError("not implemented yet") }
    public func setAttribute(_ name: String, _ value: [Int]) throws { fatalError("not implemented yet") }
    /// Reads variable- or fixed-length string attributes.
    public func stringAttribute(_ name: String) throws -> String { fatalError("not implemented yet") }
    public func doubleAttribute(_ name: String) throws -> Double { fatalError("not implemented yet") }
    public func intAttribute(_ name: String) throws -> Int { fatalError("not implemented yet") }
    public func doubleArrayAttribute(_ name: String) throws -> [Double] { fatalError("not implemented yet") }
    public func intArrayAttribute(_ name: String) throws -> [Int] { fatalError("not implemented yet") }
    /// Attribute names, sorted.
    public func attributeNames() throws -> [String] { fatalError("not implemented yet") }
    public func hasAttribute(_ name: String) -> Bool { fatalError("not implemented yet") }
}
