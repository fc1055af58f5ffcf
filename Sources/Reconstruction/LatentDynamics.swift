import LinearAlgebra
import Models

/// An autonomous latent recurrent model z_t = F(z_{t−1}) with a linear observation x̂_t = B z_t, in the
/// form sparsely forced BPTT needs: unroll a batch of rows from given initial states (the forced states
/// B⁺x), and back-propagate to the parameters and to those initial states.
///
/// Buffers are flat and row-major, one `rows × latentSize` block per step (step-major), in Float64 —
/// the gradient checks need it and the latent sizes (M ≈ 30) make the step cost overhead-bound anyway.
public protocol LatentDynamics: Sendable {
    /// What `unroll` keeps for `backward`.
    associatedtype Tape: Sendable

    /// M, the latent dimension.
    var latentSize: Int { get }
    /// N, the observed dimension.
    var observationSize: Int { get }
    /// All trainable parameters (the wrapped `Models` type's, in its order).
    var parameters: [Parameter<Double>] { get set }
    /// Position of the observation matrix B (N × M) in `parameters`.
    var observationIndex: Int { get }

    /// Runs `steps` autonomous steps from `initial` (rows × M); the tape holds z_1 … z_steps.
    func unroll(from initial: [Double], rows: Int, steps: Int) -> Tape
    /// z_1 … z_steps of an unroll, flat (steps · rows × M).
    func states(_ tape: Tape) -> [Double]
    /// Given dL/dz_t for t = 1 … steps (same layout as `states`), returns dL/dθ for the dynamics
    /// parameters (in `parameters` order; the slot of B is zero, the caller adds the read-out part) and
    /// dL/dz_0 (rows × M).
    func backward(_ tape: Tape, stateGradients: [Double]) -> (parameters: [Matrix<Double>], initial: [Double])
    /// A free run of one trajectory: z_0 = `initial`, then `steps − 1` steps; returns the observations
    /// B z_0 … B z_{steps−1} (steps × N) without keeping a tape.
    func generate(from initial: [Double], steps: Int) -> Matrix<Double>
}

extension LatentDynamics {
    /// B (N × M).
    public var observation: Matrix<Double> { parameters[observationIndex].value }

    /// Zero gradients shaped like `parameters`.
    func zeroGradients() -> [Matrix<Double>] {
        parameters.map { Matrix(rows: $0.value.rows, columns: $0.value.columns) }
    }
}

/// Row-major GEMM on flat arrays: C ← α·op(A)·op(B) + β·C.
@inline(__always)
func gemm(_ ta: Bool, _ tb: Bool, m: Int, n: Int, k: Int, _ a: UnsafePointer<Double>, _ lda: Int,
          _ b: UnsafePointer<Double>, _ ldb: Int, beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
          alpha: Double = 1) {
    if m == 0 || n == 0 { return }
    Double.gemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                beta: beta, c: c, ldc: ldc)
}

/// C = A·B for `Matrix<Double>` values (small helpers, not hot loops).
func product(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> { product(a, false, b, false) }

/// C = op(A)·op(B), op = transpose when the flag is set.
func product(_ a: Matrix<Double>, _ ta: Bool, _ b: Matrix<Double>, _ tb: Bool) -> Matrix<Double> {
    let m = ta ? a.columns : a.rows, k = ta ? a.rows : a.columns
    let n = tb ? b.rows : b.columns
    precondition((tb ? b.columns : b.rows) == k, "product: inner dimensions differ")
    var c = Matrix<Double>(rows: m, columns: n)
    if k == 0 { return c }
    a.storage.withUnsafeBufferPointer { ap in
        b.storage.withUnsafeBufferPointer { bp in
            c.storage.withUnsafeMutableBufferPointer { cp in
                gemm(ta, tb, m: m, n: n, k: k, ap.baseAddress!, a.columns, bp.baseAddress!, b.columns, beta: 0,
                     cp.baseAddress!, n)
            }
        }
    }
    return c
}
