/// Why a `.tflite` file could not be turned into a `Graph`.
///
/// `description` is a one-line message naming what failed: the byte offset for a damaged file, the
/// operator index and TFLite name for an unsupported operator, the tensor index and name for an
/// unsupported tensor. `kind` lets callers tell the failures apart without parsing the message.
public struct TFLiteImportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The broad reason for the failure.
    public enum Kind: Sendable, Equatable {
        /// The bytes are not a well-formed TFLite FlatBuffer (truncated, wrong identifier, an offset
        /// or length pointing outside the file).
        case malformedFile
        /// The FlatBuffer is well formed but its contents contradict each other (a tensor index out of
        /// range, a constant buffer of the wrong size, a stride of zero).
        case invalidModel
        /// A schema version other than 3, or a feature of the file the importer does not read.
        case unsupportedModel
        /// An operator code the importer does not map to an `OperatorKind`.
        case unsupportedOperator
        /// A tensor element type, quantization scheme or storage the importer does not handle.
        case unsupportedTensor
        /// An operator setting the runtime cannot honour (a fused TANH, shuffled weights...).
        case unsupportedOption
    }

    /// The broad reason for the failure.
    public var kind: Kind
    /// The byte offset in the file where a malformed structure was found, when there is one.
    public var byteOffset: Int?
    /// The one-line message.
    public var description: String

    /// Creates an error from its parts.
    public init(kind: Kind, description: String, byteOffset: Int? = nil) {
        self.kind = kind
        self.description = description
        self.byteOffset = byteOffset
    }

    /// A damaged file: `malformed TFLite file: <what> at byte <offset>`.
    static func malformed(_ what: String, at offset: Int) -> TFLiteImportError {
        TFLiteImportError(
            kind: .malformedFile, description: "malformed TFLite file: \(what) at byte \(offset)", byteOffset: offset)
    }

    /// Contents that contradict each other: `invalid TFLite model: <what>`.
    static func invalid(_ what: String) -> TFLiteImportError {
        TFLiteImportError(kind: .invalidModel, description: "invalid TFLite model: \(what)")
    }

    /// An unsupported schema version or file feature; the message is given whole.
    static func unsupportedModel(_ message: String) -> TFLiteImportError {
        TFLiteImportError(kind: .unsupportedModel, description: message)
    }

    /// An unsupported operator; the message is given whole.
    static func unsupportedOperator(_ message: String) -> TFLiteImportError {
        TFLiteImportError(kind: .unsupportedOperator, description: message)
    }

    /// An unsupported tensor feature; the message is given whole.
    static func unsupportedTensor(_ message: String) -> TFLiteImportError {
        TFLiteImportError(kind: .unsupportedTensor, description: message)
    }

    /// An unsupported operator setting; the message is given whole.
    static func unsupportedOption(_ message: String) -> TFLiteImportError {
        TFLiteImportError(kind: .unsupportedOption, description: message)
    }

    /// `text` made safe for a one-line message: control characters become `?` and anything past
    /// 80 characters is cut off with an ellipsis (names come from the file and may be hostile).
    static func quoted(_ text: String) -> String {
        var result = ""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count == 80 {
                result += "…"
                break
            }
            result.unicodeScalars.append(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : scalar)
        }
        return "'" + result + "'"
    }
}
