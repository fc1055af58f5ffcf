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

    /// Forward outputs and gradients of `fast` (packed products) against `slow` (the same model on OpenBLAS).
    static func expectAgreement<M: RecurrentModel>(_ fast: M, _ slow: M, inputSize: Int, readout: ReadoutSteps) where M.Scalar == Float {
        var rng = Generator(seed: 3)
        let batch = 7, steps = 30
        let inputs = (0..<steps).map { _ in Matrix<Float>(rows: batch, columns: inputSize, storage: random(batch * inputSize, &rng)) }
        func run(_ m: M) -> ([Float], [[Float]]) {
            let (outputs, tape) = m.forward(inputs, readout: readout)
            let seeds = outputs.map { Matrix<Float>(rows: $0.rows, columns: $0.columns, storage: random($0.count, &rng)) }
            return (outputs.flatMap(\.storage), m.backward(tape, outputGradients: seeds).map(\.storage))
        }
        let (y, gradients) = run(fast)
        rng = Generator(seed: 3)
        _ = inputs.map { _ in random(batch * inputSize, &rng) }
        let (yRef, gradientsRef) = run(slow)
        #expect(zip(y, yRef).allSatisfy { abs($0 - $1) <= 1e-5 * (1 + abs($1)) })
        for (g, ref) in zip(gradients, gradientsRef) {
            let scale = ref.map(abs).max() ?? 1
            #expect(zip(g, ref).allSatisfy { abs($0 - $1) <= 1e-4 * (scale + 1e-6) })
        }
    }

    @Test(.enabled(if: PackedGEMM.isAvailable), arguments: [ReadoutSteps.last, .all])
    func coRNNAgreesWithTheOpenBLASPath(readout: ReadoutSteps) {
        var rng = Generator(seed: 3)
        let fast = CoRNN<Float>(inputSize: 2, hiddenSize: 20, outputSize: 1, dt: 0.06, gamma: 6.6, epsilon: 1.5, generator: &rng)
        var slow = fast
        slow.usePackedGEMM = false
        Self.expectAgreement(fast, slow, inputSize: 2, readout: readout)
    }

    @Test(.enabled(if: PackedGEMM.isAvailable), arguments: [ElmanActivation.tanh, .relu])
    func elmanRNNAgreesWithTheOpenBLASPath(activation: ElmanActivation) {
        var rng = Generator(seed: 4)
        let fast = ElmanRNN<Float>(inputSize: 3, hiddenSize: 37, outputSize: 2, activation: activation, generator: &rng)
        var slow = fast
        slow.usePackedGEMM = false
        Self.expectAgreement(fast, slow, inputSize: 3, readout: .all)
    }

    @Test(.enabled(if: PackedGEMM.isAvailable), arguments: [ReadoutSteps.last, .all])
    func lstmAgreesWithTheOpenBLASPath(readout: ReadoutSteps) {
        var rng = Generator(seed: 5)
        let fast = LSTM<Float>(inputSize: 3, hiddenSize: 13, outputSize: 2, generator: &rng)
        var slow = fast
        slow.usePackedGEMM = false
        Self.expectAgreement(fast, slow, inputSize: 3, readout: readout)
    }
}
