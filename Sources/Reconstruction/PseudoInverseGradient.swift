import LinearAlgebra

/// Back-propagation through the Moore–Penrose pseudo-inverse P = B⁺ (what autograd does for
/// `torch.pinverse(B)` in the reference, where B is not detached): given G = dL/dP (M × N), returns
/// dL/dB (N × M) from the differential of a constant-rank pseudo-inverse,
///
///     dP = −P dB P + P Pᵀ dBᵀ (I − B P) + (I − P B) dBᵀ Pᵀ P,
///
/// so dL/dB = −Pᵀ G Pᵀ + (I − B P) Gᵀ P Pᵀ + Pᵀ P Gᵀ (I − P B). For the full-row-rank B of the
/// experiments (N < M) B P = I and the middle term vanishes.
enum PseudoInverseGradient {
    static func gradient(b: Matrix<Double>, pinv p: Matrix<Double>, upstream g: Matrix<Double>) -> Matrix<Double> {
        let n = b.rows, m = b.columns
        precondition(p.rows == m && p.columns == n && g.rows == m && g.columns == n)
        // Term 1: −Pᵀ G Pᵀ.
        var result = product(product(p, true, g, false), false, p, true)
        for k in result.storage.indices { result.storage[k] = -result.storage[k] }
        // Term 2: tr(Gᵀ P Pᵀ dBᵀ R), R = I − B P (N × N) ⇒ R Gᵀ P Pᵀ.
        var r = product(b, p)
        for k in r.storage.indices { r.storage[k] = -r.storage[k] }
        for i in 0..<n { r[i, i] += 1 }
        let t2 = product(product(r, false, g, true), false, product(p, false, p, true), false)
        // Term 3: tr(Gᵀ Q dBᵀ Pᵀ P), Q = I − P B (M × M) ⇒ Pᵀ P Gᵀ Q.
        var q = product(p, b)
        for k in q.storage.indices { q.storage[k] = -q.storage[k] }
        for i in 0..<m { q[i, i] += 1 }
        let t3 = product(product(product(p, true, p, false), false, g, true), false, q, false)
        for k in result.storage.indices { result.storage[k] += t2.storage[k] + t3.storage[k] }
        return result
    }
}
