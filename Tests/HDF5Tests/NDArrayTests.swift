import HDF5
import Testing

@Suite("NDArray")
struct NDArrayTests {
    @Test func oneDimensionalInitializer() {
        let array = NDArray([1.0, 2.0, 3.0])
        #expect(array.shape == [3])
        #expect(array.count == 3)
    }

    @Test func rowsAreRowMajor() {
        let array = NDArray(rows: [[1, 2, 3], [4, 5, 6]] as [[Int]])
        #expect(array.shape == [2, 3])
        #expect(array.values == [1, 2, 3, 4, 5, 6])
        #expect(array[1, 0] == 4)
        #expect(array[0, 2] == 3)
    }

    @Test func subscriptSetterWritesInPlace() {
        var array = NDArray(shape: [2, 2], values: [Float](repeating: 0, count: 4))
        array[1, 1] = 7
        #expect(array.values == [0, 0, 0, 7])
    }

    @Test func emptyRowsGiveZeroByZero() {
        #expect(NDArray<Double>(rows: []).shape == [0, 0])
    }
}
