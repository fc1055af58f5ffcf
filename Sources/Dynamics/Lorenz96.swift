/// The Lorenz (1996) model on a ring of N sites (indices cyclic):
/// x_j' = (x_{j+1} − x_{j−2}) x_{j−1} − x_j + F.
/// The uniform state x_j = F is stable while F·max_k(cos θ_k − cos 2θ_k) < 1, θ_k = 2πk/N: for all
/// F < 1 with N = 4, but only for F < 0.894 with N = 5 (so the 5-site F = 0.9 case oscillates weakly
/// around F). F = 8 is chaotic.
public struct Lorenz96: ODESystem {
    public let dimension: Int
    public var forcing: Double

    public init(dimension: Int = 5, forcing: Double = 8) {
        precondition(dimension >= 4, "Lorenz-96 needs at least 4 sites")
        self.dimension = dimension
        self.forcing = forcing
    }

    public func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into dx: UnsafeMutableBufferPointer<Double>) {
        let n = dimension
        for j in 0..<n {
            let jp1 = j + 1 == n ? 0 : j + 1
            let jm1 = j == 0 ? n - 1 : j - 1
            let jm2 = j >= 2 ? j - 2 : j + n - 2
            dx[j] = (x[jp1] - x[jm2]) * x[jm1] - x[j] + forcing
        }
    }
}
