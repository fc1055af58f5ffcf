import Dynamics
import Foundation
import Testing

@Suite struct SystemsTests {
    @Test func lorenz63StaysOnItsAttractor() {
        let trajectory = RK4.integrate(Lorenz63(), from: [1, 1, 1], dt: 0.005, steps: 120_000, every: 2)
        let settled = trajectory.states.dropFirst(2_000)  // drop the first 20 time units
        let z = settled.map { $0[2] }
        let meanZ = z.reduce(0, +) / Double(z.count)
        #expect(abs(meanZ - 23.5) < 1.0, "⟨z⟩ = \(meanZ)")
        #expect(settled.allSatisfy { abs($0[0]) < 25 && abs($0[1]) < 35 && $0[2] > 0 && $0[2] < 55 })
        // Both wings are visited.
        #expect(settled.contains { $0[0] > 10 } && settled.contains { $0[0] < -10 })
    }

    @Test func lorenz96WithWeakForcingDecaysToTheFixedPoint() {
        // With 4 sites x = F is stable for F < 1; with 5 sites only for F < 1/1.118 ≈ 0.894.
        for (sites, forcing) in [(4, 0.9), (5, 0.8)] {
            let system = Lorenz96(dimension: sites, forcing: forcing)
            let x0 = Array([1.2, 0.5, 0.8, 1.3, 0.6].prefix(sites))
            let end = RK4.integrate(system, from: x0, dt: 0.01, steps: 20_000).last!
            for x in end { #expect(abs(x - forcing) < 1e-6, "N = \(sites), F = \(forcing)") }
        }
    }

    @Test func lorenz96FixedPointLosesStabilityJustBelowF09WithFiveSites() {
        // The 5-site ring at F = 0.9 (the coRNN paper's "non-chaotic" case) ends on a small oscillation
        // around x = F, not on the fixed point.
        let end = RK4.integrate(Lorenz96(dimension: 5, forcing: 0.9), from: [1.2, 0.5, 0.8, 1.3, 0.6],
                                dt: 0.01, steps: 50_000, every: 10)
        let tail = end.component(0).suffix(2_000)
        let spread = tail.max()! - tail.min()!
        #expect(spread > 1e-3 && spread < 0.5, "spread \(spread)")
    }

    @Test func lorenz96IsCyclic() {
        let dx = Lorenz96(dimension: 4, forcing: 0).derivative([1, 2, 3, 4], time: 0)
        // x_j' = (x_{j+1} − x_{j−2}) x_{j−1} − x_j
        let expected: [Double] = [-5, -3, 3, -7]
        #expect(dx == expected)
    }

    @Test func roesslerAndDuffingStayBounded() {
        let r = RK4.integrate(Roessler(), from: [1, 1, 0], dt: 0.01, steps: 50_000, every: 10)
        #expect(r.values.allSatisfy { abs($0) < 50 })
        let d = RK4.integrate(ForcedDuffing(), from: [1, 0], dt: 0.01, steps: 50_000, every: 10)
        #expect(d.values.allSatisfy { abs($0) < 5 })
        // The chaotic double-well Duffing visits both wells.
        let x = d.component(0)
        #expect(x.contains { $0 > 0.8 } && x.contains { $0 < -0.8 })
    }

    @Test func vanDerPolApproachesItsLimitCycle() {
        let x = RK4.integrate(VanDerPol(mu: 1), from: [0.1, 0], dt: 0.01, steps: 5_000).component(0)
        let amplitude = x.suffix(1_000).map(abs).max()!
        #expect(abs(amplitude - 2.0) < 0.05)
    }

    @Test func burstingNeuronProducesSpikesAndStaysPhysiological() {
        // 2 s of model time (ms units); spikes are fast, so a small fixed step.
        let trajectory = RK4.integrate(BurstingNeuron(), from: [-60, 0, 0], dt: 0.01, steps: 200_000, every: 10)
        #expect(trajectory.values.allSatisfy { $0.isFinite })
        let v = trajectory.component(0)
        #expect(v.allSatisfy { $0 > -100 && $0 < 70 })
        // Upward crossings of −20 mV count spikes.
        let spikes = zip(v, v.dropFirst()).filter { $0 < -20 && $1 >= -20 }.count
        #expect(spikes > 5, "spikes: \(spikes)")
        let n = trajectory.component(1), h = trajectory.component(2)
        #expect(n.allSatisfy { $0 >= 0 && $0 <= 1 } && h.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
}
