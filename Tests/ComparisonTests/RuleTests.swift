import Comparison
import Engine
import Testing

/// Each comparison rule, with a case that agrees and one that differs.
struct RuleTests {
    func verdict(_ rule: ComparisonRule, _ ours: Observed, _ reference: Observed) -> Verdict {
        RuleEvaluation.evaluate(rule, ours: ours, reference: reference).verdict
    }

    @Test func absoluteAndRelativeTolerance() {
        let rule = ComparisonRule.tolerance(absolute: 1e-3, relative: 0.01)
        #expect(verdict(rule, Observed(.scalar(1.005)), Observed(.scalar(1.0))) == .agrees)   // 0.005 ≤ 0.001 + 0.01
        #expect(verdict(rule, Observed(.scalar(1.02)), Observed(.scalar(1.0))) == .differs)
        #expect(verdict(rule, Observed(.scalar(0.0009)), Observed(.scalar(0))) == .agrees)
        let outcome = RuleEvaluation.evaluate(rule, ours: Observed(.scalar(2)), reference: Observed(.scalar(1)))
        #expect(outcome.detail.contains("|Δ| = 1 > 0.011"), "\(outcome.detail)")
    }

    @Test func nonFiniteValuesAgreeOnlyWithTheSameKind() {
        let rule = ComparisonRule.tolerance(absolute: 1, relative: 0)
        #expect(verdict(rule, Observed(.scalar(.nan)), Observed(.scalar(.nan))) == .agrees)
        #expect(verdict(rule, Observed(.scalar(.nan)), Observed(.scalar(0))) == .differs)
        #expect(verdict(rule, Observed(.scalar(.infinity)), Observed(.scalar(1e300))) == .differs)
    }

    @Test func combinedStandardErrors() {
        let rule = ComparisonRule.standardErrors(k: 2)
        // √(0.03² + 0.04²) = 0.05, so up to 0.1 apart agrees.
        let reference = Observed(.scalar(1.0), uncertainty: Uncertainty(sem: 0.04))
        #expect(verdict(rule, Observed(.scalar(1.09), uncertainty: Uncertainty(sem: 0.03)), reference) == .agrees)
        #expect(verdict(rule, Observed(.scalar(1.11), uncertainty: Uncertainty(sem: 0.03)), reference) == .differs)
        // sd and n give the standard error when SEM is not printed: 0.3/√9 = 0.1.
        #expect(verdict(rule, Observed(.scalar(1.15)), Observed(.scalar(1.0), uncertainty: Uncertainty(sd: 0.3, n: 9))) == .agrees)
        #expect(verdict(rule, Observed(.scalar(1.5)), Observed(.scalar(1.0))) == .notComparable)
    }

    @Test func welchTwoSampleTest() {
        let rule = ComparisonRule.welch(alpha: 0.05)
        let reference = Observed(.scalar(10.0), uncertainty: Uncertainty(sd: 1, n: 10))
        #expect(verdict(rule, Observed(.scalar(10.5), uncertainty: Uncertainty(sd: 1, n: 10)), reference) == .agrees)
        #expect(verdict(rule, Observed(.scalar(12.0), uncertainty: Uncertainty(sd: 1, n: 10)), reference) == .differs)
        #expect(verdict(rule, Observed(.scalar(12.0)), reference) == .notComparable)
        // SEM with n stands in for sd.
        let fromSEM = Observed(.scalar(10.0), uncertainty: Uncertainty(sem: 1 / 10.0.squareRoot(), n: 10))
        #expect(verdict(rule, Observed(.scalar(12.0), uncertainty: Uncertainty(sd: 1, n: 10)), fromSEM) == .differs)
    }

    @Test func studentTMatchesTables() {
        // t = 2.228 is the two-sided 5 % point for 10 degrees of freedom; t = 2, df = 10 gives p = 0.07339.
        #expect(abs(Statistics.studentTTwoSidedP(2.228, degreesOfFreedom: 10) - 0.05) < 1e-4)
        #expect(abs(Statistics.studentTTwoSidedP(2, degreesOfFreedom: 10) - 0.073388) < 1e-5)
        #expect(abs(Statistics.studentTTwoSidedP(0, degreesOfFreedom: 3) - 1) < 1e-12)
        let test = Statistics.welch(mean1: 1, sd1: 1, n1: 5, mean2: 0, sd2: 2, n2: 8)
        #expect(abs(test.df - 10.719) < 0.001)   // Welch–Satterthwaite: (0.2 + 0.5)² / (0.2²/4 + 0.5²/7)
    }

    @Test func pointwiseBandOnCurves() {
        let rule = ComparisonRule.band(absolute: 0.1, relative: 0)
        let reference = Observed(.curve(x: [0, 1, 2, 3], y: [0, 1, 2, 3]))
        #expect(verdict(rule, Observed(.curve(x: [0, 1, 2, 3], y: [0.05, 1.05, 1.95, 3])), reference) == .agrees)
        let outcome = RuleEvaluation.evaluate(rule, ours: Observed(.curve(x: [0, 1, 2, 3], y: [0, 1, 2.5, 3])), reference: reference)
        #expect(outcome.verdict == .differs)
        #expect(outcome.detail.contains("1 of 4 points"), "\(outcome.detail)")
        // Our grid may be finer: the reference is interpolated linearly.
        #expect(verdict(rule, Observed(.curve(x: [0.5, 1.5, 2.5], y: [0.5, 1.5, 2.5])), reference) == .agrees)
        #expect(verdict(rule, Observed(.curve(x: [5, 6], y: [5, 6])), reference) == .notComparable)
    }

    @Test func predicates() {
        #expect(verdict(.predicate, Observed(.claim(true)), Observed(.claim(true))) == .agrees)
        #expect(verdict(.predicate, Observed(.claim(false)), Observed(.claim(true))) == .differs)
        // Against an archive that recorded the claim as false, still failing is agreement.
        #expect(verdict(.predicate, Observed(.claim(false)), Observed(.claim(false))) == .agrees)
    }

    @Test func mismatchedKindsAreNotComparable() {
        #expect(verdict(.tolerance(absolute: 1, relative: 0), Observed(.scalar(1)), Observed(.claim(true))) == .notComparable)
        #expect(verdict(.predicate, Observed(.scalar(1)), Observed(.scalar(1))) == .notComparable)
    }

    @Test func overallVerdictIsTheWorst() {
        #expect(Verdict.overall([.agrees, .notComparable]) == .notComparable)
        #expect(Verdict.overall([.agrees, .differs, .notComparable]) == .differs)
        #expect(Verdict.overall([.agrees]) == .agrees)
        #expect(Verdict.overall([]) == .notComparable)
    }

    @Test func tallyCountsEachKindWorstFirstAndLeavesOutAbsentKinds() {
        #expect(Verdict.tally([.agrees, .notComparable, .agrees, .differs]) == "1 differs, 1 not comparable, 2 agrees")
        #expect(Verdict.tally([.agrees, .agrees]) == "2 agrees")
        #expect(Verdict.tally([]) == "")
    }
}
