import EdgeRuntime

extension OperatorParameters {
    /// PRELU: TFLM's `CalculatePreluParams`, `double(s_in) / double(s_out)` and
    /// `double(s_in) · double(s_α) / double(s_out)` through `QuantizeMultiplier`; the layout takes the
    /// input first and the slope second.
    func prelu(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let operands = try binaryOperands(op, index)
        let layout = try broadcastLayout(operands, op, index)
        let (sIn, sAlpha, sOut) = (Double(operands.q1.scale), Double(operands.q2.scale), Double(operands.qOut.scale))
        let identity = try multiplier(sIn / sOut, "identity", op, index)
        let slope = try multiplier(sIn * sAlpha / sOut, "slope", op, index)
        return Prelu.Parameters(
            inputOffset: -operands.q1.zeroPoint, alphaOffset: -operands.q2.zeroPoint, outputOffset: operands.qOut.zeroPoint,
            identityMultiplier: identity.multiplier, identityShift: identity.shift, slopeMultiplier: slope.multiplier,
            slopeShift: slope.shift
        ).words + layout
    }
}
