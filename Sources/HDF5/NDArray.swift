/// A dense row-major N-dimensional array: what a dataset holds. `shape == []` is a scalar (one value).
public struct NDArray<T: HDF5Scalar>: Equatable, Sendable {
    public var shape: [Int]
    public var values: [T]

    public init(shape: [Int], values: [T]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "NDArray: negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == values.count,
                     "NDArray: shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
        self.shape = shape
        self.values = values
    }

    /// A 1-D array.
    public init(_ values: [T]) {
        self.init(shape: [values.count], values: values)
    }

    /// A 2-D array from equally long rows.
    public init(rows: [[T]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "NDArray(rows:): rows differ in length")
        self.init(shape: [rows.count, columns], values: rows.flatMap { $0 })
    }

    /// Element (i, j) of a 2-D array.
    public subscript(_ i: Int, _ j: Int) -> T {
        get {
            precondition(shape.count == 2, "NDArray: 2-D subscript on shape \(shape)")
            precondition(i >= 0 && i < shape[0] && j >= 0 && j < shape[1], "NDArray: index (\(i), \(j)) out of \(shape)")
            return values[i * shape[1] + j]
        }
        set {
            precondition(shape.count == 2, "NDArray: 2-D subscript on shape \(shape)")
            precondition(i >= 0 && i < shape[0] && j >= 0 && j < shape[1], "NDArray: index (\(i), \(j)) out of \(shape)")
            values[i * shape[1] + j] = newValue
        }
    }

    /// Number of elements.
    public var count: Int { values.count }
}
