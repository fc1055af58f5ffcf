/// The in-memory element kinds the wrapper can store; maps each Swift scalar type to an HDF5 native type.
public enum HDF5ScalarKind: Sendable, Equatable {
    case float32, float64, int32, int64, uint8
}

/// A Swift number type that can be stored as an HDF5 dataset element. Float, Double, Int, Int32,
/// Int64 and UInt8 conform; HDF5 converts between them on read.
public protocol HDF5Scalar: BitwiseCopyable, Sendable, Equatable {
    /// The HDF5 native type used for this Swift type in memory.
    static var hdf5Kind: HDF5ScalarKind { get }
}

extension Float: HDF5Scalar { public static var hdf5Kind: HDF5ScalarKind { .float32 } }
extension Double: HDF5Scalar { public static var hdf5Kind: HDF5ScalarKind { .float64 } }
extension Int: HDF5Scalar { public static var hdf5Kind: HDF5ScalarKind { .int64 } }
extension Int64: HDF5Scalar { public static var hdf5Kind: HDF5ScalarKind { .int64 } }
extension Int32: HDF5Scalar { public static var hdf5Kind: HDF5ScalarKind { .int32 } }
extension UInt8: HDF5Scalar { public static var hdf5Kind: HDF5ScalarKind { .uint8 } }
