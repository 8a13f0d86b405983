/// Reference QUANTIZE: float32 to int8 as TFLite's `AffineQuantize` does it,
/// `clamp(round(x / scale) + zeroPoint)` with rounding half away from zero; and int8 to int8
/// requantization, `clamp(requantize(x − inputZeroPoint) + outputZeroPoint)`.
public enum Quantize {
    /// Words of the float-to-int8 form: scale (float bits), zero point.
    public static let floatParameterWords = 2
    /// Words of the int8 requantization form: input zero point, output zero point, multiplier, shift.
    public static let requantizeParameterWords = 4

    /// Quantizes `count` floats.
    public static func run(scale: Float, zeroPoint: Int32, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Int8>, count: Int) {
        for i in 0..<count {
            let rounded = (input[i] / scale).rounded()
            let value: Int32
            if rounded.isNaN {
                value = zeroPoint
            } else {
                let clampedFloat = min(max(rounded, -2_147_483_648), 2_147_483_520)
                value = Int32(clampedFloat) &+ zeroPoint
            }
            output[i] = Int8(truncatingIfNeeded: min(max(value, -128), 127))
        }
    }

    /// Requantizes `count` int8 values from one scale to another. `multiplier` is non-negative and
    /// `shift` in `-31...30`, as model validation requires.
    public static func requantize(
        inputZeroPoint: Int32, outputZeroPoint: Int32, multiplier: Int32, shift: Int32,
        input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int
    ) {
        for i in 0..<count {
            let value = FixedPoint.multiplyByNonNegativeQuantizedMultiplier(Int32(input[i]) &- inputZeroPoint, multiplier, shift) &+ outputZeroPoint
            output[i] = Int8(truncatingIfNeeded: min(max(value, -128), 127))
        }
    }
}
