import LinearAlgebra

/// The two attractor-agreement numbers of the ChaosRNN evaluator (P2 `main_eval.py`) in one call:
/// the binned D_stsp (`StateSpaceBinning.chaosRNN`: ±2σ box around 0, 10 bins, KL(true ‖ gen)) and
/// D_H (`PowerSpectrumHellinger()`: 50 chunks, σ = 2, 500 bins). Pass other settings for the clean
/// variants. Rows are time steps; the generated series should be at least as long as the true one.
public struct AttractorMetrics: Sendable, Equatable {
    public var binning: StateSpaceBinning
    public var spectrum: PowerSpectrumHellinger

    public init(binning: StateSpaceBinning = .chaosRNN, spectrum: PowerSpectrumHellinger = PowerSpectrumHellinger()) {
        self.binning = binning
        self.spectrum = spectrum
    }

    /// Binned D_stsp (with its coverage diagnostics) and D_H (mean over dimensions).
    public func evaluate(truth: Matrix<Double>, generated: Matrix<Double>) -> (stateSpace: BinnedDivergence, hellinger: Double) {
        (binning.divergence(truth: truth, generated: generated), spectrum.distance(truth: truth, generated: generated))
    }
}
