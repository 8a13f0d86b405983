import EdgeRuntime

/// The TFLite `BuiltinOperator` codes the importer maps onto an `OperatorKind`.
enum TFLiteBuiltinOperator: Int32, CaseIterable {
    case add = 0
    case averagePool2D = 1
    case concatenation = 2
    case conv2D = 3
    case depthwiseConv2D = 4
    case dequantize = 6
    case fullyConnected = 9
    case maxPool2D = 17
    case reshape = 22
    case resizeBilinear = 23
    case softmax = 25
    case gather = 36
    case argMax = 56
    case resizeNearestNeighbor = 97
    case pad = 34
    case transpose = 39
    case mean = 40
    case squeeze = 43
    case stridedSlice = 45
    case split = 49
    case padV2 = 60
    case slice = 65
    case transposeConv = 67
    case expandDimensions = 70
    case pack = 83
    case batchMatMul = 126
    case unpack = 88
    case splitV = 102
    case sum = 74
    case reduceMax = 82
    case quantize = 114
    case logistic = 14
    case relu = 19
    case relu6 = 21
    case tanh = 28
    case neg = 59
    case rsqrt = 76
    case leakyRelu = 98
    case hardSwish = 117
    case sub = 41
    case mul = 18
    case squaredDifference = 99
    case maximum = 55
    case minimum = 57
    case prelu = 54

    /// The code TFLite uses for custom operators, whose name is in `OperatorCode.custom_code`.
    static let customCode: Int32 = 32

    /// The runtime operator this code becomes.
    var operatorKind: OperatorKind {
        switch self {
        case .add: return .add
        case .averagePool2D: return .averagePool2D
        case .concatenation: return .concatenation
        case .conv2D: return .conv2D
        case .depthwiseConv2D: return .depthwiseConv2D
        case .dequantize: return .dequantize
        case .fullyConnected: return .fullyConnected
        case .maxPool2D: return .maxPool2D
        case .reshape: return .reshape
        case .softmax: return .softmax
        case .resizeBilinear: return .resizeBilinear
        case .gather: return .gather
        case .argMax: return .argMax
        case .resizeNearestNeighbor: return .resizeNearestNeighbor
        case .mean: return .mean
        case .pad: return .pad
        case .padV2: return .padV2
        case .transpose: return .transpose
        case .slice: return .slice
        case .transposeConv: return .transposeConv2D
        case .stridedSlice: return .stridedSlice
        case .split: return .split
        case .splitV: return .splitV
        case .pack: return .pack
        case .batchMatMul: return .batchMatMul
        case .unpack: return .unpack
        // SQUEEZE and EXPAND_DIMS change only the shape, which the output tensor holds: a RESHAPE.
        case .squeeze, .expandDimensions: return .reshape
        case .sum: return .sum
        case .reduceMax: return .reduceMax
        case .quantize: return .quantize
        case .logistic: return .logistic
        case .relu: return .relu
        case .relu6: return .relu6
        case .tanh: return .tanh
        case .neg: return .neg
        case .rsqrt: return .rsqrt
        case .leakyRelu: return .leakyRelu
        case .hardSwish: return .hardSwish
        case .sub: return .sub
        case .mul: return .mul
        case .squaredDifference: return .squaredDifference
        case .maximum: return .maximum
        case .minimum: return .minimum
        case .prelu: return .prelu
        }
    }

    /// The supported operators' TFLite names, alphabetically, comma separated (for messages).
    static let supportedNames: String = allCases
        .compactMap { TFLiteBuiltinOperator.name(ofCode: $0.rawValue) }
        .sorted()
        .joined(separator: ", ")

    /// The schema's name for `code` (for example `TANH` for 28), or `nil` for a code this table
    /// does not know (codes above 161, such as the StableHLO operators).
    static func name(ofCode code: Int32) -> String? {
        guard code >= 0, Int(code) < builtinOperatorNames.count else { return nil }
        return builtinOperatorNames[Int(code)]
    }
}

/// `enum BuiltinOperator` of the schema, names indexed by code, 0 through 161.
private let builtinOperatorNames: [String] = [
    "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEPTH_TO_SPACE",
    "DEQUANTIZE", "EMBEDDING_LOOKUP", "FLOOR", "FULLY_CONNECTED", "HASHTABLE_LOOKUP", "L2_NORMALIZATION",
    "L2_POOL_2D", "LOCAL_RESPONSE_NORMALIZATION", "LOGISTIC", "LSH_PROJECTION", "LSTM", "MAX_POOL_2D",
    "MUL", "RELU", "RELU_N1_TO_1", "RELU6", "RESHAPE", "RESIZE_BILINEAR", "RNN", "SOFTMAX",
    "SPACE_TO_DEPTH", "SVDF", "TANH", "CONCAT_EMBEDDINGS", "SKIP_GRAM", "CALL", "CUSTOM",
    "EMBEDDING_LOOKUP_SPARSE", "PAD", "UNIDIRECTIONAL_SEQUENCE_RNN", "GATHER", "BATCH_TO_SPACE_ND",
    "SPACE_TO_BATCH_ND", "TRANSPOSE", "MEAN", "SUB", "DIV", "SQUEEZE", "UNIDIRECTIONAL_SEQUENCE_LSTM",
    "STRIDED_SLICE", "BIDIRECTIONAL_SEQUENCE_RNN", "EXP", "TOPK_V2", "SPLIT", "LOG_SOFTMAX", "DELEGATE",
    "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST", "PRELU", "MAXIMUM", "ARG_MAX", "MINIMUM", "LESS", "NEG", "PADV2",
    "GREATER", "GREATER_EQUAL", "LESS_EQUAL", "SELECT", "SLICE", "SIN", "TRANSPOSE_CONV", "SPARSE_TO_DENSE",
    "TILE", "EXPAND_DIMS", "EQUAL", "NOT_EQUAL", "LOG", "SUM", "SQRT", "RSQRT", "SHAPE", "POW", "ARG_MIN",
    "FAKE_QUANT", "REDUCE_PROD", "REDUCE_MAX", "PACK", "LOGICAL_OR", "ONE_HOT", "LOGICAL_AND",
    "LOGICAL_NOT", "UNPACK", "REDUCE_MIN", "FLOOR_DIV", "REDUCE_ANY", "SQUARE", "ZEROS_LIKE", "FILL",
    "FLOOR_MOD", "RANGE", "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE", "MIRROR_PAD",
    "ABS", "SPLIT_V", "UNIQUE", "CEIL", "REVERSE_V2", "ADD_N", "GATHER_ND", "COS", "WHERE", "RANK", "ELU",
    "REVERSE_SEQUENCE", "MATRIX_DIAG", "QUANTIZE", "MATRIX_SET_DIAG", "ROUND", "HARD_SWISH", "IF", "WHILE",
    "NON_MAX_SUPPRESSION_V4", "NON_MAX_SUPPRESSION_V5", "SCATTER_ND", "SELECT_V2", "DENSIFY", "SEGMENT_SUM",
    "BATCH_MATMUL", "PLACEHOLDER_FOR_GREATER_OP_CODES", "CUMSUM", "CALL_ONCE", "BROADCAST_TO", "RFFT2D",
    "CONV_3D", "IMAG", "REAL", "COMPLEX_ABS", "HASHTABLE", "HASHTABLE_FIND", "HASHTABLE_IMPORT",
    "HASHTABLE_SIZE", "REDUCE_ALL", "CONV_3D_TRANSPOSE", "VAR_HANDLE", "READ_VARIABLE", "ASSIGN_VARIABLE",
    "BROADCAST_ARGS", "RANDOM_STANDARD_NORMAL", "BUCKETIZE", "RANDOM_UNIFORM", "MULTINOMIAL", "GELU",
    "DYNAMIC_UPDATE_SLICE", "RELU_0_TO_1", "UNSORTED_SEGMENT_PROD", "UNSORTED_SEGMENT_MAX",
    "UNSORTED_SEGMENT_SUM", "ATAN2", "UNSORTED_SEGMENT_MIN", "SIGN", "BITCAST", "BITWISE_XOR",
    "RIGHT_SHIFT",
]
