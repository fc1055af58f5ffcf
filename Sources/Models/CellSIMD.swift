import LinearAlgebra

/// Float element-wise kernels written with explicit SIMD8 vectors.
///
/// Why: with the baseline x86-64 target the auto-vectoriser left the coRNN update loops scalar
/// (the small-|x| select in `fastTanh` became a branch), and they took about a quarter of a step.
/// Each kernel does exactly the scalar operations of the generic loop in the same order (no FMA),
/// so results are bit-identical to the scalar code; a scalar tail handles the remainder.
enum CellSIMD {
    typealias V = SIMD8<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }

    @inline(__always)
    static func store(_ v: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }

    /// `CellMath.fastTanh` on eight lanes.
    @inline(__always)
    static func tanh(_ v: V) -> V {
        let bound = V(repeating: 7.90531110763549805)
        // `clamped` calls out to non-inlined pointwiseMin/Max; selects stay in registers.
        let x = v.replacing(with: bound, where: v .> bound).replacing(with: -bound, where: v .< -bound)
        let x2 = x * x
        var p = V(repeating: -2.76076847742355e-16)
        p = p * x2 + V(repeating: 2.00018790482477e-13)
        p = p * x2 + V(repeating: -8.60467152213735e-11)
        p = p * x2 + V(repeating: 5.12229709037114e-08)
        p = p * x2 + V(repeating: 1.48572235717979e-05)
        p = p * x2 + V(repeating: 6.37261928875436e-04)
        p = p * x2 + V(repeating: 4.89352455891786e-03)
        var q = V(repeating: 1.19825839466702e-06)
        q = q * x2 + V(repeating: 1.18534705686654e-04)
        q = q * x2 + V(repeating: 2.26843463243900e-03)
        q = q * x2 + V(repeating: 4.89352518554385e-03)
        let small = V(repeating: 0.0004)
        return (x * p / q).replacing(with: v, where: (v .< small) .& (v .> -small))
    }

    /// coRNN forward for one sequence: a ← tanh(a); z' = z + h(a − γy − εz) (explicit) or
    /// (z + h(a − γy))·q (implicit); y' = y + h z'.
    @inline(__always)
    static func coRNNForward(
        _ a: UnsafeMutablePointer<Float>, z: UnsafePointer<Float>, y: UnsafePointer<Float>,
        zNext: UnsafeMutablePointer<Float>, yNext: UnsafeMutablePointer<Float>, count n: Int,
        h: Float, gamma g: Float, epsilon e: Float, q: Float, implicit: Bool
    ) {
        let hv = V(repeating: h), gv = V(repeating: g), ev = V(repeating: e), qv = V(repeating: q)
        var i = 0
        while i + 8 <= n {
            let ai = tanh(load(a + i)), zi = load(z + i), yi = load(y + i)
            store(ai, a + i)
            let zn = implicit ? (zi + hv * (ai - gv * yi)) * qv : zi + hv * (ai - gv * yi - ev * zi)
            store(zn, zNext + i)
            store(yi + hv * zn, yNext + i)
            i += 8
        }
        while i < n {
            let ai = CellMath.fastTanh(a[i])
            a[i] = ai
            let zn = implicit ? (z[i] + h * (ai - g * y[i])) * q : z[i] + h * (ai - g * y[i] - e * z[i])
            zNext[i] = zn
            yNext[i] = y[i] + h * zn
            i += 1
        }
    }

    /// coRNN backward for one sequence (see `CoRNN.backward`): from dL/dz_n, dL/dy_n (in dz, dy) and
    /// a = tanh(A), writes dL/dA into da and leaves the parts of dL/dz_{n−1}, dL/dy_{n−1} that do
    /// not go through A in dz, dy.
    @inline(__always)
    static func coRNNBackward(
        _ a: UnsafePointer<Float>, da: UnsafeMutablePointer<Float>, dz: UnsafeMutablePointer<Float>,
        dy: UnsafeMutablePointer<Float>, count n: Int, h: Float, gamma g: Float, epsilon e: Float, q: Float, implicit: Bool
    ) {
        let hv = V(repeating: h), hg = V(repeating: h * g), qv = V(repeating: q), decay = V(repeating: 1 - h * e)
        let one = V(repeating: 1)
        var i = 0
        while i + 8 <= n {
            let ai = load(a + i), dyi = load(dy + i)
            let dzn = load(dz + i) + hv * dyi
            let du = implicit ? qv * dzn : dzn
            store(hv * du * (one - ai * ai), da + i)
            store(implicit ? du : du * decay, dz + i)
            store(dyi - hg * du, dy + i)
            i += 8
        }
        while i < n {
            let ai = a[i], dyi = dy[i]
            let dzn = dz[i] + h * dyi
            let du = implicit ? q * dzn : dzn
            da[i] = h * du * (1 - ai * ai)
            dz[i] = implicit ? du : du * (1 - h * e)
            dy[i] = dyi - h * g * du
            i += 1
        }
    }

    /// y[i] = fastTanh(x[i]) for i < n (x and y may be the same buffer).
    /// `CellMath.sigmoid` (Float) on eight lanes: ½ + ½·tanh(x/2).
    @inline(__always)
    static func sigmoid(_ v: V) -> V {
        let half = V(repeating: 0.5)
        return half + half * tanh(half * v)
    }

    /// LSTM forward for one sequence's gate row [i f g o] (pre-activations in, activations out) and
    /// its cell: c' = f·c + i·g, h' = o·tanh(c'), in the scalar loop's order.
    static func lstmForward(_ row: UnsafeMutablePointer<Float>, count m: Int, cPrev: UnsafePointer<Float>,
                            cNext: UnsafeMutablePointer<Float>, hNext: UnsafeMutablePointer<Float>, cellTanh: UnsafeMutablePointer<Float>) {
        var j = 0
        while j + 8 <= m {
            let i = sigmoid(load(row + j)), f = sigmoid(load(row + m + j))
            let g = tanh(load(row + 2 * m + j)), o = sigmoid(load(row + 3 * m + j))
            store(i, row + j); store(f, row + m + j); store(g, row + 2 * m + j); store(o, row + 3 * m + j)
            let cn = f * load(cPrev + j) + i * g
            let th = tanh(cn)
            store(cn, cNext + j); store(th, cellTanh + j); store(o * th, hNext + j)
            j += 8
        }
        while j < m {
            let i = CellMath.sigmoid(row[j]), f = CellMath.sigmoid(row[m + j])
            let g = CellMath.fastTanh(row[2 * m + j]), o = CellMath.sigmoid(row[3 * m + j])
            row[j] = i; row[m + j] = f; row[2 * m + j] = g; row[3 * m + j] = o
            let cn = f * cPrev[j] + i * g
            let th = CellMath.fastTanh(cn)
            cNext[j] = cn; cellTanh[j] = th; hNext[j] = o * th
            j += 1
        }
    }

    /// LSTM backward for one sequence at one step: gate gradients into `dRow`, and dc ← dL/dc_{t−1}
    /// (the part through the forget gate), in the scalar loop's order.
    static func lstmBackward(_ row: UnsafePointer<Float>, dRow: UnsafeMutablePointer<Float>, count m: Int, cPrev: UnsafePointer<Float>,
                             cellTanh: UnsafePointer<Float>, dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>) {
        let one = V(repeating: 1)
        var j = 0
        while j + 8 <= m {
            let i = load(row + j), f = load(row + m + j), g = load(row + 2 * m + j), o = load(row + 3 * m + j)
            let th = load(cellTanh + j), dhj = load(dh + j)
            let dcTotal = load(dc + j) + dhj * o * (one - th * th)
            store(dcTotal * g * i * (one - i), dRow + j)
            store(dcTotal * load(cPrev + j) * f * (one - f), dRow + m + j)
            store(dcTotal * i * (one - g * g), dRow + 2 * m + j)
            store(dhj * th * o * (one - o), dRow + 3 * m + j)
            store(dcTotal * f, dc + j)
            j += 8
        }
        while j < m {
            let i = row[j], f = row[m + j], g = row[2 * m + j], o = row[3 * m + j]
            let th = cellTanh[j]
            let dcTotal = dc[j] + dh[j] * o * (1 - th * th)
            dRow[j] = dcTotal * g * i * (1 - i)
            dRow[m + j] = dcTotal * cPrev[j] * f * (1 - f)
            dRow[2 * m + j] = dcTotal * i * (1 - g * g)
            dRow[3 * m + j] = dh[j] * th * o * (1 - o)
            dc[j] = dcTotal * f
            j += 1
        }
    }

    static func tanh(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count n: Int) {
        var i = 0
        while i + 8 <= n {
            store(tanh(load(x + i)), y + i)
            i += 8
        }
        while i < n {
            y[i] = CellMath.fastTanh(x[i])
            i += 1
        }
    }
}

/// The same memory seen as Float (only called when `S` is Float).
@inline(__always)
func floats<S: BLASScalar>(_ p: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
}
