/// Reference int8 RELU6, bit-exact with TFLM's `Relu6Quantized<int8_t>`: each input byte clamped
/// to `[inputZeroPoint, quantize(6.0)]` on the input's scale. TFLM does not requantize: the output
/// tensor's scale and zero point are not read, the bytes are written as they are.
public enum Relu6 {
    /// TFLM's `Relu6OpData`.
    public struct Parameters: Equatable, Sendable {
        /// The lower bound: the input zero point (the quantized 0).
        public var zero: Int32
        /// The upper bound: `clamp(round(6 / inputScale) + inputZeroPoint)`.
        public var six: Int32

        /// Creates parameters.
        public init(zero: Int32, six: Int32) {
            self.zero = zero
            self.six = six
        }
    }

    /// Words these parameters take in a model file.
    public static let parameterWords = 2

    /// Applies ReLU6 to `count` values.
    public static func run(_ p: Parameters, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int) {
        let lower = Int8(truncatingIfNeeded: p.zero)
        let upper = Int8(truncatingIfNeeded: p.six)
        for i in 0..<count {
            let x = input[i]
            output[i] = x > upper ? upper : x < lower ? lower : x
        }
    }
}
