import Foundation
import PackagePlugin

/// Generates `SourceFingerprints.swift` for a target: a table of every Swift source file of the
/// package, hashed with comments and whitespace removed, so that an experiment's cache key changes
/// exactly when the code it was compiled from changes.
@main
struct SourceFingerprints: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let sourcesRoot = context.package.directoryURL.appendingPathComponent("Sources")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: sourcesRoot, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension == "swift" {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("SourceFingerprints.swift")
        return [
            .buildCommand(
                displayName: "Fingerprinting sources for \(target.name)",
                executable: try context.tool(named: "fingerprint-sources").url,
                arguments: [sourcesRoot.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
