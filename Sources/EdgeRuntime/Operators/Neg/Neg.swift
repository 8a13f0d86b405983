/// Reference NEG for float32, as TFLM's `reference_ops::Negate`: `y = −x`, a sign flip. TFLM has no
/// int8 NEG; converters leave it as a float island between DEQUANTIZE and QUANTIZE.
public enum Neg {
    /// Words of the parameters: none.
    public static let parameterWords = 0

    /// Negates `count` floats.
    public static func run(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { output[i] = -input[i] }
    }
}
