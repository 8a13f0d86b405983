/// Reference int8 LOGISTIC, bit-exact with TFLM's `reference_integer_ops::Logistic`: inputs whose
/// distance to the zero point reaches the range radius saturate; the others are scaled to Q4.27,
/// run through gemmlowp's fixed-point logistic (Q0.31) and rounded to 1/256 steps with zero point
/// −128. The output's scale is not read (TFLM assumes 1/256); its zero point must be −128.
public enum Logistic {
    /// The input scaling TFLM's `Prepare` computes; TANH uses the same record.
    public struct Parameters: Equatable, Sendable {
        /// The input zero point.
        public var inputZeroPoint: Int32
        /// `floor(15 · 2^27 / 2^inputLeftShift)`: inputs this far from the zero point saturate.
        public var inputRangeRadius: Int32
        /// Q31 significand of `inputScale · 2^27` (from `frexp`).
        public var inputMultiplier: Int32
        /// Its exponent (≥ 0).
        public var inputLeftShift: Int32

        /// Creates parameters.
        public init(inputZeroPoint: Int32, inputRangeRadius: Int32, inputMultiplier: Int32, inputLeftShift: Int32) {
            self.inputZeroPoint = inputZeroPoint
            self.inputRangeRadius = inputRangeRadius
            self.inputMultiplier = inputMultiplier
            self.inputLeftShift = inputLeftShift
        }
    }

    /// Words these parameters take in a model file.
    public static let parameterWords = 4
    /// Integer bits of the scaled input (Q4.27), for LOGISTIC and TANH alike.
    public static let inputIntegerBits: Int32 = 4

    /// TFLite's `CalculateInputRadius(4, shift, 31)` for `shift` in `0...62`, in integers: the
    /// double computation `15 · 2^27 / 2^shift` is exact, so its floor is a shift of 15.
    public static func inputRangeRadius(leftShift shift: Int32) -> Int32 {
        let scaled = Int64(15) << 27
        return Int32(truncatingIfNeeded: scaled >> Int64(min(max(shift, 0), 63)))
    }

    /// Applies the logistic function to `count` values.
    public static func run(_ p: Parameters, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int) {
        for i in 0..<count {
            let x = Int32(input[i]) &- p.inputZeroPoint
            if x <= 0 &- p.inputRangeRadius {
                output[i] = -128
                continue
            }
            if x >= p.inputRangeRadius {
                output[i] = 127
                continue
            }
            let q4 = FixedPoint.multiplyByNonNegativeQuantizedMultiplier(x, p.inputMultiplier, p.inputLeftShift)
            let q0 = FixedPoint.logistic(q4: q4)
            let value = FixedPoint.roundingDivideByPowerOfTwo(q0, 31 - 8) &- 128
            output[i] = Int8(truncatingIfNeeded: min(max(value, -128), 127))
        }
    }
}
