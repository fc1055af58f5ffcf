import CFFTW
import Foundation

/// FFTW's planner is not thread-safe (plan creation and destruction mutate global state), so every
/// plan is made and destroyed under this lock; executing a finished plan is safe in parallel.
private let fftwPlannerLock = NSLock()

/// A real-to-complex FFT of one fixed length (an FFTW r2c plan with its own aligned buffers).
/// Not shareable across threads; make one per call site.
final class RealFFT {
    let length: Int
    private let input: UnsafeMutablePointer<Double>
    private let output: UnsafeMutablePointer<fftw_complex>
    private let plan: fftw_plan

    init(length: Int) {
        precondition(length >= 1)
        self.length = length
        input = fftw_alloc_real(length)!
        output = fftw_alloc_complex(length / 2 + 1)!
        fftwPlannerLock.lock()
        // FFTW_ESTIMATE does not overwrite the buffers while planning and gives reproducible plans.
        plan = fftw_plan_dft_r2c_1d(Int32(length), input, output, UInt32(FFTW_ESTIMATE))!
        fftwPlannerLock.unlock()
    }

    deinit {
        fftwPlannerLock.lock()
        fftw_destroy_plan(plan)
        fftwPlannerLock.unlock()
        fftw_free(input)
        fftw_free(output)
    }

    /// |X_k|² for k = 0 … length/2 of the unnormalised DFT X_k = Σ_t x_t e^{−2πikt/n}.
    func squaredMagnitudes<C: Collection>(_ x: C) -> [Double] where C.Element == Double {
        precondition(x.count == length)
        for (i, v) in x.enumerated() { input[i] = v }
        fftw_execute(plan)
        return (0...(length / 2)).map { k in
            let re = output[k].0, im = output[k].1
            return re * re + im * im
        }
    }
}

/// Gaussian smoothing as in the ChaosRNN / dendPLRNN `kernel_smoothen`: a kernel of 10σ + 1 taps at
/// offsets −5σ … 5σ, normalised to sum 1, applied with `np.convolve(…)[pad:-pad]` (zero padding, same length).
enum GaussianSmoothing {
    static func kernel(sigma: Int) -> [Double] {
        let size = sigma * 10 + 1
        let raw = (0..<size).map { k -> Double in
            let x = Double(k - size / 2)
            return exp(-0.5 * (x / Double(sigma)) * (x / Double(sigma)))
        }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    static func smooth(_ data: [Double], sigma: Int) -> [Double] {
        let k = kernel(sigma: sigma)
        let pad = k.count / 2
        let n = data.count
        // Full convolution index i + pad for output i: Σ_j data[j] k[i + pad − j].
        return (0..<n).map { i in
            var s = 0.0
            let lo = max(0, i + pad - (k.count - 1)), hi = min(n - 1, i + pad)
            if lo <= hi { for j in lo...hi { s += data[j] * k[i + pad - j] } }
            return s
        }
    }
}
