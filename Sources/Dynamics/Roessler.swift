/// The Rössler (1976) system:
/// x' = −y − z,  y' = x + a y,  z' = b + z(x − c).
/// a = b = 0.2, c = 5.7 is the textbook chaotic setting; Rosenstein et al. (1993) use a = 0.15, b = 0.2, c = 10.
public struct Roessler: ODESystem {
    public var a: Double
    public var b: Double
    public var c: Double

    public init(a: Double = 0.2, b: Double = 0.2, c: Double = 5.7) {
        self.a = a
        self.b = b
        self.c = c
    }

    public var dimension: Int { 3 }

    public func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into dx: UnsafeMutableBufferPointer<Double>) {
        dx[0] = -x[1] - x[2]
        dx[1] = x[0] + a * x[1]
        dx[2] = b + x[2] * (x[0] - c)
    }
}
