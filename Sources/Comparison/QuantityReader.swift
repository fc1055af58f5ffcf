import Engine
import Foundation
import HDF5
import Store

extension Project {
    /// `paper-results/`: published numbers (one YAML per paper) and the archive.
    public var paperResultsDirectory: URL { root.appendingPathComponent("paper-results") }
    /// `paper-results/archive/`: one folder per experiment with `results.h5` and `manifest.yaml`.
    public var archiveDirectory: URL { paperResultsDirectory.appendingPathComponent("archive") }
}

/// Reads an experiment's quantities from the stored results of its current jobs; computes nothing.
public struct QuantityReader {
    public let planner: Planner

    public init(planner: Planner) { self.planner = planner }

    /// The quantities of `status`, or why they cannot be read (jobs not computed, configuration error).
    public func quantities(for status: ExperimentStatus) -> Result<[Quantity], QuantityError> {
        guard let config = status.config else {
            return .failure(QuantityError("configuration error: \(status.configError ?? "not loaded")"))
        }
        let missing = status.jobs.filter { $0.state != .fresh }
        if !missing.isEmpty {
            return .failure(QuantityError(
                "\(missing.count) of \(status.jobs.count) jobs not computed at scale \(status.scale) "
                    + "(run `repro compare --run` or `repro run \(status.id) --scale \(status.scale)`)"))
        }
        var results: [JobResult] = []
        for job in status.jobs {
            let url = planner.store.directory(for: job.key).appendingPathComponent("result.h5")
            do {
                results.append(JobResult(name: job.job, file: try HDF5File.open(url), failure: nil))
            } catch {
                return .failure(QuantityError("cannot open the result of \(job.job): \(error)"))
            }
        }
        defer { for result in results { try? result.file?.close() } }
        do {
            return .success(try status.descriptor.quantities(config: config, results: ResultSet(jobs: results)))
        } catch {
            return .failure(QuantityError("reading the quantities failed: \(error)"))
        }
    }
}

/// Why an experiment's quantities are not available.
public struct QuantityError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
