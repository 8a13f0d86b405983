import EdgeRuntime

extension OperatorParameters {
    /// HARD_SWISH: TFLM's `HardSwishPrepare`. The scales are divided in float, the quotients
    /// quantized as Q31 multipliers and rounded to 16 bits (`DownScaleInt32ToInt16Multiplier`).
    func hardSwish(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (x, y) = try int8Unary(op, index)
        let highResolutionInputScale: Float = (1.0 / 128.0) * x.scale
        let reluishScale: Float = 3.0 / 32768.0
        let output = QuantizedMultiplier(Double(highResolutionInputScale / y.scale))
        let reluish = QuantizedMultiplier(Double(highResolutionInputScale / reluishScale))
        guard output.shift <= 0 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "output scale \(y.scale) is below input scale / 128 (TFLM requires a right shift)")
        }
        guard reluish.shift <= 31 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "input scale \(x.scale) is too large for the 16-bit relu-ish shift")
        }
        let parameters = HardSwish.Parameters(
            inputZeroPoint: x.zeroPoint, outputZeroPoint: y.zeroPoint,
            outputMultiplier: Self.int16Multiplier(output.multiplier), outputExponent: output.shift,
            reluishMultiplier: Self.int16Multiplier(reluish.multiplier), reluishExponent: reluish.shift)
        // The reference kernel's outputs for all 256 inputs, so the device does one load per value.
        return parameters.words + ByteTable.words { parameters.value(of: $0) }
    }

    /// TFLite's `DownScaleInt32ToInt16Multiplier`: the top 16 bits of a non-negative Q31 multiplier,
    /// rounded, saturating at 32767.
    static func int16Multiplier(_ multiplier: Int32) -> Int32 {
        let roundingOffset: Int32 = 1 << 15
        if multiplier >= Int32.max - roundingOffset { return Int32(Int16.max) }
        return (multiplier + roundingOffset) >> 16
    }
}
