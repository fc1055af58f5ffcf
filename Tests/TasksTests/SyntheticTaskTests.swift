import Testing
import Tasks
import Randomness
import LinearAlgebra

@Suite struct MarkedInputProblemTests {
    @Test func markersStayWithinBoundsAndDiffer() {
        let problem = MarkedInputProblem(operation: .addition, steps: 40, trainCount: 5000, testCount: 10)
        let data = problem.trainingSet()
        #expect(data.count == 5000)
        var sawSecondBeforeFirst = false
        for n in 0..<data.count {
            let (t1, t2) = data.markers(of: n)
            #expect((0..<10).contains(t1))
            #expect((0..<20).contains(t2))
            #expect(t1 != t2)
            if t2 < t1 { sawSecondBeforeFirst = true }
        }
        // The reference code only re-draws on equality, so t2 < t1 happens.
        #expect(sawSecondBeforeFirst)
    }

    @Test(arguments: MarkedInputProblem.Operation.allCases)
    func batchLayoutAndTargetsAreExact(operation: MarkedInputProblem.Operation) {
        let data = MarkedInputProblem(operation: operation, steps: 30, trainCount: 64, testCount: 8).trainingSet()
        let indices = [5, 0, 63, 17]
        let batch: SequenceBatch<Float> = data.batch(indices: indices)
        #expect(batch.steps == 30 && batch.size == 4 && batch.inputSize == 2 && batch.targets.count == 1)
        for (row, n) in indices.enumerated() {
            let marked = (0..<30).filter { batch.inputs[$0][row, 1] == 1 }
            let (t1, t2) = data.markers(of: n)
            #expect(Set(marked) == [t1, t2])
            #expect((0..<30).allSatisfy { [0, 1].contains(batch.inputs[$0][row, 1]) })
            let a = batch.inputs[t1][row, 0], b = batch.inputs[t2][row, 0]
            #expect(batch.lastTarget[row, 0] == (operation == .addition ? a + b : a * b))
            #expect((0..<30).allSatisfy { (0..<1).contains(batch.inputs[$0][row, 0]) })
        }
        // Double batches carry the same data.
        let d: SequenceBatch<Double> = data.batch(indices: indices)
        #expect(abs(d.lastTarget[2, 0] - data.target(of: 63)) < 1e-12)
    }

    @Test func sameSeedSameDataDifferentSeedDifferentData() {
        let p = MarkedInputProblem(operation: .multiplication, steps: 20, trainCount: 200, testCount: 200)
        #expect(p.trainingSet() == p.trainingSet())
        #expect(p.trainingSet() != p.testSet())  // seeds 100 vs 101
        #expect(p.generate(count: 200, seed: 100) == p.trainingSet())
    }

    @Test(arguments: MarkedInputProblem.Operation.allCases)
    func predictingTheMeanGivesTheChanceLevels(operation: MarkedInputProblem.Operation) {
        let p = MarkedInputProblem(operation: operation, steps: 20, trainCount: 100_000, testCount: 1)
        let data = p.trainingSet()
        var squared = 0.0, correct = 0
        for n in 0..<data.count {
            let e = data.target(of: n) - operation.targetMean
            squared += e * e
            if abs(e) < MarkedInputProblem.correctTolerance { correct += 1 }
        }
        let mse = squared / Double(data.count)
        #expect(abs(mse - operation.chanceMSE) < 0.004, "MSE \(mse) vs \(operation.chanceMSE)")
        #expect(abs(Double(correct) / Double(data.count) - operation.chanceFractionCorrect) < 0.006)
        #expect(abs(MarkedInputProblem.Operation.addition.chanceMSE - 0.1667) < 1e-4)
        #expect(abs(MarkedInputProblem.Operation.multiplication.chanceMSE - 0.0486) < 1e-4)
    }

    @Test func fractionCorrectUsesStrictTolerance() {
        let targets = Matrix<Double>([[1], [1], [1], [1]])
        let predictions = Matrix<Double>([[1.0], [1.039], [1.05], [0.9]])
        #expect(MarkedInputProblem.fractionCorrect(predictions: predictions, targets: targets) == 0.5)
    }

    @Test func markerBoundsAreConfigurable() {
        let p = MarkedInputProblem(operation: .addition, steps: 50, firstMarkerBound: 25, secondMarkerBound: 50, trainCount: 2000, testCount: 1)
        let d = p.trainingSet()
        #expect((0..<d.count).contains { d.markers(of: $0).0 >= 10 })
        #expect((0..<d.count).contains { d.markers(of: $0).1 >= 25 })
    }
}

@Suite struct AddingProblemTests {
    @Test func oneMarkerInEachHalfAndTargetIsTheirSum() {
        let task = AddingProblem(steps: 51)
        var g = Generator(seed: 3)
        let batch: SequenceBatch<Float> = task.nextBatch(size: 200, generator: &g)
        #expect(batch.steps == 51 && batch.inputSize == 2 && batch.size == 200)
        for row in 0..<200 {
            let marked = (0..<51).filter { batch.inputs[$0][row, 1] == 1 }
            #expect(marked.count == 2)
            #expect(marked[0] < 25 && marked[1] >= 25)
            #expect(batch.lastTarget[row, 0] == batch.inputs[marked[0]][row, 0] + batch.inputs[marked[1]][row, 0])
        }
    }

    @Test func freshBatchesDifferAndAreReproducible() {
        let task = AddingProblem(steps: 20)
        var g1 = Generator(seed: 9), g2 = Generator(seed: 9)
        let a: SequenceBatch<Float> = task.nextBatch(size: 10, generator: &g1)
        let b: SequenceBatch<Float> = task.nextBatch(size: 10, generator: &g1)
        let a2: SequenceBatch<Float> = task.nextBatch(size: 10, generator: &g2)
        #expect(a == a2)
        #expect(a != b)
        #expect(task.testSet() == task.testSet())
        #expect(task.testSet().count == 1000)
    }

    @Test func baselineIsOneSixth() {
        let test = AddingProblem(steps: 10, testCount: 100_000).testSet()
        let mse = test.targets.reduce(0.0) { $0 + (Double($1) - 1) * (Double($1) - 1) } / Double(test.count)
        #expect(abs(mse - AddingProblem.baselineMSE) < 0.004)
        #expect(abs(AddingProblem.baselineMSE - 0.167) < 0.001)
    }
}

@Suite struct FlipFlopTests {
    @Test func outputsHoldTheSignOfTheLastPulse() {
        let task = FlipFlopTask(steps: 200, pulseProbability: 0.05)
        var g = Generator(seed: 11)
        let batch: SequenceBatch<Double> = task.nextBatch(size: 8, generator: &g)
        #expect(batch.targets.count == 200 && batch.inputSize == 3 && batch.outputSize == 3)
        var pulses = 0
        for row in 0..<8 {
            for bit in 0..<3 {
                var state = 0.0
                for t in 0..<200 {
                    let x = batch.inputs[t][row, bit]
                    #expect([-1, 0, 1].contains(x))
                    if x != 0 { state = x; pulses += 1 }
                    #expect(batch.targets[t][row, bit] == state)
                }
            }
        }
        // 8·3·200 slots at rate 0.05 ⇒ about 240 pulses.
        #expect(pulses > 150 && pulses < 350)
    }

    @Test func bothSignsOccurAndTargetsAreHeld() {
        let task = FlipFlopTask(steps: 100, pulseProbability: 0.1)
        var g = Generator(seed: 2)
        let d = task.dataset(count: 20, generator: &g)
        #expect(d.inputs.contains(1) && d.inputs.contains(-1))
        #expect(d.targetTiming == .everyStep)
        #expect(d.targets.count == 20 * 100 * 3)
    }
}
