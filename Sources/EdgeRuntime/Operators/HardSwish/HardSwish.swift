/// Reference int8 HARD_SWISH, `x · relu6(x + 3) / 6`, bit-exact with TFLite's
/// `reference_ops::HardSwish<int8_t>` as TFLM runs it, in 16-bit fixed point: the input minus its
/// zero point, times 2^7, is scaled once to the output scale and once to the "relu-ish" scale on
/// which 3.0 is 2^15; the relu-ish value, mapped to [0, 1], multiplies the first (truncating), and
/// a rounding right shift and the output zero point finish.
public enum HardSwish {
    /// The two 16-bit multipliers TFLM's `HardSwishPrepare` computes, and the zero points.
    public struct Parameters: Equatable, Sendable {
        /// The input zero point.
        public var inputZeroPoint: Int32
        /// The output zero point.
        public var outputZeroPoint: Int32
        /// Q15 multiplier of `(inputScale / 128) / outputScale` (in `0...32767`).
        public var outputMultiplier: Int32
        /// Its exponent (`-31...0`: a rounding right shift).
        public var outputExponent: Int32
        /// Q15 multiplier of `(inputScale / 128) / (3 / 32768)` (in `0...32767`).
        public var reluishMultiplier: Int32
        /// Its exponent (`-31...31`; positive means a saturating left shift).
        public var reluishExponent: Int32

        /// Creates parameters.
        public init(
            inputZeroPoint: Int32, outputZeroPoint: Int32, outputMultiplier: Int32, outputExponent: Int32,
            reluishMultiplier: Int32, reluishExponent: Int32
        ) {
            self.inputZeroPoint = inputZeroPoint
            self.outputZeroPoint = outputZeroPoint
            self.outputMultiplier = outputMultiplier
            self.outputExponent = outputExponent
            self.reluishMultiplier = reluishMultiplier
            self.reluishExponent = reluishExponent
        }
    }

    /// Words these parameters take in a model file.
    public static let parameterWords = 6

    /// Applies hard swish to `count` values.
    public static func run(_ p: Parameters, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int) {
        let outputMultiplier = Int16(truncatingIfNeeded: p.outputMultiplier)
        let reluishMultiplier = Int16(truncatingIfNeeded: p.reluishMultiplier)
        for i in 0..<count {
            let centred = Int16(truncatingIfNeeded: Int32(input[i]) &- p.inputZeroPoint)
            let highResolution = centred &* (1 << 7)  // |centred| ≤ 255, so this stays in 16 bits
            let preshiftOutput = FixedPoint16.saturatingRoundingDoublingHighMultiply(highResolution, outputMultiplier)
            var reluish = highResolution
            if p.reluishExponent > 0 { reluish = FixedPoint16.saturatingLeftShift(reluish, p.reluishExponent &- 1) }
            reluish = FixedPoint16.saturatingRoundingDoublingHighMultiply(reluish, reluishMultiplier)
            if p.reluishExponent > 0 { reluish = FixedPoint16.saturatingLeftShift(reluish, 1) }
            if p.reluishExponent < 0 { reluish = FixedPoint16.roundingDivideByPowerOfTwo(reluish, 0 &- p.reluishExponent) }
            // From [-1, 1] to [0, 1] in Q15.
            reluish = Int16(truncatingIfNeeded: (Int32(reluish) &+ (1 << 15)) &>> 1)
            let product = FixedPoint16.saturatingDoublingHighMultiply(reluish, preshiftOutput)
            let shifted = FixedPoint16.roundingDivideByPowerOfTwo(product, 0 &- p.outputExponent)
            let value = Int16(truncatingIfNeeded: Int32(shifted) &+ p.outputZeroPoint)
            output[i] = Int8(truncatingIfNeeded: min(max(value, -128), 127))
        }
    }
}
