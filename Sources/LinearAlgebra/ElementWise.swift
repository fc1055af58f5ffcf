// Element-wise kernels for the training loops. Written over raw buffers with wrapping index
// arithmetic so that `-O` builds carry no bounds or overflow checks in the inner loops.

/// y ← α·x + y (BLAS axpy semantics, element-wise over equal-shaped matrices).
@inlinable
public func axpy<S: BLASScalar>(_ alpha: S, _ x: Matrix<S>, _ y: inout Matrix<S>) {
    precondition(x.rows == y.rows && x.columns == y.columns, "axpy: \(x.rows)×\(x.columns) vs \(y.rows)×\(y.columns)")
    let n = x.storage.count
    x.storage.withUnsafeBufferPointer { px in
        y.storage.withUnsafeMutableBufferPointer { py in
            var i = 0
            while i < n { py[i] += alpha * px[i]; i &+= 1 }
        }
    }
}

extension Matrix {
    @inlinable
    func checkSameShape(_ other: Matrix, _ operation: StaticString) {
        precondition(rows == other.rows && columns == other.columns,
                     "\(operation): \(rows)×\(columns) vs \(other.rows)×\(other.columns)")
    }

    @inlinable
    mutating func combine(_ other: Matrix, _ operation: StaticString, _ f: (Scalar, Scalar) -> Scalar) {
        checkSameShape(other, operation)
        let n = storage.count
        other.storage.withUnsafeBufferPointer { po in
            storage.withUnsafeMutableBufferPointer { p in
                var i = 0
                while i < n { p[i] = f(p[i], po[i]); i &+= 1 }
            }
        }
    }

    /// self ← self + other, in place.
    @inlinable public mutating func add(_ other: Matrix) { combine(other, "add") { $0 + $1 } }

    /// self ← self − other, in place.
    @inlinable public mutating func subtract(_ other: Matrix) { combine(other, "subtract") { $0 - $1 } }

    /// self ← self ⊙ other (element-wise product), in place.
    @inlinable public mutating func formHadamard(_ other: Matrix) { combine(other, "hadamard") { $0 * $1 } }

    /// The element-wise product self ⊙ other.
    @inlinable public func hadamard(_ other: Matrix) -> Matrix {
        var result = self
        result.formHadamard(other)
        return result
    }

    /// self ← α·self, in place.
    @inlinable public mutating func scale(by alpha: Scalar) {
        let n = storage.count
        storage.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i < n { p[i] *= alpha; i &+= 1 }
        }
    }

    /// Sets every entry to `value` (keeps the allocation, for reused buffers).
    @inlinable public mutating func fill(_ value: Scalar) {
        let n = storage.count
        storage.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i < n { p[i] = value; i &+= 1 }
        }
    }

    /// Applies `f` to every entry in place.
    @inlinable public mutating func apply(_ f: (Scalar) -> Scalar) {
        let n = storage.count
        storage.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i < n { p[i] = f(p[i]); i &+= 1 }
        }
    }

    /// Adds the bias vector to every row (broadcast over rows). `bias` may be 1×columns or columns×1.
    @inlinable public mutating func addToEachRow(_ bias: Matrix) {
        precondition(bias.storage.count == columns, "addToEachRow: bias has \(bias.storage.count) entries, matrix has \(columns) columns")
        let r = rows, c = columns
        bias.storage.withUnsafeBufferPointer { pb in
            storage.withUnsafeMutableBufferPointer { p in
                var i = 0
                while i < r {
                    let base = i &* c
                    var j = 0
                    while j < c { p[base &+ j] += pb[j]; j &+= 1 }
                    i &+= 1
                }
            }
        }
    }

    /// Σ over rows, as a 1×columns matrix (the gradient of a row-broadcast bias).
    @inlinable public func columnSums() -> Matrix {
        var result = Matrix(rows: 1, columns: columns)
        accumulateColumnSums(into: &result)
        return result
    }

    /// target ← target + Σ over rows of self; `target` has `columns` entries (1×columns or columns×1).
    @inlinable public func accumulateColumnSums(into target: inout Matrix) {
        precondition(target.storage.count == columns, "accumulateColumnSums: target has \(target.storage.count) entries, need \(columns)")
        let r = rows, c = columns
        storage.withUnsafeBufferPointer { p in
            target.storage.withUnsafeMutableBufferPointer { pt in
                var i = 0
                while i < r {
                    let base = i &* c
                    var j = 0
                    while j < c { pt[j] += p[base &+ j]; j &+= 1 }
                    i &+= 1
                }
            }
        }
    }

    /// Σ over columns, as a rows×1 matrix.
    @inlinable public func rowSums() -> Matrix {
        var result = Matrix(rows: rows, columns: 1)
        let r = rows, c = columns
        storage.withUnsafeBufferPointer { p in
            result.storage.withUnsafeMutableBufferPointer { pr in
                var i = 0
                while i < r {
                    var s: Scalar = 0
                    let base = i &* c
                    var j = 0
                    while j < c { s += p[base &+ j]; j &+= 1 }
                    pr[i] = s
                    i &+= 1
                }
            }
        }
        return result
    }

    @inlinable public static func + (l: Matrix, r: Matrix) -> Matrix { var m = l; m.add(r); return m }
    @inlinable public static func - (l: Matrix, r: Matrix) -> Matrix { var m = l; m.subtract(r); return m }
    @inlinable public static func * (l: Scalar, r: Matrix) -> Matrix { var m = r; m.scale(by: l); return m }
    @inlinable public static func += (l: inout Matrix, r: Matrix) { l.add(r) }
    @inlinable public static func -= (l: inout Matrix, r: Matrix) { l.subtract(r) }
}
