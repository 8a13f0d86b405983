/// Reference DEQUANTIZE: int8 to float32, `scale · (x − zeroPoint)` computed in double precision
/// as TFLite's reference kernel does, then rounded to float.
public enum Dequantize {
    /// Words of the parameters: scale (float bits), zero point.
    public static let parameterWords = 2

    /// Dequantizes `count` values.
    public static func run(scale: Float, zeroPoint: Int32, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Float>, count: Int) {
        let wideScale = Double(scale)
        for i in 0..<count {
            output[i] = Float(wideScale * Double(Int32(input[i]) - zeroPoint))
        }
    }
}
