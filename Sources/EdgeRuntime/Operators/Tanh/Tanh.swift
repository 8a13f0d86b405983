/// Reference int8 TANH, bit-exact with TFLM's `reference_integer_ops::Tanh`: the input scaling of
/// LOGISTIC (radius, Q4.27 multiplier), gemmlowp's fixed-point tanh (Q0.31), rounded to 1/128
/// steps around zero. The output's scale and zero point are not read: TFLM writes `round(128 · tanh)`
/// clamped to int8 whatever the output tensor says.
public enum Tanh {
    /// The same four words as LOGISTIC: input zero point, range radius, multiplier, left shift.
    public typealias Parameters = Logistic.Parameters

    /// Words these parameters take in a model file.
    public static let parameterWords = Logistic.parameterWords

    /// Applies tanh to `count` values.
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
            let value = FixedPoint.roundingDivideByPowerOfTwo(FixedPoint.tanh(q4: q4), 31 - 7)
            output[i] = Int8(truncatingIfNeeded: min(max(value, -128), 127))
        }
    }
}
