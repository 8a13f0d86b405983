/// Reference int8 RSQRT, `1/√x`, bit-exact with TFLM's `RsqrtEvalQuantized<int8_t>`: for
/// `v = x − inputZeroPoint`, TFLite's fixed-point inverse square root of `v` (five Newton–Raphson
/// steps) is taken to `2^20 / √v`, then requantized by the multiplier of
/// `1 / (√inputScale · outputScale)` with 20 more bits of right shift; `v = 0` gives 127.
///
/// TFLM stops with an error on the first input below the zero point. This kernel cannot fail while
/// running, so it computes those as TFLite's arithmetic does without the check (as for `v = 1`).
public enum Rsqrt {
    /// The requantization TFLM's `PrepareAbsRsqrt` computes, and the zero points.
    public struct Parameters: Equatable, Sendable {
        /// The input zero point.
        public var inputZeroPoint: Int32
        /// The output zero point.
        public var outputZeroPoint: Int32
        /// Q31 multiplier of `1 / (√inputScale · outputScale)`.
        public var multiplier: Int32
        /// Its shift (`-11...50`, so that `shift − 20` is a valid shift).
        public var shift: Int32

        /// Creates parameters.
        public init(inputZeroPoint: Int32, outputZeroPoint: Int32, multiplier: Int32, shift: Int32) {
            self.inputZeroPoint = inputZeroPoint
            self.outputZeroPoint = outputZeroPoint
            self.multiplier = multiplier
            self.shift = shift
        }
    }

    /// Words these parameters take in a model file.
    public static let parameterWords = 4
    /// The extra bits TFLM keeps between the two multiplications.
    public static let intermediateShift: Int32 = 20
    /// The shifts the stored multiplier may have.
    public static let shifts: ClosedRange<Int32> = (-31 + intermediateShift)...(30 + intermediateShift)

    /// Applies the inverse square root to `count` values.
    public static func run(_ p: Parameters, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int) {
        for i in 0..<count {
            let value = Int32(input[i]) &- p.inputZeroPoint
            if value == 0 {
                output[i] = 127
                continue
            }
            let inverse = FixedPoint.inverseSquareRoot(value)
            let scaled = FixedPoint.multiplyByQuantizedMultiplier(1, inverse.multiplier, inverse.shift &+ intermediateShift)
            let result = FixedPoint.multiplyByNonNegativeQuantizedMultiplier(scaled, p.multiplier, p.shift &- intermediateShift)
                &+ p.outputZeroPoint
            output[i] = Int8(truncatingIfNeeded: min(max(result, -128), 127))
        }
    }
}
