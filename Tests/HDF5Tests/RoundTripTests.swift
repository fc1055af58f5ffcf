import Foundation
import HDF5
import Testing

@Suite("Dataset round trips")
struct RoundTripTests {
    /// Writes, closes, reopens read-only and reads back, so the data really went through the file.
    func roundTrip<T: HDF5Scalar>(_ array: NDArray<T>, compression: Int = 4) throws -> NDArray<T> {
        let scratch = Scratch()
        let url = scratch.file()
        let file = try HDF5File.create(url)
        try file.root.write(array, to: "data", compression: compression)
        try file.close()
        return try HDF5File.open(url).root.read("data", as: T.self)
    }

    @Test func floatThreeDimensionalIsBitExact() throws {
        let values = (0..<(4 * 5 * 6)).map { Float($0) * 0.1 - 3 } + []
        var special = values
        special[0] = .leastNonzeroMagnitude
        special[1] = -.infinity
        special[2] = .greatestFiniteMagnitude
        special[3] = -0.0
        let array = NDArray(shape: [4, 5, 6], values: special)
        let back = try roundTrip(array)
        #expect(back.shape == [4, 5, 6])
        #expect(back.values.map(\.bitPattern) == array.values.map(\.bitPattern))
    }

    @Test func doubleNaNPayloadSurvives() throws {
        let nan = Double(nan: 0x1234, signaling: false)
        let array = NDArray(rows: [[1.0 / 3.0, .pi, nan], [-.ulpOfOne, 1e300, -1e-300]])
        let back = try roundTrip(array)
        #expect(back.shape == [2, 3])
        #expect(back.values.map(\.bitPattern) == array.values.map(\.bitPattern))
    }

    @Test func intExtremes() throws {
        let array = NDArray([Int.min, -1, 0, 1, Int.max])
        #expect(try roundTrip(array) == array)
    }

    @Test func int32AndInt64() throws {
        let narrow = NDArray(shape: [2, 2], values: [Int32.min, -5, 7, Int32.max])
        #expect(try roundTrip(narrow) == narrow)
        let wide = NDArray(shape: [3], values: [Int64.min, 42, Int64.max])
        #expect(try roundTrip(wide) == wide)
    }

    @Test func uint8AllValues() throws {
        let array = NDArray(shape: [16, 16], values: (0...255).map { UInt8($0) })
        #expect(try roundTrip(array) == array)
    }

    @Test(arguments: [[0], [0, 3], [2, 0, 4]])
    func zeroLengthKeepsShape(shape: [Int]) throws {
        let array = NDArray<Double>(shape: shape, values: [])
        let back = try roundTrip(array)
        #expect(back.shape == shape)
        #expect(back.values.isEmpty)
    }

    @Test func scalarShape() throws {
        let array = NDArray<Double>(shape: [], values: [2.5])
        #expect(try roundTrip(array) == array)
    }

    @Test func uncompressedRoundTrip() throws {
        let array = NDArray(rows: [[1.5, 2.5], [3.5, 4.5]])
        #expect(try roundTrip(array, compression: 0) == array)
    }

    @Test func largeArraySpansSeveralChunks() throws {
        // 4 MiB of doubles, so the ~1 MiB chunk limit forces several chunks.
        let array = NDArray(shape: [1024, 512], values: (0..<(1024 * 512)).map { sin(Double($0)) })
        #expect(try roundTrip(array) == array)
    }

    @Test func oneDimensionalConvenience() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        let dataset = try file.root.write([1, 2, 3] as [Int32], to: "ints")
        #expect(dataset.path == "/ints")
        #expect(try dataset.shape() == [3])
        #expect(try dataset.read(as: Int32.self).values == [1, 2, 3])
    }

    @Test func readConvertsFloatToDoubleAndIntToDouble() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        try file.root.write(NDArray(rows: [[Float(0.1), 2], [3, 4]]), to: "f32")
        try file.root.write([7, -8] as [Int], to: "i64")
        let widened = try file.root.read("f32", as: Double.self)
        #expect(widened.shape == [2, 2])
        #expect(widened.values == [Double(Float(0.1)), 2, 3, 4])
        #expect(try file.root.read("i64", as: Double.self).values == [7, -8])
        #expect(try file.root.read("i64", as: Float.self).values == [7, -8])
    }

    @Test func stringDatasetRoundTripsUTF8() throws {
        let scratch = Scratch()
        let url = scratch.file()
        let yaml = "model: rnn\nname: \"Zürich — 東京 🚀\"\nsizes: [1, 2]\n"
        do {
            let file = try HDF5File.create(url)
            try file.root.writeString(yaml, to: "config/yaml")
        }
        let reopened = try HDF5File.open(url)
        #expect(try reopened.root.readString("config/yaml") == yaml)
        #expect(try reopened.root.group("config").readString("yaml") == yaml)
    }

    @Test func emptyStringDataset() throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        try file.root.writeString("", to: "empty")
        #expect(try file.root.readString("empty") == "")
    }

    @Test func fileStaysOpenWhileAGroupIsHeld() throws {
        let scratch = Scratch()
        let url = scratch.file()
        let group = try HDF5File.create(url).root.createGroup("g")
        try group.write([1.0], to: "x")
        #expect(try group.read("x", as: Double.self).values == [1.0])
        #expect(group.file.url == url)
    }
}
