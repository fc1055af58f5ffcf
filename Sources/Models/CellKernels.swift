import Foundation
import LinearAlgebra
import Randomness

/// A heap buffer owned by a tape: lets forward/backward work on raw pointers (no copy-on-write
/// checks, no closure nesting) while the tape keeps the memory alive. Zero-initialised unless
/// `zeroed` is false (for buffers every element of which is written before it is read).
///
/// With a `pool`, the memory comes from and goes back to that pool instead of malloc/free.
final class CellBuffer<S: BLASScalar> {
    let base: UnsafeMutablePointer<S>
    let count: Int
    private let pool: BufferPool<S>?

    init(_ count: Int, zeroed: Bool = true, pool: BufferPool<S>? = nil) {
        self.count = count
        self.pool = pool
        let capacity = max(count, 1)
        base = pool?.take(capacity) ?? BufferPool<S>.allocate(capacity)
        if zeroed { base.initialize(repeating: 0, count: capacity) }
    }

    deinit {
        if let pool { pool.give(base, max(count, 1)) } else { free(base) }
    }

    @inline(__always) func at(_ offset: Int) -> UnsafeMutablePointer<S> { base + offset }
}

/// Spare tape buffers of one model, reused from one forward/backward pass to the next.
///
/// Why: a coRNN tape (T=500, 128 units, batch 50) is ~50 MiB. Allocated fresh every training step,
/// glibc hands it back to the kernel on free, and first-touch page faults (zeroing plus cgroup
/// accounting on this VM) took about a third of the step. Copies of a model share its pool; the
/// lock makes concurrent passes safe. At most `capacity` spare buffers are kept (exact-size reuse).
final class BufferPool<S: BLASScalar>: @unchecked Sendable {
    private let lock = NSLock()
    private var spare: [(pointer: UnsafeMutablePointer<S>, count: Int)] = []
    private let capacity: Int

    init(capacity: Int = 8) { self.capacity = capacity }

    deinit { for s in spare { free(s.pointer) } }

    static func allocate(_ count: Int) -> UnsafeMutablePointer<S> {
        guard let raw = malloc(count * MemoryLayout<S>.stride) else { fatalError("CellBuffer: out of memory (\(count) elements)") }
        return raw.bindMemory(to: S.self, capacity: count)
    }

    func take(_ count: Int) -> UnsafeMutablePointer<S> {
        lock.lock()
        let index = spare.lastIndex { $0.count == count }
        let reused = index.map { spare.remove(at: $0).pointer }
        lock.unlock()
        return reused ?? Self.allocate(count)
    }

    func give(_ pointer: UnsafeMutablePointer<S>, _ count: Int) {
        lock.lock()
        spare.append((pointer, count))
        let evicted = spare.count > capacity ? spare.removeFirst().pointer : nil
        lock.unlock()
        if let evicted { free(evicted) }
    }
}

/// Scalar kernels and BLAS glue shared by the gated / oscillator cells.
enum CellMath {
    /// tanh. Float uses a clamped 13/6 rational approximation (the one in Eigen's `ptanh_float`):
    /// ≤ 4·10⁻⁷ relative error on all of ℝ, branch-free, so loops vectorise — glibc's tanhf costs
    /// ~25 ns a call, which dominated a coRNN step. Double keeps libm (gradient checks).
    @inline(__always)
    static func tanh<S: BLASScalar>(_ x: S) -> S {
        if S.self == Float.self { return S(fastTanh(Float(x))) }
        return S(Foundation.tanh(Double(x)))
    }

    @inline(__always)
    static func sigmoid<S: BLASScalar>(_ x: S) -> S {
        if S.self == Float.self { return S(0.5 + 0.5 * fastTanh(0.5 * Float(x))) }
        return S(1 / (1 + Foundation.exp(-Double(x))))
    }

    @inline(__always)
    static func fastTanh(_ v: Float) -> Float {
        let x = max(-7.90531110763549805, min(7.90531110763549805, v))
        let x2 = x * x
        var p: Float = -2.76076847742355e-16
        p = p * x2 + 2.00018790482477e-13
        p = p * x2 + -8.60467152213735e-11
        p = p * x2 + 5.12229709037114e-08
        p = p * x2 + 1.48572235717979e-05
        p = p * x2 + 6.37261928875436e-04
        p = p * x2 + 4.89352455891786e-03
        var q: Float = 1.19825839466702e-06
        q = q * x2 + 1.18534705686654e-04
        q = q * x2 + 2.26843463243900e-03
        q = q * x2 + 4.89352518554385e-03
        return abs(v) < 0.0004 ? v : x * p / q
    }

    /// C ← α·op(A)·op(B) + β·C on raw row-major pointers; tolerates empty dimensions.
    @inline(__always)
    static func gemm<S: BLASScalar>(
        _ transposeA: Bool, _ transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: S = 1, _ a: UnsafePointer<S>, lda: Int, _ b: UnsafePointer<S>, ldb: Int,
        beta: S, _ c: UnsafeMutablePointer<S>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } }
            return
        }
        S.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
               alpha: alpha, a: a, lda: max(lda, 1), b: b, ldb: max(ldb, 1), beta: beta, c: c, ldc: max(ldc, 1))
    }

    /// Row i of `c` (rows × n) ← `bias` for every row: the start of an affine map computed with β = 1.
    @inline(__always)
    static func broadcastRows<S: BLASScalar>(_ bias: UnsafePointer<S>, into c: UnsafeMutablePointer<S>, rows: Int, columns n: Int) {
        for i in 0..<rows { (c + i * n).update(from: bias, count: n) }
    }

    /// `sums[j] += Σ_i a[i, j]`: bias gradients.
    @inline(__always)
    static func addColumnSums<S: BLASScalar>(_ a: UnsafePointer<S>, rows: Int, columns n: Int, into sums: UnsafeMutablePointer<S>) {
        for i in 0..<rows {
            let row = a + i * n
            for j in 0..<n { sums[j] += row[j] }
        }
    }

    /// Copies the step matrices into one (T·batch) × columns block, step-major.
    static func stack<S: BLASScalar>(_ steps: [Matrix<S>], columns: Int) -> CellBuffer<S> {
        let rows = steps.first?.rows ?? 0
        let buffer = CellBuffer<S>(steps.count * rows * columns)
        for (t, m) in steps.enumerated() {
            precondition(m.rows == rows && m.columns == columns, "step \(t) is \(m.rows)×\(m.columns), expected \(rows)×\(columns)")
            m.storage.withUnsafeBufferPointer { buffer.at(t * rows * columns).update(from: $0.baseAddress!, count: m.count) }
        }
        return buffer
    }

    /// PyTorch's default `nn.Linear` / `nn.LSTM` initialisation: U(−bound, bound).
    static func uniform<S: BLASScalar>(rows: Int, columns: Int, bound: Double, _ generator: inout Generator) -> Matrix<S> {
        Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in S(generator.uniform(-bound, bound)) })
    }

    static func normal<S: BLASScalar>(rows: Int, columns: Int, standardDeviation: Double, _ generator: inout Generator) -> Matrix<S> {
        Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in S(standardDeviation * generator.normal()) })
    }
}

/// The affine read-out `Linear(hidden, out)` (PyTorch names `readout.weight` (out × hidden),
/// `readout.bias` (out, stored as out × 1)) applied at the last or at every step.
enum CellReadout {
    /// PyTorch-default initialised weight and bias (fan_in = hidden).
    static func initial<S: BLASScalar>(hidden: Int, out: Int, _ generator: inout Generator) -> (weight: Matrix<S>, bias: Matrix<S>) {
        let bound = 1 / Double(hidden).squareRoot()
        let w: Matrix<S> = CellMath.uniform(rows: out, columns: hidden, bound: bound, &generator)
        let b: Matrix<S> = CellMath.uniform(rows: out, columns: 1, bound: bound, &generator)
        return (w, b)
    }

    /// Outputs for `rows` consecutive states (rows × hidden, `stride` elements apart; default hidden),
    /// split into blocks of `batch` rows.
    static func forward<S: BLASScalar>(
        weight: Matrix<S>, bias: Matrix<S>, states: UnsafePointer<S>, stride: Int? = nil, rows: Int, batch: Int
    ) -> [Matrix<S>] {
        let out = weight.rows, hidden = weight.columns
        let lda = stride ?? hidden
        var y = [S](repeating: 0, count: rows * out)
        y.withUnsafeMutableBufferPointer { py in
            bias.storage.withUnsafeBufferPointer { CellMath.broadcastRows($0.baseAddress!, into: py.baseAddress!, rows: rows, columns: out) }
            weight.storage.withUnsafeBufferPointer { pw in
                CellMath.gemm(false, true, m: rows, n: out, k: hidden, states, lda: lda, pw.baseAddress!, ldb: hidden,
                              beta: 1, py.baseAddress!, ldc: out)
            }
        }
        let blocks = batch == 0 ? 0 : rows / batch
        return (0..<blocks).map { t in
            Matrix(rows: batch, columns: out, storage: Array(y[(t * batch * out)..<((t + 1) * batch * out)]))
        }
    }

    /// Accumulates the read-out's weight and bias gradients and writes dL/d(states) into `stateGradients`
    /// (overwritten, rows × hidden). `stride` is the distance between state rows (default hidden).
    static func backward<S: BLASScalar>(
        weight: Matrix<S>, states: UnsafePointer<S>, stride: Int? = nil, rows: Int, outputGradients: [Matrix<S>],
        weightGradient: inout Matrix<S>, biasGradient: inout Matrix<S>, stateGradients: UnsafeMutablePointer<S>
    ) {
        let out = weight.rows, hidden = weight.columns
        let ldb = stride ?? hidden
        let dy = CellMath.stack(outputGradients, columns: out)
        precondition(dy.count == rows * out, "read-out gradients cover \(dy.count / max(out, 1)) rows, expected \(rows)")
        weightGradient.storage.withUnsafeMutableBufferPointer { pdw in
            CellMath.gemm(true, false, m: out, n: hidden, k: rows, dy.base, lda: out, states, ldb: ldb,
                          beta: 1, pdw.baseAddress!, ldc: hidden)
        }
        biasGradient.storage.withUnsafeMutableBufferPointer { CellMath.addColumnSums(dy.base, rows: rows, columns: out, into: $0.baseAddress!) }
        weight.storage.withUnsafeBufferPointer { pw in
            CellMath.gemm(false, false, m: rows, n: hidden, k: out, dy.base, lda: out, pw.baseAddress!, ldb: hidden,
                          beta: 0, stateGradients, ldc: hidden)
        }
    }
}

/// Checks the inputs of a `forward` call and returns (T, batch).
func cellSequenceShape<S: BLASScalar>(_ inputs: [Matrix<S>], inputSize: Int) -> (steps: Int, batch: Int) {
    precondition(!inputs.isEmpty, "forward needs at least one step")
    let batch = inputs[0].rows
    for (t, x) in inputs.enumerated() {
        precondition(x.rows == batch && x.columns == inputSize, "input \(t) is \(x.rows)×\(x.columns), expected \(batch)×\(inputSize)")
    }
    return (inputs.count, batch)
}
