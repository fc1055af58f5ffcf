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

/// The per-step GEMM shapes of the recurrent workloads, timed alone (hot cache, `calls` back-to-back
/// calls per sample): what the sequential part of a training step could reach if it were only GEMMs.
enum StepGEMM {
    static func workload(name: String, detail: String, m: Int, n: Int, k: Int, transposeB: Bool, calls: Int, seed: UInt64) -> Workload {
        let flops = 2 * Double(m) * Double(n) * Double(k)
        return Workload(
            name: name, detail: detail, flopFormula: "2·m·n·k per call, \(calls) calls per sample",
            flopsPerStep: flops * Double(calls), reference: nil,
            full: Stopwatch(warmUp: 2, repeats: 21), quick: Stopwatch(warmUp: 1, repeats: 5),
            prepare: {
                var g = Generator(seed: seed)
                let a: [Float] = (0..<(m * k)).map { _ in Float(g.uniform(-1, 1)) }
                let b: [Float] = (0..<(k * n)).map { _ in Float(g.uniform(-1, 1)) }
                var c = [Float](repeating: 0, count: m * n)
                return {
                    a.withUnsafeBufferPointer { pa in
                        b.withUnsafeBufferPointer { pb in
                            c.withUnsafeMutableBufferPointer { pc in
                                for _ in 0..<calls {
                                    Float.gemm(transposeA: false, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                                               a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: transposeB ? k : n,
                                               beta: 1, c: pc.baseAddress!, ldc: n)
                                }
                            }
                        }
                    }
                }
            })
    }

    /// coRNN forward step: [u z y] (50 × 258) · Wᵀ (258 × 128).
    static func coRNN(seed: UInt64) -> Workload {
        workload(name: "GEMM coRNN step", detail: "float32 50×258 · (128×258)ᵀ, the coRNN forward step shape, ×500 calls",
                 m: 50, n: 128, k: 258, transposeB: true, calls: 500, seed: seed)
    }

    /// PLRNN step: φ(z) (16 × 40) · W_offᵀ (40 × 40).
    static func plrnn(seed: UInt64) -> Workload {
        workload(name: "GEMM PLRNN step", detail: "float32 16×40 · (40×40)ᵀ, the PLRNN step shape, ×200 calls",
                 m: 16, n: 40, k: 40, transposeB: true, calls: 200, seed: seed)
    }
}
