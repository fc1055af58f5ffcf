import LinearAlgebra
import Models
import Randomness
import Training

/// The training-step workloads of the suite: each is `Trainer.step` (forward, MSE, BPTT, optional
/// clipping, Adam) on one fixed random batch of the adding / addition problem's shape, in Float.
enum TrainingWorkloads {
    /// An adding-problem batch: channel 0 ~ U[0,1), channel 1 marks one step in each half;
    /// target = sum of the two marked values. (Only the shape matters for timing.)
    static func addingBatch(steps: Int, batch: Int, generator: inout Generator) -> Batch<Float> {
        var inputs = (0..<steps).map { _ in Matrix<Float>(rows: batch, columns: 2) }
        var target = Matrix<Float>(rows: batch, columns: 1)
        for b in 0..<batch {
            let first = generator.integer(below: max(steps / 2, 1))
            let second = steps / 2 + generator.integer(below: max(steps - steps / 2, 1))
            for t in 0..<steps {
                let value = Float(generator.uniform())
                inputs[t][b, 0] = value
                if t == first || t == second {
                    inputs[t][b, 1] = 1
                    target[b, 0] += value
                }
            }
        }
        return Batch(inputs: inputs, targets: [target])
    }

    /// Returns a closure running one training step of `model` on `batch`.
    static func stepper<Model: RecurrentModel>(
        _ model: Model, batch: Batch<Float>, learningRate: Double, clipping: GradientClipping
    ) -> () -> Void where Model.Scalar == Float {
        let configuration = TrainingConfiguration(epochs: 1, readout: .last, loss: .meanSquaredError, clipping: clipping)
        var trainer = Trainer(model: model, optimizer: Adam<Float>(learningRate: learningRate),
                              configuration: configuration, generator: Generator(seed: 7))
        return { _ = trainer.step(batch) }
    }

    /// coRNN on the adding problem with the reference code's adding defaults (PROTOCOLS.md §2.2:
    /// lr 2e-2, Δt 6e-2, γ 66, ε 15, batch 50), T = 500, 128 units, Adam, no clipping.
    static func coRNN(seed: UInt64) -> Workload {
        let t = 500, m = 128, b = 50, k = 2
        let perStep = 4.0 * Double(b * m * (k + 2 * m)) + 4.0 * Double(b * m * m)
        return Workload(
            name: "coRNN adding", detail: "T=\(t), \(m) units, batch \(b), Adam (lr 2e-2, Δt 0.06, γ 66, ε 15)",
            flopFormula: "T·(4·B·M·(K+2M) + 4·B·M²) — forward B×(K+2M)·(K+2M)×M, weight gradient, and dA·[𝒲|W] back through time",
            flopsPerStep: Double(t) * perStep,
            reference: ReferenceFigures(pytorchStepsPerSecond: 3.1, jaxStepsPerSecond: 6.1),
            full: Stopwatch(warmUp: 2, repeats: 15), quick: Stopwatch(warmUp: 1, repeats: 3),
            prepare: {
                var g = Generator(seed: seed)
                let model = CoRNN<Float>(inputSize: k, hiddenSize: m, outputSize: 1, dt: 0.06, gamma: 66, epsilon: 15, generator: &g)
                return stepper(model, batch: addingBatch(steps: t, batch: b, generator: &g), learningRate: 2e-2, clipping: .none)
            })
    }

    /// PLRNN on the addition problem as in reg-PLRNN (PROTOCOLS.md §2.1): Adam lr 1e-3 and
    /// `clip_grad_norm_(…, 3)`; M = 40, T = 100, batch 16.
    static func plrnn(seed: UInt64) -> Workload {
        let t = 100, m = 40, b = 16, k = 2
        let perStep = 6.0 * Double(b * m * m) + 4.0 * Double(b * m * k)
        return Workload(
            name: "PLRNN addition", detail: "M=\(m), T=\(t), batch \(b), Adam (lr 1e-3) + clip-by-norm 3",
            flopFormula: "T·(6·B·M² + 4·B·M·K) — W·φ(z) forward, dz·W backward, dW over all steps; C·s and dC",
            flopsPerStep: Double(t) * perStep,
            reference: ReferenceFigures(pytorchStepsPerSecond: 56, jaxStepsPerSecond: 558),
            full: Stopwatch(warmUp: 50, repeats: 401), quick: Stopwatch(warmUp: 10, repeats: 41),
            prepare: {
                var g = Generator(seed: seed)
                let model = PLRNN<Float>(inputSize: k, hiddenSize: m, outputSize: 1, variant: .plrnn, generator: &g)
                return stepper(model, batch: addingBatch(steps: t, batch: b, generator: &g), learningRate: 1e-3, clipping: .norm(maximum: 3))
            })
    }

    /// LSTM (40 units) on the addition problem's shape, Adam + clip-by-norm 3.
    static func lstm(seed: UInt64) -> Workload {
        let t = 100, m = 40, b = 16, k = 2
        let perStep = 16.0 * Double(b * m * (k + m)) + 8.0 * Double(b * m * m)
        return Workload(
            name: "LSTM addition", detail: "\(m) units, T=\(t), batch \(b), Adam (lr 1e-3) + clip-by-norm 3",
            flopFormula: "T·(16·B·M·(K+M) + 8·B·M²) — 4 gates forward, weight gradients, dG·W_hh back through time",
            flopsPerStep: Double(t) * perStep, reference: nil,
            full: Stopwatch(warmUp: 20, repeats: 201), quick: Stopwatch(warmUp: 5, repeats: 21),
            prepare: {
                var g = Generator(seed: seed)
                let model = LSTM<Float>(inputSize: k, hiddenSize: m, outputSize: 1, generator: &g)
                return stepper(model, batch: addingBatch(steps: t, batch: b, generator: &g), learningRate: 1e-3, clipping: .norm(maximum: 3))
            })
    }

    /// tanh RNN (`nn.RNN(tanh)`) on the adding problem, coRNN's Fig. 1 baseline shape.
    static func tanhRNN(seed: UInt64) -> Workload {
        let t = 500, m = 128, b = 50, k = 2
        let perStep = 4.0 * Double(b * m * (k + m)) + 2.0 * Double(b * m * m)
        return Workload(
            name: "tanh RNN adding", detail: "T=\(t), \(m) units, batch \(b), Adam (lr 1e-3)",
            flopFormula: "T·(4·B·M·(K+M) + 2·B·M²) — forward, weight gradients, dh·W_hh back through time",
            flopsPerStep: Double(t) * perStep, reference: nil,
            full: Stopwatch(warmUp: 2, repeats: 15), quick: Stopwatch(warmUp: 1, repeats: 3),
            prepare: {
                var g = Generator(seed: seed)
                let model = ElmanRNN<Float>(inputSize: k, hiddenSize: m, outputSize: 1, activation: .tanh, generator: &g)
                return stepper(model, batch: addingBatch(steps: t, batch: b, generator: &g), learningRate: 1e-3, clipping: .none)
            })
    }
}
