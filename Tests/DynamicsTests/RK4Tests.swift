import Dynamics
import Foundation
import Testing

/// x' = −k x, solution x0 e^{−k t}.
struct Decay: ODESystem {
    var rate: Double
    var dimension: Int { 1 }
    func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into dx: UnsafeMutableBufferPointer<Double>) {
        dx[0] = -rate * x[0]
    }
}

/// x'' = −ω² x as (x, v); solution x = cos ωt, v = −ω sin ωt from (1, 0).
struct Harmonic: ODESystem {
    var omega: Double
    var dimension: Int { 2 }
    func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into dx: UnsafeMutableBufferPointer<Double>) {
        dx[0] = x[1]
        dx[1] = -omega * omega * x[0]
    }
}

@Suite struct RK4Tests {
    @Test func exponentialDecayMatchesExactSolution() {
        let trajectory = RK4.integrate(Decay(rate: 1.5), from: [2], dt: 0.01, steps: 200)
        #expect(trajectory.count == 201)
        #expect(trajectory.times.last == 2.0)
        for i in stride(from: 0, to: trajectory.count, by: 20) {
            let exact = 2 * exp(-1.5 * trajectory.times[i])
            #expect(abs(trajectory[i, 0] - exact) < 1e-9)
        }
    }

    @Test func globalErrorIsFourthOrder() {
        func error(dt: Double) -> Double {
            let steps = Int((10 / dt).rounded())
            let end = RK4.integrate(Harmonic(omega: 1), from: [1, 0], dt: dt, steps: steps).last!
            return hypot(end[0] - cos(10), end[1] + sin(10))
        }
        let coarse = error(dt: 0.1), fine = error(dt: 0.05)
        // Halving dt should shrink the error about 2⁴ = 16 times.
        #expect(coarse / fine > 14 && coarse / fine < 18, "ratio \(coarse / fine)")
    }

    @Test func undampedOscillatorConservesEnergyClosely() {
        let omega = 2.0
        let trajectory = RK4.integrate(Harmonic(omega: omega), from: [1, 0], dt: 0.01, steps: 10_000)
        let energy = trajectory.states.map { 0.5 * $0[1] * $0[1] + 0.5 * omega * omega * $0[0] * $0[0] }
        let drift = energy.map { abs($0 - energy[0]) }.max()!
        #expect(drift / energy[0] < 1e-6)
    }

    @Test func storesEveryKthStateAndTheLast() {
        let trajectory = RK4.integrate(Decay(rate: 1), from: [1], dt: 0.1, steps: 10, every: 3)
        #expect(trajectory.times.count == 5)
        #expect(abs(trajectory.times[1] - 0.3) < 1e-15)
        #expect(trajectory.times.last == 1.0)
    }

    @Test func stopsWhenTheStateBlowsUp() {
        struct Explosive: ODESystem {
            var dimension: Int { 1 }
            func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into dx: UnsafeMutableBufferPointer<Double>) {
                dx[0] = x[0] * x[0]
            }
        }
        // x' = x² from 1 blows up at t = 1.
        let trajectory = RK4.integrate(Explosive(), from: [1], dt: 0.01, steps: 500)
        #expect(trajectory.count < 501)
        #expect(trajectory.values.allSatisfy { $0.isFinite })
    }
}
