/// Why a LAPACK-backed operation failed, with LAPACK's `info` code translated into words.
///
/// Illegal-argument codes (`info < 0`) are programming errors inside this module and trap instead;
/// what reaches callers is a property of the input matrix (singular, not convergent, …).
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// LU factorisation found an exactly zero pivot: U(pivot, pivot) = 0 (1-based, as LAPACK reports it).
    case singular(routine: String, pivot: Int)
    /// An iterative algorithm (QR iteration, divide and conquer, bidiagonal SVD) did not converge;
    /// `info` is LAPACK's count of unconverged values or the failing index.
    case noConvergence(routine: String, info: Int)
    /// The operation needs a square matrix.
    case notSquare(rows: Int, columns: Int)
    /// Operand shapes do not fit together.
    case shapeMismatch(String)
    /// The principal matrix logarithm does not exist (real) for an eigenvalue on the closed negative real axis.
    case eigenvalueOnNegativeRealAxis(real: Double, imaginary: Double)
    /// A result contained NaN or infinity (e.g. overflow in the exponential of a huge matrix).
    case nonFinite(String)

    public var description: String {
        switch self {
        case let .singular(routine, pivot):
            return "\(routine): matrix is singular (U(\(pivot),\(pivot)) is exactly zero in the LU factorisation)"
        case let .noConvergence(routine, info):
            return "\(routine): did not converge (LAPACK info = \(info): that many values/offdiagonals failed to converge)"
        case let .notSquare(rows, columns):
            return "matrix must be square, got \(rows)×\(columns)"
        case let .shapeMismatch(message):
            return "shape mismatch: \(message)"
        case let .eigenvalueOnNegativeRealAxis(re, im):
            return "matrix logarithm: eigenvalue \(re)\(im >= 0 ? "+" : "")\(im)i lies on the closed negative real axis"
        case let .nonFinite(message):
            return "non-finite result: \(message)"
        }
    }
}
