import EdgeRuntime

extension OperatorParameters {
    /// RELU6: TFLM's `Relu6Prepare` for int8: `zero` is the input zero point, `six` is
    /// `FloatToQuantizedType<int8_t>(6, inputScale, inputZeroPoint)` = `clamp(round(6 / s) + zp)`
    /// with the division in float. The output's quantization is not used (TFLM clamps the input bytes).
    func relu6(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (x, _) = try int8Unary(op, index)
        let six: Float = 6
        // TFLM converts the double sum to int32; beyond int32 that is undefined, and Arm saturates.
        let quantized = Double((six / x.scale).rounded(.toNearestOrAwayFromZero)) + Double(x.zeroPoint)
        let saturated = quantized.isNaN ? 0 : Int32(clamping: Int64(min(max(quantized, -9.0e18), 9.0e18)))
        return Relu6.Parameters(zero: x.zeroPoint, six: min(max(saturated, -128), 127)).words
    }
}
