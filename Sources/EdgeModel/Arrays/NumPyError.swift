/// Why a `.npy` file (or an array inside a `.npz` archive) could not be read, or why array bytes do
/// not fit a shape.
public struct NumPyError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The category of a failure, for code that reacts to errors rather than printing them.
    public enum Kind: Equatable, Sendable {
        /// The file does not start with `\x93NUMPY`.
        case badMagic
        /// The format version is not 1.0, 2.0 or 3.0.
        case unsupportedVersion
        /// The header is not a dictionary literal with exactly `descr`, `fortran_order` and `shape`.
        case malformedHeader
        /// The `descr` names an element type this library does not handle.
        case unsupportedElementType
        /// The `descr` is big-endian.
        case bigEndian
        /// The array is stored in Fortran (column-major) order.
        case fortranOrder
        /// A dimension is negative, or the element count overflows.
        case invalidShape
        /// The file ends before its header or its data does.
        case truncated
        /// The byte count does not match the shape and element type.
        case sizeMismatch
    }

    /// The category of the failure.
    public var kind: Kind
    /// A one-line description of the problem.
    public var detail: String
    /// The file or archive entry being read, when known; it prefixes ``description``.
    public var source: String?

    /// Creates an error of `kind` described by `detail`, optionally naming the file it concerns.
    public init(_ kind: Kind, _ detail: String, source: String? = nil) {
        self.kind = kind
        self.detail = detail
        self.source = source
    }

    /// One line: the source when known, then the problem.
    public var description: String {
        if let source { return "\(source): \(detail)" }
        return detail
    }
}
