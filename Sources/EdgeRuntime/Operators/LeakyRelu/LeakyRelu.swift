/// Reference int8 LEAKY_RELU, bit-exact with TFLM's `reference_ops::QuantizeLeakyRelu<int8_t>`:
/// `x − inputZeroPoint` is requantized by the identity multiplier when it is ≥ 0 and by the alpha
/// multiplier when it is negative; a negative alpha is applied as its magnitude, then negated.
public enum LeakyRelu {
    /// The two multipliers TFLM's `LeakyReluPrepare` computes, and the zero points.
    public struct Parameters: Equatable, Sendable {
        /// The input zero point.
        public var inputZeroPoint: Int32
        /// The output zero point.
        public var outputZeroPoint: Int32
        /// Q31 multiplier of `inputScale · alpha / outputScale` (negative for a negative alpha).
        public var alphaMultiplier: Int32
        /// Its shift.
        public var alphaShift: Int32
        /// Q31 multiplier of `inputScale / outputScale`.
        public var identityMultiplier: Int32
        /// Its shift.
        public var identityShift: Int32

        /// Creates parameters.
        public init(
            inputZeroPoint: Int32, outputZeroPoint: Int32, alphaMultiplier: Int32, alphaShift: Int32,
            identityMultiplier: Int32, identityShift: Int32
        ) {
            self.inputZeroPoint = inputZeroPoint
            self.outputZeroPoint = outputZeroPoint
            self.alphaMultiplier = alphaMultiplier
            self.alphaShift = alphaShift
            self.identityMultiplier = identityMultiplier
            self.identityShift = identityShift
        }
    }

    /// Words these parameters take in a model file.
    public static let parameterWords = 6

    /// Applies leaky ReLU to `count` values. The multipliers are validated: identity `≥ 0`, alpha
    /// not `Int32.min`, both shifts in `-31...30`.
    public static func run(_ p: Parameters, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int) {
        let negativeAlpha = p.alphaMultiplier < 0
        let alphaMagnitude = negativeAlpha ? 0 &- p.alphaMultiplier : p.alphaMultiplier
        for i in 0..<count {
            let x = Int32(input[i]) &- p.inputZeroPoint
            var value = p.outputZeroPoint
            if x >= 0 {
                value &+= FixedPoint.multiplyByNonNegativeQuantizedMultiplier(x, p.identityMultiplier, p.identityShift)
            } else {
                let scaled = FixedPoint.multiplyByNonNegativeQuantizedMultiplier(x, alphaMagnitude, p.alphaShift)
                value &+= negativeAlpha ? 0 &- scaled : scaled
            }
            output[i] = Int8(truncatingIfNeeded: min(max(value, -128), 127))
        }
    }
}
