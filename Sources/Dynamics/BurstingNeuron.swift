import Foundation

/// The 3-variable bursting cortical neuron of Durstewitz (2009), as used for the rPLRNN paper
/// (ICLR 2020 submission, Suppl. 7.1.5), with state (V, n, h), V in mV, time in ms:
///
///     C_m V' = I − g_L (V − E_L) − g_Na m∞(V) (V − E_Na) − g_K n (V − E_K)
///              − g_M h (V − E_K) − g_NMDA σ(V) (V − E_NMDA)
///     n' = (n∞(V) − n) / τ_n,    h' = (h∞(V) − h) / τ_h
///     σ(V) = 1 / (1 + 0.33 e^{−0.0625 V}),  {m∞, n∞, h∞}(V) = 1 / (1 + e^{(V_h − V)/k}) with (V_hNa, k_Na), (V_hK, k_K), (V_hM, k_M).
///
/// The paper does not print E_NMDA; 0 mV is assumed (the authors' data file stores `Vsinf = 0`;
/// UNVERIFIED). The printed equation has −C_m V' = …; the currents are written here with the usual
/// sign so that the leak pulls V towards E_L.
public struct BurstingNeuron: ODESystem {
    public var capacitance = 6.0          // µF
    public var gLeak = 8.0                // mS
    public var eLeak = -80.0              // mV
    public var gNa = 20.0
    public var eNa = 60.0
    public var vHalfNa = -20.0
    public var kNa = 15.0
    public var gK = 10.0
    public var eK = -90.0
    public var vHalfK = -25.0
    public var kK = 5.0
    public var tauN = 1.0                 // ms
    public var gM = 25.0
    public var vHalfM = -15.0
    public var kM = 5.0
    public var tauH = 200.0               // ms
    public var gNMDA = 10.2
    public var eNMDA = 0.0                // UNVERIFIED (not printed in the paper)
    /// External current (0 in the paper).
    public var current = 0.0

    /// The paper's parameter set (limit-cycle bursting regime).
    public init() {}

    public var dimension: Int { 3 }

    @inline(__always) static func boltzmann(_ v: Double, half: Double, slope: Double) -> Double {
        1 / (1 + exp((half - v) / slope))
    }

    public func derivative(_ x: UnsafeBufferPointer<Double>, time: Double, into dx: UnsafeMutableBufferPointer<Double>) {
        let v = x[0], n = x[1], h = x[2]
        let mInf = Self.boltzmann(v, half: vHalfNa, slope: kNa)
        let nInf = Self.boltzmann(v, half: vHalfK, slope: kK)
        let hInf = Self.boltzmann(v, half: vHalfM, slope: kM)
        let sigma = 1 / (1 + 0.33 * exp(-0.0625 * v))
        let ionic = gLeak * (v - eLeak) + gNa * mInf * (v - eNa) + gK * n * (v - eK)
            + gM * h * (v - eK) + gNMDA * sigma * (v - eNMDA)
        dx[0] = (current - ionic) / capacitance
        dx[1] = (nInf - n) / tauN
        dx[2] = (hInf - h) / tauH
    }
}
