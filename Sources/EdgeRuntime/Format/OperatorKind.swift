/// The operators the runtime executes. The raw value is the code stored in a model file.
public enum OperatorKind: UInt16, Sendable, CaseIterable {
    /// Dense layer: `output = input · weightsᵀ + bias`, weights `[out, in]`, per-tensor scale.
    case fullyConnected = 1
    /// 2-D convolution, NHWC input, OHWI filter, per-channel scales.
    case conv2D = 2
    /// Depthwise 2-D convolution with a depth multiplier, filter `[1, H, W, C·multiplier]`.
    case depthwiseConv2D = 3
    /// Average pooling over a window.
    case averagePool2D = 4
    /// Max pooling over a window.
    case maxPool2D = 5
    /// Element-wise addition of two int8 tensors with their own scales.
    case add = 6
    /// Change of shape; the output aliases the input's bytes in the arena.
    case reshape = 7
    /// Int8 softmax with TFLite's fixed-point exponential; output scale 1/256, zero point -128.
    case softmax = 8
    /// Float32 to int8 (or int8 to int8 requantization).
    case quantize = 9
    /// Int8 to float32.
    case dequantize = 10

    /// The operator's name as TFLite spells it, used in messages and reports.
    public var name: StaticString {
        switch self {
        case .fullyConnected: return "FULLY_CONNECTED"
        case .conv2D: return "CONV_2D"
        case .depthwiseConv2D: return "DEPTHWISE_CONV_2D"
        case .averagePool2D: return "AVERAGE_POOL_2D"
        case .maxPool2D: return "MAX_POOL_2D"
        case .add: return "ADD"
        case .reshape: return "RESHAPE"
        case .softmax: return "SOFTMAX"
        case .quantize: return "QUANTIZE"
        case .dequantize: return "DEQUANTIZE"
        }
    }
}
