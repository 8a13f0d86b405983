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

extension TFLiteImportError {
    /// Whether the file is sound but asks for something the runtime does not do (an operator, an
    /// option, a tensor type): the import goes on to find the others.
    var isUnsupportedFeature: Bool {
        switch kind {
        case .unsupportedOperator, .unsupportedTensor, .unsupportedOption: return true
        case .malformedFile, .invalidModel, .unsupportedModel: return false
        }
    }
}

/// The unsupported features an import found, turned into one error naming all of them.
struct UnsupportedFeatures {
    private(set) var errors: [TFLiteImportError] = []

    mutating func append(_ error: TFLiteImportError) { errors.append(error) }

    /// Throws nothing when no problem was found; the problem itself when there is one; otherwise one
    /// error of the first problem's kind whose message lists every problem, with the list of
    /// supported operators once at the end.
    func throwIfAny() throws(TFLiteImportError) {
        guard let first = errors.first else { return }
        guard errors.count > 1 else { throw first }
        let suffix = "; supported: " + TFLiteBuiltinOperator.supportedNames
        var listsOperators = false
        let parts = errors.map { error -> String in
            guard error.kind == .unsupportedOperator, error.description.hasSuffix(suffix) else { return error.description }
            listsOperators = true
            return String(error.description.dropLast(suffix.count))
        }
        let message = "\(errors.count) unsupported features: " + parts.joined(separator: "; ")
            + (listsOperators ? "; supported operators: " + TFLiteBuiltinOperator.supportedNames : "")
        throw TFLiteImportError(kind: first.kind, description: message)
    }
}
