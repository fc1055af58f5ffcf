import Testing
import LinearAlgebra

@Suite struct GEMMTests {
    static let shapes: [(m: Int, k: Int, n: Int)] = [(1, 1, 1), (3, 5, 2), (7, 1, 9), (16, 40, 40), (40, 16, 40), (13, 17, 11), (33, 65, 5)]

    func check<S: BLASScalar>(_ type: S.Type, tolerance: Double) {
        var seed: UInt64 = 1
        for (m, k, n) in Self.shapes {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    seed += 1
                    let a: Matrix<S> = transposeA ? randomMatrix(k, m, seed: seed) : randomMatrix(m, k, seed: seed)
                    let b: Matrix<S> = transposeB ? randomMatrix(n, k, seed: seed + 1000) : randomMatrix(k, n, seed: seed + 1000)
                    let expected = naiveProduct(a, transposeA: transposeA, b, transposeB: transposeB)
                    let c = matmul(a, transposeA: transposeA, b, transposeB: transposeB)
                    #expect(maxDifference(c, expected) < tolerance * Double(k), "\(S.self) \(m)×\(k)×\(n) tA=\(transposeA) tB=\(transposeB)")

                    // α, β: C ← 0.5·op(A)op(B) − 2·C
                    var accumulated: Matrix<S> = randomMatrix(m, n, seed: seed + 2000)
                    var reference = accumulated
                    reference.scale(by: -2)
                    axpy(0.5, expected, &reference)
                    gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &accumulated, alpha: 0.5, beta: -2)
                    #expect(maxDifference(accumulated, reference) < tolerance * Double(k + 2))
                }
            }
        }
    }

    @Test func floatMatchesNaive() { check(Float.self, tolerance: 1e-5) }
    @Test func doubleMatchesNaive() { check(Double.self, tolerance: 1e-13) }

    @Test func emptyInnerDimensionScalesC() {
        var c = Matrix<Double>([[1, 2], [3, 4]])
        gemm(Matrix<Double>(rows: 2, columns: 0), Matrix<Double>(rows: 0, columns: 2), into: &c, beta: 3)
        #expect(c == Matrix([[3, 6], [9, 12]]))
    }

    /// Same inputs, same bits: the training loop's reproducibility rests on this.
    @Test func repeatedProductsAreBitIdentical() {
        let z: Matrix<Float> = randomMatrix(16, 40, seed: 5), w: Matrix<Float> = randomMatrix(40, 40, seed: 6)
        let first = matmul(z, w, transposeB: true)
        for _ in 0..<20 { #expect(matmul(z, w, transposeB: true) == first) }
    }
}
