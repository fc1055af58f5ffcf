/// A complex matrix stored as a pair of real matrices (real part, imaginary part) of equal shape;
/// used for the eigenvectors of non-symmetric matrices.
public struct ComplexMatrix<Scalar: BLASScalar>: Equatable, Sendable {
    public var real: Matrix<Scalar>
    public var imaginary: Matrix<Scalar>

    public init(real: Matrix<Scalar>, imaginary: Matrix<Scalar>) {
        precondition(real.rows == imaginary.rows && real.columns == imaginary.columns, "real and imaginary parts differ in shape")
        self.real = real
        self.imaginary = imaginary
    }

    public var rows: Int { real.rows }
    public var columns: Int { real.columns }
}
