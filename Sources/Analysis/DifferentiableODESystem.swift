import Dynamics
import LinearAlgebra

/// An ODE system that can also give its Jacobian ∂f/∂x, which the variational equations
/// Ẏ = J(x, t)·Y of the Benettin method need.
public protocol DifferentiableODESystem: ODESystem {
    /// ∂f_i/∂x_j at (state, time), a `dimension × dimension` matrix.
    func jacobian(_ state: [Double], time: Double) -> Matrix<Double>
}

/// Wraps any `ODESystem` and differentiates it by central finite differences,
/// J_ij ≈ (f_i(x + h e_j) − f_i(x − h e_j)) / 2h with h = step · max(1, |x_j|).
/// Used for systems without an analytic Jacobian (2 n extra evaluations per Jacobian).
public struct FiniteDifferenceJacobian<System: ODESystem>: DifferentiableODESystem {
    public var system: System
    /// Relative step (the default ≈ ε^{1/3} balances truncation and round-off for central differences).
    public var step: Double

    public init(_ system: System, step: Double = 6e-6) {
        self.system = system
        self.step = step
    }

    public var dimension: Int { system.dimension }

    public func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into dx: UnsafeMutableBufferPointer<Double>) {
        system.derivative(x, time: time, into: dx)
    }

    public func jacobian(_ state: [Double], time: Double) -> Matrix<Double> {
        let n = dimension
        var j = Matrix<Double>(rows: n, columns: n)
        var probe = state
        for c in 0..<n {
            let h = step * max(1, abs(state[c]))
            probe[c] = state[c] + h
            let plus = system.derivative(probe, time: time)
            probe[c] = state[c] - h
            let minus = system.derivative(probe, time: time)
            probe[c] = state[c]
            for r in 0..<n { j[r, c] = (plus[r] - minus[r]) / (2 * h) }
        }
        return j
    }
}

extension Lorenz63: DifferentiableODESystem {
    public func jacobian(_ x: [Double], time: Double) -> Matrix<Double> {
        Matrix([[-sigma, sigma, 0],
                [rho - x[2], -1, -x[0]],
                [x[1], x[0], -beta]])
    }
}

extension Roessler: DifferentiableODESystem {
    public func jacobian(_ x: [Double], time: Double) -> Matrix<Double> {
        Matrix([[0, -1, -1],
                [1, a, 0],
                [x[2], 0, x[0] - c]])
    }
}

extension Lorenz96: DifferentiableODESystem {
    public func jacobian(_ x: [Double], time: Double) -> Matrix<Double> {
        let n = dimension
        var j = Matrix<Double>(rows: n, columns: n)
        for i in 0..<n {
            let ip1 = (i + 1) % n, im1 = (i + n - 1) % n, im2 = (i + n - 2) % n
            // f_i = (x_{i+1} − x_{i−2}) x_{i−1} − x_i + F
            j[i, ip1] += x[im1]
            j[i, im2] -= x[im1]
            j[i, im1] += x[ip1] - x[im2]
            j[i, i] -= 1
        }
        return j
    }
}

extension ForcedDuffing: DifferentiableODESystem {
    public func jacobian(_ x: [Double], time: Double) -> Matrix<Double> {
        Matrix([[0, 1],
                [-alpha - 3 * beta * x[0] * x[0], -delta]])
    }
}

extension VanDerPol: DifferentiableODESystem {
    public func jacobian(_ x: [Double], time: Double) -> Matrix<Double> {
        Matrix([[0, 1],
                [-2 * mu * x[0] * x[1] - 1, mu * (1 - x[0] * x[0])]])
    }
}
