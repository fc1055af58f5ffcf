import Foundation
import HDF5
import Testing

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test func eightParallelWritersToSeparateFiles() async throws {
        let scratch = Scratch()
        let urls = (0..<8).map { scratch.file("writer-\($0).h5") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, url) in urls.enumerated() {
                group.addTask {
                    let file = try HDF5File.create(url)
                    for step in 0..<20 {
                        let values = (0..<(64 * 32)).map { Double(index * 1_000_000 + step * 10_000 + $0) }
                        try file.root.write(NDArray(shape: [64, 32], values: values), to: "steps/\(step)")
                        try file.root.group("steps").setAttribute("last", step)
                    }
                    try file.root.setAttribute("writer", "w\(index)")
                    try file.close()
                }
            }
            try await group.waitForAll()
        }
        for (index, url) in urls.enumerated() {
            let root = try HDF5File.open(url).root
            #expect(try root.stringAttribute("writer") == "w\(index)")
            #expect(try root.group("steps").intAttribute("last") == 19)
            #expect(try root.group("steps").children().count == 20)
            let last = try root.read("steps/19", as: Double.self)
            #expect(last.values.first == Double(index * 1_000_000 + 190_000))
            #expect(last.values.last == Double(index * 1_000_000 + 190_000 + 64 * 32 - 1))
        }
    }

    @Test func oneFileSharedAcrossTasks() async throws {
        let scratch = Scratch()
        let file = try HDF5File.create(scratch.file())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try file.root.write([Double(index)], to: "t\(index)")
                    _ = try file.root.read("t\(index)", as: Double.self)
                }
            }
            try await group.waitForAll()
        }
        #expect(try file.root.children().count == 8)
        #expect(try file.root.read("t5", as: Double.self).values == [5])
    }
}
