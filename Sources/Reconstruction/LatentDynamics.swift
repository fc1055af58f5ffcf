import LinearAlgebra
import Models

/// An autonomous latent recurrent model z_t = F(z_{t−1}) with a linear observation x̂_t = B z_t, in the
/// form sparsely forced BPTT needs: unroll a batch of rows from given initial states (the forced states
/// B⁺x), and back-propagate to the parameters and to those initial states.
///
/// Buffers are flat and row-major, one `rows × latentSize` block per step (step-major), in Float64 —
/// the gradient checks need it and the latent sizes (M ≈ 30) make the step cost overhead-bound anyway.
public protocol LatentDynamics: Sendable {
    /// What `unroll` keeps for `backward`. Its buffers are reused from unroll to unroll (they only grow),
    /// because allocating megabytes per batch cost more in page faults than the arithmetic.
    associatedtype Tape: Sendable

    /// M, the latent dimension.
    var latentSize: Int { get }
    /// N, the observed dimension.
    var observationSize: Int { get }
    /// All trainable parameters (the wrapped `Models` type's, in its order).
    var parameters: [Parameter<Double>] { get set }
    /// Position of the observation matrix B (N × M) in `parameters`.
    var observationIndex: Int { get }

    /// A tape with no buffers yet.
    func makeTape() -> Tape
    /// Runs `steps` autonomous steps from `initial` (rows × M) into `tape`, which then holds z_1 … z_steps.
    func unroll(from initial: UnsafeBufferPointer<Double>, rows: Int, steps: Int, into tape: inout Tape)
    /// Rows and steps of the last unroll into `tape`.
    func shape(of tape: Tape) -> (rows: Int, steps: Int)
    /// Calls `body` with z_1 … z_steps of the last unroll, flat (steps · rows × M), without copying them.
    func withStates<R>(of tape: Tape, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R
    /// Back-propagation in place. On entry `gradients` holds steps + 1 blocks of rows × M: zeros, then
    /// dL/dz_t for t = 1 … steps; on return its first block is dL/dz_0 and the others are clobbered.
    /// Writes dL/dθ for the dynamics parameters into `parameters` (shaped like `parameters`, overwritten;
    /// the slot of B is left alone, the caller adds the read-out part).
    func backward(_ tape: inout Tape, gradients: UnsafeMutableBufferPointer<Double>, parameters: inout [Matrix<Double>])
    /// A free run of one trajectory: z_0 = `initial`, then `steps − 1` steps; returns the observations
    /// B z_0 … B z_{steps−1} (steps × N) without keeping a tape.
    func generate(from initial: [Double], steps: Int) -> Matrix<Double>
}

/// Allocating conveniences over the in-place requirements (tests, one-off use).
extension LatentDynamics {
    /// Runs `steps` autonomous steps from `initial` (rows × M) into a new tape.
    public func unroll(from initial: [Double], rows: Int, steps: Int) -> Tape {
        var tape = makeTape()
        initial.withUnsafeBufferPointer { unroll(from: $0, rows: rows, steps: steps, into: &tape) }
        return tape
    }

    /// z_1 … z_steps of an unroll, flat (steps · rows × M).
    public func states(_ tape: Tape) -> [Double] { withStates(of: tape) { Array($0) } }

    /// Given dL/dz_t for t = 1 … steps (same layout as `states`), returns dL/dθ for the dynamics
    /// parameters (in `parameters` order; the slot of B is zero) and dL/dz_0 (rows × M).
    public func backward(_ tape: Tape, stateGradients: [Double]) -> (parameters: [Matrix<Double>], initial: [Double]) {
        let block = shape(of: tape).rows * latentSize
        precondition(stateGradients.count == shape(of: tape).steps * block, "backward: gradient has the wrong size")
        var tape = tape
        var g = [Double](repeating: 0, count: block) + stateGradients
        var grads = zeroGradients()
        g.withUnsafeMutableBufferPointer { backward(&tape, gradients: $0, parameters: &grads) }
        return (grads, Array(g[0..<block]))
    }
}

extension LatentDynamics {
    /// B (N × M).
    public var observation: Matrix<Double> { parameters[observationIndex].value }

    /// Zero gradients shaped like `parameters`.
    func zeroGradients() -> [Matrix<Double>] {
        parameters.map { Matrix(rows: $0.value.rows, columns: $0.value.columns) }
    }
}

/// Row-major GEMM on flat arrays: C ← α·op(A)·op(B) + β·C, always computed on the calling thread.
///
/// OpenBLAS hands a call to its worker threads once m·n·k exceeds 2¹⁸ (checked for 0.3.21: 320×30×30 is
/// threaded, 290×30×30 is not); at these sizes the spinning, yielding workers cost several times the
/// arithmetic, on a machine running other jobs, and the threaded k-blocking rounds differently. So the
/// call is cut into pieces of at most `serialGemmLimit` multiply-adds: k into the blocks the
/// single-threaded driver itself uses (GEMM_Q = 256 on Haswell/Zen, with its halving of the last two),
/// each piece accumulating into C as the driver does, and m into row ranges starting at multiples of 8,
/// so that the kernel's 4- and 8-row tiles (whose edge versions round differently) fall where they
/// would in one call. Checked bit-identical to one single-threaded call, whatever the thread setting, for
/// 600 shapes (NN, NT, TN; m up to 9600, k up to 19 200) with OpenBLAS 0.3.21 on Zen.
func gemm(_ ta: Bool, _ tb: Bool, m: Int, n: Int, k: Int, _ a: UnsafePointer<Double>, _ lda: Int,
          _ b: UnsafePointer<Double>, _ ldb: Int, beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
          alpha: Double = 1) {
    if m == 0 || n == 0 { return }
    let depth = 256, unroll = 4
    var k0 = 0, first = true
    repeat {
        var kc = k - k0
        if kc >= 2 * depth { kc = depth } else if kc > depth { kc = (kc / 2 + unroll - 1) / unroll * unroll }
        let rowsPerCall = max(8, serialGemmLimit / max(1, n * kc) / 8 * 8)
        let bk = tb ? b + k0 : b + k0 * ldb
        var r = 0
        while r < m {
            let mc = min(rowsPerCall, m - r)
            let ar = ta ? a + k0 * lda + r : a + r * lda + k0
            Double.gemm(transposeA: ta, transposeB: tb, m: mc, n: n, k: kc, alpha: alpha, a: ar, lda: lda, b: bk, ldb: ldb,
                        beta: first ? beta : 1, c: c + r * ldc, ldc: ldc)
            r += mc
        }
        k0 += kc
        first = false
    } while k0 < k
}

/// Largest m·n·k of one OpenBLAS call (half its threading threshold, as a margin).
let serialGemmLimit = 1 << 17

/// Makes `buffer` hold at least `count` elements, keeping what it has when it is already large enough.
@inline(__always)
func grow(_ buffer: inout [Double], to count: Int) {
    if buffer.count < count { buffer = [Double](repeating: 0, count: count) }
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

/// What the forced models' tapes share: the shape of the last unroll and its states as step blocks
/// (initial state first), so `LatentDynamics` lends the states and reports the shape in one place.
public protocol ForcedTape: Sendable {
    init()
    var rows: Int { get }
    var steps: Int { get }
    /// steps + 1 blocks of rows × M: the initial state, then z_1 … z_steps.
    var stateBlocks: [Double] { get }
}

extension LatentDynamics where Tape: ForcedTape {
    public func makeTape() -> Tape { Tape() }

    public func shape(of tape: Tape) -> (rows: Int, steps: Int) { (tape.rows, tape.steps) }

    public func withStates<R>(of tape: Tape, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        let block = tape.rows * latentSize
        return try tape.stateBlocks.withUnsafeBufferPointer {
            try body(UnsafeBufferPointer(rebasing: $0[block..<((tape.steps + 1) * block)]))
        }
    }
}
