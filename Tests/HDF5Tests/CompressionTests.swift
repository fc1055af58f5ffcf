import Foundation
import HDF5
import Testing

@Suite("Storage layout")
struct CompressionTests {
    /// `h5dump -p -H` output for one dataset: its layout, chunking and filters.
    func properties(_ dataset: String, in url: URL) throws -> String {
        let result = try run("h5dump", ["-p", "-H", "-d", dataset, url.path])
        try #require(result.status == 0, "h5dump failed: \(result.output)")
        return result.output
    }

    @Test func nonEmptyDatasetsAreChunkedShuffledAndDeflated() throws {
        let scratch = Scratch()
        let url = scratch.file()
        let file = try HDF5File.create(url)
        try file.root.write(NDArray(shape: [40, 16], values: [Float](repeating: 1, count: 640)), to: "w", compression: 6)
        try file.close()
        let dump = try properties("/w", in: url)
        #expect(dump.contains("CHUNKED ( 40, 16 )"))
        #expect(dump.contains("SHUFFLE"))
        #expect(dump.contains("COMPRESSION DEFLATE { LEVEL 6 }"))
    }

    @Test func bigDatasetsGetChunksOfAtMostOneMebibyte() throws {
        let scratch = Scratch()
        let url = scratch.file()
        let file = try HDF5File.create(url)
        try file.root.write(NDArray(shape: [1000, 600], values: [Double](repeating: 0, count: 600_000)), to: "big")
        try file.close()
        let listing = try run("h5ls", ["-v", url.path + "/big"])
        try #require(listing.status == 0, "h5ls failed: \(listing.output)")
        // 1000×600 doubles is 4.8 MB; halving the longest side until it fits gives 250×300 (600 kB).
        #expect(listing.output.contains("Chunks:    {250, 300} 600000 bytes"))
        #expect(listing.output.contains("deflate"))
    }

    @Test(arguments: [0])
    func compressionZeroIsContiguous(level: Int) throws {
        let scratch = Scratch()
        let url = scratch.file()
        let file = try HDF5File.create(url)
        try file.root.write(NDArray([1.0, 2.0, 3.0]), to: "plain", compression: level)
        try file.root.write(NDArray<Double>(shape: [0, 5], values: []), to: "empty")
        try file.close()
        for name in ["/plain", "/empty"] {
            let dump = try properties(name, in: url)
            #expect(dump.contains("CONTIGUOUS"), "\(name): \(dump)")
            #expect(!dump.contains("DEFLATE"), "\(name)")
        }
    }

    @Test func compressionShrinksRedundantData() throws {
        let scratch = Scratch()
        let url = scratch.file()
        let file = try HDF5File.create(url)
        try file.root.write(NDArray(shape: [256, 256], values: [Double](repeating: 0.5, count: 65536)), to: "z")
        try file.close()
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? .max
        #expect(size < 65536 * 8 / 10)
    }
}
