import Testing
import LinearAlgebra
import Randomness

@Suite struct ElementWiseTests {
    let a = Matrix<Float>([[1, 2, 3], [4, 5, 6]])
    let b = Matrix<Float>([[0.5, -1, 2], [1, 0, -2]])

    @Test func inPlaceArithmetic() {
        var m = a
        m.add(b)
        #expect(m == Matrix([[1.5, 1, 5], [5, 5, 4]]))
        m.subtract(b)
        #expect(m == a)
        m.formHadamard(b)
        #expect(m == Matrix([[0.5, -2, 6], [4, 0, -12]]))
        #expect(a.hadamard(b) == m)
        m.scale(by: 2)
        #expect(m == Matrix([[1, -4, 12], [8, 0, -24]]))
        var y = a
        axpy(-2, b, &y)
        #expect(y == Matrix([[0, 4, -1], [2, 5, 10]]))
        #expect(a + b - b == a)
        #expect(2 * a == a + a)
        m.fill(3)
        #expect(m == Matrix(rows: 2, columns: 3, repeating: 3))
        m.apply { $0 * $0 }
        #expect(m.storage.allSatisfy { $0 == 9 })
    }

    @Test func biasBroadcastAndItsGradient() {
        var m = a
        m.addToEachRow(Matrix([[10, 20, 30]]))
        #expect(m == Matrix([[11, 22, 33], [14, 25, 36]]))
        #expect(a.columnSums() == Matrix([[5, 7, 9]]))
        #expect(a.rowSums() == Matrix([[6], [15]]))
        var gradient = Matrix<Float>(rows: 3, columns: 1, repeating: 1)
        a.accumulateColumnSums(into: &gradient)
        #expect(gradient.storage == [6, 8, 10])
    }

    @Test func norms() throws {
        let m = Matrix<Double>([[1, -2], [-3, 4]])
        #expect(m.infinityNorm == 7)
        #expect(m.oneNorm == 6)
        #expect(m.frobeniusNorm == 30.0.squareRoot())
        #expect(m.maxAbs == 4)
        let s = try singularValues(m)
        #expect(abs(try spectralNorm(m) - s[0]) == 0)
        #expect(abs(s.map { $0 * $0 }.reduce(0, +) - 30) < 1e-12)
    }

    /// `Matrix.random` uses the same recipes as `Generator`, so the entries are the scalar stream row by row.
    @Test func randomMatricesFollowTheGeneratorStream() {
        var g = Generator(seed: 42), h = Generator(seed: 42)
        let normal: Matrix<Double> = g.normalMatrix(rows: 3, columns: 4, mean: 1, standardDeviation: 2)
        #expect(normal.storage == (0..<12).map { _ in h.normal(mean: 1, standardDeviation: 2) })
        let uniform = Matrix<Double>.random(rows: 2, columns: 5, generator: &g, distribution: .uniform(low: -1, high: 1))
        #expect(uniform.storage == (0..<10).map { _ in h.uniform(-1, 1) })
        let single: Matrix<Float> = g.uniformMatrix(rows: 1, columns: 3)
        #expect(single.storage == (0..<3).map { _ in Float(h.uniform()) })
        #expect(g == h)
    }
}
