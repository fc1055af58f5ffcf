import Analysis
import Foundation
import LinearAlgebra
import Randomness

/// The P2 attractor-geometry and spectrum measures of a generated series against the true one.
public struct ReconstructionMetrics: Sendable, Equatable, Codable {
    /// D_stsp by binning, KL(p_true ‖ p_gen), ChaosRNN `klx.py` conventions (10 bins, ±2σ around 0,
    /// first bin dropped); NaN when no generated point is counted.
    public var stateSpaceBinned: Double
    /// Fraction of generated points inside counted cells.
    public var countedGeneratedFraction: Double
    /// D_stsp by Gaussian mixtures, KL(p_gen ‖ p_true), ChaosRNN `klz.py` (nil when not computed).
    public var stateSpaceGMM: Double?
    /// D_H, dimension-wise Hellinger distance of smoothed power spectra (ChaosRNN `pse.py`).
    public var hellinger: Double
    /// Whether the generated series stayed finite.
    public var finite: Bool

    /// Evaluates `generated` (≥ truth.rows rows for D_H, as the reference's 100 000-step run) against `truth`.
    public static func evaluate(truth: Matrix<Double>, generated: Matrix<Double>,
                                binning: StateSpaceBinning = .chaosRNN,
                                spectrum: PowerSpectrumHellinger = PowerSpectrumHellinger(),
                                gmm: StateSpaceGMM? = nil, generator: inout Generator) -> ReconstructionMetrics {
        let finite = generated.storage.allSatisfy(\.isFinite)
        guard finite else {
            return ReconstructionMetrics(stateSpaceBinned: .nan, countedGeneratedFraction: 0,
                                         stateSpaceGMM: gmm == nil ? nil : .nan, hellinger: .nan, finite: false)
        }
        let binned = binning.divergence(truth: truth, generated: generated)
        let h = spectrum.distance(truth: truth, generated: generated)
        let g = gmm.map { $0.divergence(truth: truth, generated: generated, generator: &generator).value }
        return ReconstructionMetrics(stateSpaceBinned: binned.value, countedGeneratedFraction: binned.countedGeneratedFraction,
                                     stateSpaceGMM: g, hellinger: h, finite: true)
    }
}
