import Foundation
import LinearAlgebra

extension LatentDynamics {
    /// The data-inferred initial state B⁺x (ChaosRNN `generate`: z_0 = B⁺x_0 of data row 0).
    public func inferredState(_ x: [Double]) throws -> [Double] {
        precondition(x.count == observationSize)
        let p = try pseudoInverse(observation)
        return product(p, Matrix(rows: x.count, columns: 1, storage: x)).storage
    }

    /// A free run without forcing: z_0 = B⁺x, `steps` observations B z_0 … B z_{steps−1}.
    public func freeRun(from x: [Double], steps: Int) throws -> Matrix<Double> {
        generate(from: try inferredState(x), steps: steps)
    }
}
