import Foundation
import LinearAlgebra
import Models
import Randomness
import Testing

/// One checked parameter entry: analytic vs central-difference derivative.
struct GradientEntry: CustomStringConvertible {
    var parameter: String
    var index: Int
    var row: Int
    var column: Int
    var analytic: Double
    var numeric: Double
    var relativeError: Double

    var description: String {
        "\(parameter)[\(row), \(column)] (flat \(index)): analytic \(analytic), numeric \(numeric), relative error \(relativeError)"
    }
}

/// The outcome of `gradientCheck`: the worst entry over all checked parameters.
struct GradientCheckReport: CustomStringConvertible {
    var worst: GradientEntry?
    var checkedEntries: Int
    var loss: Double
    /// The absolute finite-difference noise level used as a floor in the relative error.
    var noiseFloor: Double = 0

    var worstRelativeError: Double { worst?.relativeError ?? 0 }
    var description: String {
        "checked \(checkedEntries) entries, loss \(loss), noise floor \(noiseFloor); worst: \(worst.map(\.description) ?? "none")"
    }
}

/// Settings of the finite-difference check; defaults are the project's standard.
struct GradientCheckOptions {
    var batch = 3
    var steps = 5
    var readout: ReadoutSteps = .last
    var seed: UInt64 = 1
    /// Step of the fourth-order central difference [8(L(θ+h) − L(θ−h)) − (L(θ+2h) − L(θ−2h))]/(12h).
    /// With h = 1e-4 its truncation error (~h⁴) is ~1e-16 and its rounding error ~ε·|L|/h ~ 1e-11, about
    /// 100× less rounding than the two-point difference with h = 1e-6 at equal truncation.
    var step = 1e-4
    /// Relative error = |a − n| / max(|a|, |n|, floor, noise/tolerance), where noise = `roundoffFactor`·ε·S/step
    /// bounds the rounding error of the difference (S = Σ|R⊙y| + |regularisation| + 1). Entries smaller
    /// than noise/tolerance (≈ 1e-5 for S ≈ 10) are therefore checked to an absolute accuracy of `noise`.
    var floor = 1e-8
    var roundoffFactor = 4.0
    var tolerance = 1e-6
    /// Tensors with more entries are checked on a random subset of this size.
    var entriesPerTensor = 256
    /// Whether `regularization()` is added to the loss (and its gradient to the analytic one).
    var includeRegularization = true
    /// For piecewise-linear models: inputs are re-drawn while any pre-activation is closer than this to 0
    /// (100× the step, so no probe at ±2h crosses a kink).
    var kinkMargin = 1e-2
    /// Scale of the random inputs (standard normal × scale).
    var inputScale = 1.0
}

/// Loss used by the check: L = Σ_k Σ R_k ⊙ y_k (+ regularisation), with R random and fixed.
private func checkLoss<M: RecurrentModel>(
    _ model: M, _ inputs: [Matrix<Double>], _ weights: [Matrix<Double>], _ options: GradientCheckOptions
) -> Double where M.Scalar == Double {
    let outputs = model.forward(inputs, readout: options.readout).outputs
    var loss = 0.0
    for (y, r) in zip(outputs, weights) {
        for i in y.storage.indices { loss += y.storage[i] * r.storage[i] }
    }
    if options.includeRegularization { loss += model.regularization().loss }
    return loss
}

/// Compares `backward` (+ `regularization()` gradients) with central finite differences for every
/// parameter entry (or a random subset of `entriesPerTensor` entries of large tensors).
///
/// `kinkDistance(model, inputs)` — for ReLU models — returns the smallest |pre-activation| the
/// inputs produce; inputs are re-drawn (up to 100 times) until it exceeds `options.kinkMargin`, so no
/// finite-difference probe crosses a kink.
func gradientCheck<M: RecurrentModel>(
    _ model: M,
    options: GradientCheckOptions = GradientCheckOptions(),
    kinkDistance: ((M, [Matrix<Double>]) -> Double)? = nil
) -> GradientCheckReport where M.Scalar == Double {
    var rng = Generator(seed: options.seed)
    func drawInputs() -> [Matrix<Double>] {
        (0..<options.steps).map { _ in
            Matrix(rows: options.batch, columns: model.inputSize,
                   storage: (0..<(options.batch * model.inputSize)).map { _ in options.inputScale * rng.normal() })
        }
    }
    var inputs = drawInputs()
    if let kinkDistance {
        var attempts = 0
        while kinkDistance(model, inputs) <= options.kinkMargin {
            attempts += 1
            precondition(attempts < 100, "gradientCheck: could not draw inputs away from ReLU kinks")
            inputs = drawInputs()
        }
    }
    let outputCount = options.readout == .last ? 1 : options.steps
    let weights = (0..<outputCount).map { _ in
        Matrix(rows: options.batch, columns: model.outputSize,
               storage: (0..<(options.batch * model.outputSize)).map { _ in rng.normal() })
    }

    let (_, tape) = model.forward(inputs, readout: options.readout)
    var analytic = model.backward(tape, outputGradients: weights)
    if options.includeRegularization {
        let reg = model.regularization().gradients
        for p in analytic.indices {
            for i in analytic[p].storage.indices { analytic[p].storage[i] += reg[p].storage[i] }
        }
    }
    let parameters = model.parameters
    precondition(analytic.count == parameters.count, "backward returned \(analytic.count) gradients for \(parameters.count) parameters")

    var report = GradientCheckReport(worst: nil, checkedEntries: 0, loss: checkLoss(model, inputs, weights, options))
    var magnitude = 1.0
    for (y, r) in zip(model.forward(inputs, readout: options.readout).outputs, weights) {
        for i in y.storage.indices { magnitude += abs(y.storage[i] * r.storage[i]) }
    }
    if options.includeRegularization { magnitude += abs(model.regularization().loss) }
    report.noiseFloor = options.roundoffFactor * Double.ulpOfOne * magnitude / options.step
    let floor = max(options.floor, report.noiseFloor / options.tolerance)
    for (p, parameter) in parameters.enumerated() {
        precondition(analytic[p].rows == parameter.value.rows && analytic[p].columns == parameter.value.columns,
                     "gradient of \(parameter.name) has the wrong shape")
        let count = parameter.value.count
        let indices: [Int] = count <= options.entriesPerTensor
            ? Array(0..<count)
            : Array(rng.permutation(count).prefix(options.entriesPerTensor))
        for index in indices {
            func loss(at offset: Double) -> Double {
                var probe = model
                probe.parameters[p].value.storage[index] += offset
                return checkLoss(probe, inputs, weights, options)
            }
            let h = options.step
            let numeric = (8 * (loss(at: h) - loss(at: -h)) - (loss(at: 2 * h) - loss(at: -2 * h))) / (12 * h)
            let a = analytic[p].storage[index]
            let error = abs(a - numeric) / max(abs(a), abs(numeric), floor)
            report.checkedEntries += 1
            if report.worst == nil || error > report.worst!.relativeError {
                report.worst = GradientEntry(
                    parameter: parameter.name, index: index,
                    row: index / max(parameter.value.columns, 1), column: index % max(parameter.value.columns, 1),
                    analytic: a, numeric: numeric, relativeError: error)
            }
        }
    }
    return report
}

/// Runs `gradientCheck` and records a test failure naming the worst entry if it exceeds the tolerance.
@discardableResult
func expectGradientsMatch<M: RecurrentModel>(
    _ model: M,
    options: GradientCheckOptions = GradientCheckOptions(),
    kinkDistance: ((M, [Matrix<Double>]) -> Double)? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) -> GradientCheckReport where M.Scalar == Double {
    let report = gradientCheck(model, options: options, kinkDistance: kinkDistance)
    #expect(report.checkedEntries > 0, "no parameter entries were checked", sourceLocation: sourceLocation)
    #expect(report.worstRelativeError <= options.tolerance, "\(report)", sourceLocation: sourceLocation)
    return report
}
