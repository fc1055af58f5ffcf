import LinearAlgebra
@testable import Models
import Randomness
import Testing

/// The packed AVX2/FMA product against OpenBLAS: every edge of the 5×16 tiling, and a Float coRNN
/// forward/backward computed both ways.
struct PackedGEMMTests {
    static func random(_ count: Int, _ rng: inout Generator) -> [Float] {
        (0..<count).map { _ in Float(rng.uniform(-1, 1)) }
    }

    @Test(.enabled(if: PackedGEMM.isAvailable), arguments: [(1, 1, 1), (4, 15, 3), (5, 16, 7), (7, 17, 30), (50, 128, 258), (50, 256, 128), (11, 40, 1)])
    func agreesWithOpenBLASOnEveryTileEdge(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        var rng = Generator(seed: 11)
        let lda = k + 3
        let a = Self.random(m * lda, &rng)
        for transposed in [false, true] {
            let ldb = (transposed ? k : n) + 2
            let b = Self.random((transposed ? n : k) * ldb, &rng)
            let start = Self.random(m * n, &rng)
            for accumulate in [false, true] {
                var packed = start, blas = start
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        PackedGEMM.withPacked(k: k, n: n, pb.baseAddress!, ldb: ldb, transposed: transposed) { p in
                            packed.withUnsafeMutableBufferPointer {
                                p.multiply(m: m, pa.baseAddress!, lda: lda, into: $0.baseAddress!, ldc: n, accumulate: accumulate)
                            }
                        }
                        blas.withUnsafeMutableBufferPointer {
                            CellMath.gemm(false, transposed, m: m, n: n, k: k, pa.baseAddress!, lda: lda, pb.baseAddress!, ldb: ldb,
                                          beta: accumulate ? 1 : 0, $0.baseAddress!, ldc: n)
                        }
                    }
                }
                let worst = zip(packed, blas).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
                #expect(worst < 1e-5, "m \(m) n \(n) k \(k) transposed \(transposed) accumulate \(accumulate): \(worst)")
            }
        }
    }

    @Test(.enabled(if: PackedGEMM.isAvailable))
    func coRNNGradientsAgreeWithTheOpenBLASPath() {
        var rng = Generator(seed: 3)
        var model = CoRNN<Float>(inputSize: 2, hiddenSize: 20, outputSize: 1, dt: 0.06, gamma: 6.6, epsilon: 1.5, generator: &rng)
        let inputs = (0..<30).map { _ in Matrix<Float>(rows: 7, columns: 2, storage: Self.random(14, &rng)) }
        let seed = Matrix<Float>(rows: 7, columns: 1, storage: Self.random(7, &rng))
        func run(_ m: CoRNN<Float>) -> ([Float], [[Float]]) {
            let (outputs, tape) = m.forward(inputs, readout: .last)
            return (outputs[0].storage, m.backward(tape, outputGradients: [seed]).map(\.storage))
        }
        let (fast, fastGradients) = run(model)
        model.usePackedGEMM = false
        let (slow, slowGradients) = run(model)
        #expect(zip(fast, slow).allSatisfy { abs($0 - $1) <= 1e-5 * (1 + abs($1)) })
        for (f, s) in zip(fastGradients, slowGradients) {
            let scale = s.map(abs).max() ?? 1
            #expect(zip(f, s).allSatisfy { abs($0 - $1) <= 1e-4 * (scale + 1e-6) })
        }
    }
}
