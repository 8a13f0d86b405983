/// Reference int8 RELU, bit-exact with TFLM's `ReluQuantized<int8_t>`: `x − inputZeroPoint` is
/// requantized to the output scale (`inputScale / outputScale`), the output zero point added, and
/// the result clamped to `[max(−128, outputZeroPoint), 127]`.
public enum Relu {
    /// TFLM's `ReluParams` for int8.
    public struct Parameters: Equatable, Sendable {
        /// The input zero point.
        public var inputZeroPoint: Int32
        /// The output zero point.
        public var outputZeroPoint: Int32
        /// Q31 multiplier of `inputScale / outputScale`.
        public var multiplier: Int32
        /// Its shift.
        public var shift: Int32
        /// The clamp: the quantized 0 and 127.
        public var activation: ActivationRange

        /// Creates parameters.
        public init(inputZeroPoint: Int32, outputZeroPoint: Int32, multiplier: Int32, shift: Int32, activation: ActivationRange) {
            self.inputZeroPoint = inputZeroPoint
            self.outputZeroPoint = outputZeroPoint
            self.multiplier = multiplier
            self.shift = shift
            self.activation = activation
        }
    }

    /// Words these parameters take in a model file.
    public static let parameterWords = 6

    /// Applies ReLU to `count` values (`multiplier ≥ 0`, `shift` in `-31...30`, as validated).
    public static func run(_ p: Parameters, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int) {
        for i in 0..<count {
            let x = Int32(input[i]) &- p.inputZeroPoint
            let value = p.outputZeroPoint &+ FixedPoint.multiplyByNonNegativeQuantizedMultiplier(x, p.multiplier, p.shift)
            output[i] = Int8(truncatingIfNeeded: p.activation.clamp(value))
        }
    }
}
