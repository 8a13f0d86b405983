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
    /// Element-wise arithmetic with requantization (ADD and its kin).
    case add
    /// SOFTMAX.
    case softmax
    /// RESHAPE, QUANTIZE, DEQUANTIZE: copies and conversions, no multiply-accumulates.
    case dataMovement

    /// The simulator's class for a runtime cost class (each operator names its own in its home).
    public init(_ costClass: OperatorCostClass) {
        switch costClass {
        case .convolution: self = .convolution
        case .depthwiseConvolution: self = .depthwiseConvolution
        case .dense: self = .dense
        case .pooling: self = .pooling
        case .elementwise: self = .add
        case .softmax: self = .softmax
        case .dataMovement: self = .dataMovement
        }
    }
}
