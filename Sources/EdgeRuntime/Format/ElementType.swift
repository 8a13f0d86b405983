/// The element type of a tensor, as stored in a model file.
public enum ElementType: UInt8, Sendable {
    /// Signed 8-bit integer: quantized activations and weights.
    case int8 = 1
    /// Signed 32-bit integer: biases and shape vectors.
    case int32 = 2
    /// IEEE-754 single precision: float inputs and outputs around QUANTIZE / DEQUANTIZE.
    case float32 = 3

    /// Bytes one element occupies.
    public var byteWidth: Int {
        switch self {
        case .int8: return 1
        case .int32, .float32: return 4
        }
    }
}
