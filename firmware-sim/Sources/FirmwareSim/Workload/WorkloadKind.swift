import EdgeRuntime

/// The cost-model class of an operator: kinds that cost the same way share a class.
public enum WorkloadKind: String, Codable, Sendable, CaseIterable {
    /// CONV_2D: a matrix product over an im2col view of the input.
    case convolution
    /// DEPTHWISE_CONV_2D: a small dot product per output, little weight reuse.
    case depthwiseConvolution
    /// FULLY_CONNECTED: a matrix-vector product, one weight byte read per multiply-accumulate.
    case dense
    /// AVERAGE_POOL_2D and MAX_POOL_2D.
    case pooling
    /// Element-wise ADD.
    case add
    /// SOFTMAX.
    case softmax
    /// RESHAPE, QUANTIZE, DEQUANTIZE: copies and conversions, no multiply-accumulates.
    case dataMovement

    /// The class of a runtime operator kind.
    public init(_ kind: OperatorKind) {
        switch kind {
        case .conv2D: self = .convolution
        case .depthwiseConv2D: self = .depthwiseConvolution
        case .fullyConnected: self = .dense
        case .averagePool2D, .maxPool2D: self = .pooling
        case .add: self = .add
        case .softmax: self = .softmax
        case .reshape, .quantize, .dequantize: self = .dataMovement
        }
    }
}
