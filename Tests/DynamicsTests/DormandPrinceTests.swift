import Dynamics
import Foundation
import Testing

@Suite struct DormandPrinceTests {
    @Test func meetsTheRequestedTolerance() throws {
        for rtol in [1e-4, 1e-7, 1e-10] {
            let solver = DormandPrince(relativeTolerance: rtol, absoluteTolerance: rtol * 1e-3)
            let times = (0...20).map { Double($0) * 0.5 }
            let solution = try solver.solve(Harmonic(omega: 1), from: [1, 0], sampleTimes: times)
            #expect(solution.trajectory.times == times)
            let worst = (0..<times.count).map { abs(solution.trajectory[$0, 0] - cos(times[$0])) }.max()!
            // Global error over ~1.6 periods stays within a small multiple of the local tolerance.
            #expect(worst < 20 * rtol, "rtol \(rtol): error \(worst)")
        }
    }

    @Test func tighterToleranceTakesMoreSteps() throws {
        let loose = try DormandPrince(relativeTolerance: 1e-4).solve(Decay(rate: 1), from: [1], sampleTimes: [5])
        let tight = try DormandPrince(relativeTolerance: 1e-10, absoluteTolerance: 1e-13).solve(Decay(rate: 1), from: [1], sampleTimes: [5])
        #expect(tight.acceptedSteps > 5 * loose.acceptedSteps)
        #expect(abs(tight.trajectory[0, 0] - exp(-5)) < 1e-11)
    }

    @Test func denseOutputMatchesDirectIntegration() throws {
        let solver = DormandPrince(relativeTolerance: 1e-9, absoluteTolerance: 1e-12)
        let system = Lorenz63()
        let x0 = [1.0, 1.0, 1.0]
        // Samples between steps come from the continuous extension …
        let samples = (1...40).map { Double($0) * 0.0537 }
        let dense = try solver.integrate(system, from: x0, sampleTimes: samples)
        for (i, t) in samples.enumerated() where i % 7 == 3 {
            // … and must agree with an integration that ends exactly at t.
            let direct = try solver.integrate(system, from: x0, sampleTimes: [t]).state(at: 0)
            for j in 0..<3 {
                #expect(abs(dense[i, j] - direct[j]) < 1e-6 * max(1, abs(direct[j])), "t = \(t), component \(j)")
            }
        }
    }

    @Test func denseOutputIsAccurateInsideLongSteps() throws {
        // A loose tolerance makes long steps; interpolated values must still be close to exact.
        let solver = DormandPrince(relativeTolerance: 1e-6, absoluteTolerance: 1e-9)
        let samples = (0...100).map { Double($0) * 0.05 }
        let solution = try solver.solve(Harmonic(omega: 1), from: [1, 0], sampleTimes: samples)
        #expect(solution.acceptedSteps < 60)
        let worst = samples.indices.map { abs(solution.trajectory[$0, 0] - cos(samples[$0])) }.max()!
        #expect(worst < 1e-5)
    }

    @Test func everyStepVariantEndsAtTheEndTime() throws {
        let trajectory = try DormandPrince().integrate(VanDerPol(mu: 1), from: [2, 0], to: 7.25)
        #expect(trajectory.times.first == 0)
        #expect(trajectory.times.last == 7.25)
        #expect(zip(trajectory.times, trajectory.times.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func rejectsUnorderedSampleTimes() {
        #expect(throws: DynamicsError.self) {
            try DormandPrince().integrate(Decay(rate: 1), from: [1], sampleTimes: [1, 0.5])
        }
    }
}
