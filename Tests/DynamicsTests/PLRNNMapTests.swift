import Dynamics
import Foundation
import Testing

@Suite struct PLRNNMapTests {
    /// A = diag(7/8, 7/8), W12 = W21 = 1/8: in the positive quadrant A + W has eigenvalues 1 (along z1 = z2) and 3/4.
    let lineAttractor = PLRNNMap(a: [0.875, 0.875], w: [[0, 0.125], [0.125, 0]], h: [0, 0])

    @Test func stepFollowsTheDefinition() {
        let map = PLRNNMap(a: [0.5, 0.25], w: [[0, 2], [-1, 0]], c: [[1, 0], [0, 3]], h: [0.1, -0.2])
        let next = map.step([1, -2], input: [0.5, 1])
        // z1 = 0.5·1 + 2·relu(−2) + 0.5 + 0.1; z2 = 0.25·(−2) − relu(1) + 3 − 0.2
        #expect(next == [0.5 + 0.5 + 0.1, -0.5 - 1 + 3 - 0.2])
    }

    @Test func lineAttractorHoldsItsStateExactly() {
        let trajectory = lineAttractor.iterate(from: [1.5, 1.5], steps: 30_000)
        #expect(trajectory.component(0).allSatisfy { $0 == 1.5 })
    }

    @Test func nullclinesOfTheLineAttractorCoincideOnTheDiagonal() {
        let nullclines = PLRNNNullclines(map: lineAttractor, box: PlaneBox(xMin: -1, xMax: 4, yMin: -1, yMax: 4))
        #expect(nullclines.regions.isEmpty)
        let positive = nullclines.segments.filter { min($0.start.0, $0.start.1, $0.end.0, $0.end.1) >= 0 }
        #expect(positive.count == 2)
        for segment in positive {
            #expect(abs(segment.start.0 - segment.start.1) < 1e-12 && abs(segment.end.0 - segment.end.1) < 1e-12)
            #expect(abs(max(segment.start.0, segment.end.0) - 4) < 1e-12)
        }
        // Every point on every segment has zero increment in that unit.
        for segment in nullclines.segments {
            for s in [0.0, 0.3, 1.0] {
                let z = [segment.start.0 + s * (segment.end.0 - segment.start.0), segment.start.1 + s * (segment.end.1 - segment.start.1)]
                #expect(abs(lineAttractor.increment(at: z)[segment.unit]) < 1e-12)
            }
        }
    }

    @Test func integratorUnitHasANullclineRegion() {
        // The addition solution: unit 1 integrates relu(z2), so its increment vanishes on all of z2 ≤ 0.
        let map = PLRNNMap(a: [1, 0], w: [[0, 1], [0, 0]], c: [[0, 0], [1, 1]], h: [0, -1])
        let nullclines = PLRNNNullclines(map: map, box: PlaneBox(xMin: -1, xMax: 2, yMin: -2, yMax: 1))
        #expect(nullclines.regions.count == 2)
        #expect(nullclines.regions.allSatisfy { $0.unit == 0 && $0.box.yMax == 0 })
        // Unit 2's nullcline is the line z2 = −1.
        let unit2 = nullclines.segments.filter { $0.unit == 1 }
        #expect(!unit2.isEmpty && unit2.allSatisfy { $0.start.1 == -1 && $0.end.1 == -1 })
    }
}

@Suite struct CoupledOscillatorsTests {
    @Test func simpleHarmonicOscillatorIsASineWave() {
        let sho = CoupledOscillators(w: [[0]], wVelocity: [[0]], v: [0], b: [0], gamma: 1, epsilon: 0,
                                     activation: .tanh, input: .cosine(amplitude: 1, frequency: 4))
        let trajectory = sho.integrateRK4(from: [0, 1], tEnd: 10, dt: 0.01)
        #expect(trajectory.count == 1001)
        for i in stride(from: 0, to: trajectory.count, by: 50) {
            #expect(abs(trajectory[i, 0] - sin(trajectory.times[i])) < 1e-8)
        }
    }

    @Test func stepInputIsIntegratedPieceByPiece() {
        // y'' = u − y with u stepping 0 → 1 at t = 2: y = 1 − cos(t − 2) after the step (from rest).
        let fho = CoupledOscillators(w: [[0]], wVelocity: [[0]], v: [1], b: [0], gamma: 1, epsilon: 0,
                                     activation: .identity, input: .steps(initial: 0, times: [2], levels: [1]))
        let trajectory = fho.integrateRK4(from: [0, 0], tEnd: 6, dt: 0.01)
        #expect(trajectory.count == 601)
        #expect(zip(trajectory.times, trajectory.times.dropFirst()).allSatisfy { $0 < $1 })
        for i in stride(from: 200, to: 601, by: 40) {
            #expect(abs(trajectory[i, 0] - (1 - cos(trajectory.times[i] - 2))) < 1e-8)
        }
    }

    @Test func orderedCouplingLeavesTheFirstNeuronUnchanged() {
        func run(_ w: [[Double]], _ wv: [[Double]]) -> Trajectory {
            CoupledOscillators(w: w, wVelocity: wv, v: [2, 2], b: [0.25, 0.25], gamma: 1, epsilon: 0.25,
                               activation: .tanh, input: .cosine(amplitude: 1, frequency: 4))
                .integrateRK4(from: [0, 0, 0.5, 0.5], tEnd: 10, dt: 0.01)
        }
        let uncoupled = run([[-2, 0], [0, -2]], [[0.75, 0], [0, 0.75]])
        let ordered = run([[-2, 0], [3, -2]], [[0.75, 0], [-1, 0.75]])
        #expect(uncoupled.component(0) == ordered.component(0))
        #expect(uncoupled.component(1) != ordered.component(1))
    }
}
