import LinearAlgebra
import Randomness

/// The machine's measured peak: one float32 2048×2048×2048 OpenBLAS GEMM (2n³ FLOPs).
enum GEMMPeak {
    static let size = 2048

    static func workload(seed: UInt64) -> Workload {
        let n = size
        return Workload(
            name: "GEMM \(n)²", detail: "float32 C = A·B, \(n)×\(n)×\(n), OpenBLAS sgemm",
            flopFormula: "2·n³", flopsPerStep: 2 * Double(n) * Double(n) * Double(n),
            reference: nil,
            full: Stopwatch(warmUp: 1, repeats: 7), quick: Stopwatch(warmUp: 1, repeats: 3),
            prepare: {
                var g = Generator(seed: seed)
                let a: [Float] = (0..<(n * n)).map { _ in Float(g.uniform(-1, 1)) }
                let b: [Float] = (0..<(n * n)).map { _ in Float(g.uniform(-1, 1)) }
                var c = [Float](repeating: 0, count: n * n)
                return {
                    a.withUnsafeBufferPointer { pa in
                        b.withUnsafeBufferPointer { pb in
                            c.withUnsafeMutableBufferPointer { pc in
                                Float.gemm(transposeA: false, transposeB: false, m: n, n: n, k: n, alpha: 1,
                                           a: pa.baseAddress!, lda: n, b: pb.baseAddress!, ldb: n,
                                           beta: 0, c: pc.baseAddress!, ldc: n)
                            }
                        }
                    }
                }
            })
    }
}
