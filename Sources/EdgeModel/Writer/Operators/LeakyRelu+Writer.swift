import EdgeRuntime

extension OperatorParameters {
    /// LEAKY_RELU: TFLM's `CalculateOpDataLeakyRelu`: `inputScale · alpha / outputScale` and
    /// `inputScale / outputScale`, each computed in float, quantized as Q31 multipliers.
    func leakyRelu(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (x, y) = try int8Unary(op, index)
        let alpha = op.options.alpha
        guard alpha.isFinite else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "alpha \(alpha) is not finite")
        }
        let alphaMultiplier = QuantizedMultiplier(Double(x.scale * alpha / y.scale))
        let identity = QuantizedMultiplier(Double(x.scale / y.scale))
        for m in [alphaMultiplier, identity] where m.shift > 30 || m.multiplier == Int32.min {
            throw .invalidOperator(index: index, kind: op.kind, reason: "input scale · alpha / output scale is too large for a 32-bit requantization")
        }
        return LeakyRelu.Parameters(
            inputZeroPoint: x.zeroPoint, outputZeroPoint: y.zeroPoint, alphaMultiplier: alphaMultiplier.multiplier,
            alphaShift: alphaMultiplier.shift, identityMultiplier: identity.multiplier, identityShift: identity.shift
        ).words
    }
}
