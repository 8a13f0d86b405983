import EdgeRuntime

extension OperatorParameters {
    /// RELU: TFLM's `CalculateReluOpData<int8_t>`: the multiplier of `inputScale / outputScale`
    /// (divided in float) and the clamp `[max(−128, zp + round(0 / s)), 127]`.
    func relu(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (x, y) = try int8Unary(op, index)
        let m = QuantizedMultiplier(Double(x.scale / y.scale))
        guard m.shift <= 30 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "input scale / output scale is too large for a 32-bit requantization")
        }
        let zero: Float = 0
        let minimum = max(-128, y.zeroPoint + Int32((zero / y.scale).rounded(.toNearestOrAwayFromZero)))
        return Relu.Parameters(
            inputZeroPoint: x.zeroPoint, outputZeroPoint: y.zeroPoint, multiplier: m.multiplier, shift: m.shift,
            activation: ActivationRange(minimum: minimum, maximum: 127)
        ).words
    }
}
