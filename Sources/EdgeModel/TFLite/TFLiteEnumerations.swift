import EdgeRuntime

// The small enums of the TFLite schema the importer reads, with their mapping onto the graph IR.

/// `enum TensorType : byte`.
enum TFLiteTensorType {
    /// The schema's names, indexed by code (0 through 17).
    private static let names = [
        "FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL", "INT16", "COMPLEX64", "INT8",
        "FLOAT64", "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16", "INT4",
    ]

    /// The schema's name for `code`, or `code N` when unknown.
    static func name(ofCode code: Int8) -> String {
        code >= 0 && Int(code) < names.count ? names[Int(code)] : "code \(code)"
    }

    /// The element type for `code`, or `nil` when the runtime has none (only FLOAT32, INT32 and
    /// INT8 are supported).
    static func elementType(forCode code: Int8) -> ElementType? {
        switch code {
        case 0: return .float32
        case 2: return .int32
        case 9: return .int8
        default: return nil
        }
    }
}

/// `enum Padding : byte { SAME, VALID }`.
enum TFLitePadding {
    /// The padding for `code`, or `nil` when the code is not in the schema.
    static func padding(forCode code: UInt8) -> Padding? {
        switch code {
        case 0: return .same
        case 1: return .valid
        default: return nil
        }
    }
}

/// `enum ActivationFunctionType : byte`.
enum TFLiteActivation {
    /// The schema's names, indexed by code.
    private static let names = ["NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT"]

    /// The schema's name for `code`, or `code N` when unknown.
    static func name(ofCode code: UInt8) -> String {
        Int(code) < names.count ? names[Int(code)] : "code \(code)"
    }

    /// The fused activation for `code`, or `nil` for TANH, SIGN_BIT and unknown codes.
    static func fusedActivation(forCode code: UInt8) -> FusedActivation? {
        switch code {
        case 0: return FusedActivation.none
        case 1: return .relu
        case 2: return .reluMinusOneToOne
        case 3: return .relu6
        default: return nil
        }
    }
}

/// `enum FullyConnectedOptionsWeightsFormat : byte { DEFAULT = 0, SHUFFLED4x16INT8 = 1 }`.
enum TFLiteWeightsFormat {
    /// The only layout the runtime reads: plain `[out, in]`.
    static let defaultFormat: UInt8 = 0

    /// The schema's name for `code`.
    static func name(ofCode code: UInt8) -> String {
        switch code {
        case 0: return "DEFAULT"
        case 1: return "SHUFFLED4x16INT8"
        default: return "code \(code)"
        }
    }
}
