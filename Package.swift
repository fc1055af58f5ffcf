// swift-tools-version: 6.0
import PackageDescription

/// Release builds use -Ounchecked for the numerical kernels; the target CPU stays baseline x86-64
/// (see SWIFT-NOTES.md: FMA without a target CPU is a libm call, so kernels use plain `a += b * c`).
let kernelSettings: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "PaperRepro",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "repro", targets: ["repro"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // System libraries (Debian packages).
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5-serial", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CFFTW", providers: [.apt(["libfftw3-dev"])]),

        // Foundations.
        .target(name: "HDF5", dependencies: ["CHDF5"]),
        .target(name: "Digest", dependencies: ["CCrypto"]),
        .target(name: "Configuration", dependencies: ["Yams", "Digest"]),
        .target(name: "Plotting", dependencies: []),

        // Numerical core.
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"], swiftSettings: kernelSettings),
        .target(name: "Randomness", dependencies: ["Digest"], swiftSettings: kernelSettings),
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "Models", dependencies: ["LinearAlgebra", "Randomness", "CKernels"], swiftSettings: kernelSettings),
        .target(name: "MachineNumerics", dependencies: ["COpenBLAS", "CKernels"]),
        .target(name: "Tasks", dependencies: ["LinearAlgebra", "Randomness", "CZlib", "Digest"], swiftSettings: kernelSettings),
        .target(name: "Training", dependencies: ["Models", "Tasks", "LinearAlgebra", "Randomness", "HDF5"], swiftSettings: kernelSettings),
        .target(name: "Dynamics", dependencies: ["LinearAlgebra"], swiftSettings: kernelSettings),
        .target(name: "Analysis", dependencies: ["Dynamics", "LinearAlgebra", "Models", "Randomness", "CFFTW"], swiftSettings: kernelSettings),
        .target(name: "Reconstruction", dependencies: ["Models", "Training", "Analysis", "Dynamics", "LinearAlgebra", "Randomness"], swiftSettings: kernelSettings),
        .target(name: "Benchmarks", dependencies: ["Models", "Tasks", "Training", "LinearAlgebra", "Randomness"], swiftSettings: kernelSettings),

        // Engine.
        .target(name: "Store", dependencies: ["Digest"]),
        .target(name: "Engine", dependencies: ["Configuration", "Digest", "HDF5", "Plotting", "Store"]),
        .target(name: "Notebook", dependencies: []),
        .target(name: "Comparison", dependencies: ["Engine", "Configuration", "HDF5", "Store", "Digest", "Plotting"]),
        .target(name: "Report", dependencies: ["Engine", "Notebook", "Configuration", "Store", "Comparison"]),
        .target(
            name: "Experiments",
            dependencies: ["Engine", "Configuration", "HDF5", "Plotting", "Dynamics", "Analysis", "LinearAlgebra", "Randomness", "Models", "Training", "Tasks", "Reconstruction"],
            swiftSettings: kernelSettings,
            plugins: ["SourceFingerprints"]
        ),
        .executableTarget(
            name: "repro",
            dependencies: [
                "Engine", "Experiments", "Report", "Comparison", "Benchmarks", "Store", "Configuration", "LinearAlgebra", "MachineNumerics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Build plugin: hashes every source file (comments and whitespace removed) into the binary,
        // so cache keys follow the code that was compiled, not whatever is on disk.
        .executableTarget(name: "fingerprint-sources", dependencies: ["Digest"], path: "Plugins/FingerprintTool"),
        .plugin(name: "SourceFingerprints", capability: .buildTool(), dependencies: ["fingerprint-sources"]),

        // Tests sit beside the module they test.
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5"]),
        .testTarget(name: "DigestTests", dependencies: ["Digest"]),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "Randomness"]),
        .testTarget(name: "RandomnessTests", dependencies: ["Randomness"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "LinearAlgebra", "Randomness"]),
        .testTarget(name: "TasksTests", dependencies: ["Tasks", "Randomness", "CZlib"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Models", "Tasks", "HDF5", "Randomness"]),
        .testTarget(name: "DynamicsTests", dependencies: ["Dynamics"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Dynamics", "LinearAlgebra", "Models", "Randomness", "HDF5"]),
        .testTarget(name: "ReconstructionTests", dependencies: ["Reconstruction", "Models", "Analysis", "Dynamics", "LinearAlgebra", "Randomness"]),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Store", "Configuration", "HDF5", "Plotting"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Engine", "HDF5"]),
        .testTarget(name: "ComparisonTests", dependencies: ["Comparison", "Engine", "Configuration", "HDF5", "Store"]),
        .testTarget(name: "EndToEndTests", dependencies: ["HDF5"]),
    ]
)
