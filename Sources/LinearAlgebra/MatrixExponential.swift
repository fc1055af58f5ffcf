import Foundation

/// The matrix exponential e^A by scaling and squaring with Padé approximants of degree 3, 5, 7, 9
/// or 13 (Higham 2005, "The scaling and squaring method for the matrix exponential revisited",
/// Algorithm 2.3 — the algorithm behind MATLAB's and SciPy's `expm`). Computed in Double; the
/// rational approximant is evaluated with one LAPACK solve.
public func expm<S: BLASScalar>(_ a: Matrix<S>) throws -> Matrix<S> {
    try requireSquare(a)
    let n = a.rows
    if n == 0 { return a }
    let x = a.converted(to: Double.self)
    let norm = x.oneNorm
    guard norm.isFinite else { throw LinearAlgebraError.nonFinite("expm: input has a non-finite entry") }

    // θ_m: largest ‖A‖₁ for which the degree-m approximant is accurate to unit roundoff without scaling.
    let thetas: [(degree: Int, theta: Double)] = [
        (3, 1.495585217958292e-2), (5, 2.539398330063230e-1), (7, 9.504178996162932e-1), (9, 2.097847961257068e0),
    ]
    for (degree, theta) in thetas where norm <= theta {
        return try padeExponential(x, degree: degree).converted(to: S.self)
    }
    let theta13 = 5.371920351148152
    let squarings = norm <= theta13 ? 0 : Int(Foundation.ceil(Foundation.log2(norm / theta13)))
    var scaled = x
    scaled.scale(by: Foundation.pow(2.0, Double(-squarings)))
    var result = try padeExponential(scaled, degree: 13)
    for _ in 0..<squarings { result = matmul(result, result) }
    guard result.storage.allSatisfy(\.isFinite) else { throw LinearAlgebraError.nonFinite("expm overflowed") }
    return result.converted(to: S.self)
}

private let padeCoefficients: [Int: [Double]] = [
    3: [120, 60, 12, 1],
    5: [30240, 15120, 3360, 420, 30, 1],
    7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
    9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
    13: [64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
         10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1],
]

/// r_m(A) = (V − U)⁻¹(V + U) with U the odd and V the even part of the Padé numerator.
private func padeExponential(_ a: Matrix<Double>, degree: Int) throws -> Matrix<Double> {
    let b = padeCoefficients[degree]!
    let n = a.rows
    let identity = Matrix<Double>.identity(n)
    let a2 = matmul(a, a)
    var u: Matrix<Double>, v: Matrix<Double>
    if degree == 13 {
        let a4 = matmul(a2, a2), a6 = matmul(a4, a2)
        var inner = b[13] * a6
        axpy(b[11], a4, &inner); axpy(b[9], a2, &inner)
        var uSum = matmul(a6, inner)
        axpy(b[7], a6, &uSum); axpy(b[5], a4, &uSum); axpy(b[3], a2, &uSum); axpy(b[1], identity, &uSum)
        u = matmul(a, uSum)
        var innerV = b[12] * a6
        axpy(b[10], a4, &innerV); axpy(b[8], a2, &innerV)
        v = matmul(a6, innerV)
        axpy(b[6], a6, &v); axpy(b[4], a4, &v); axpy(b[2], a2, &v); axpy(b[0], identity, &v)
    } else {
        // Powers I, A², A⁴, … up to A^(degree−1).
        var powers = [identity, a2]
        while powers.count <= degree / 2 { powers.append(matmul(powers[powers.count - 1], a2)) }
        var uSum = Matrix<Double>(rows: n, columns: n)
        v = Matrix<Double>(rows: n, columns: n)
        for k in 0...(degree / 2) {
            axpy(b[2 * k + 1], powers[k], &uSum)
            axpy(b[2 * k], powers[k], &v)
        }
        u = matmul(a, uSum)
    }
    return try solve(v - u, v + u)
}
