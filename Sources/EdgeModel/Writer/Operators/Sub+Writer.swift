import EdgeRuntime

extension OperatorParameters {
    /// SUB: TFLM's `CalculateOpDataSub`, ADD's words computed **in float** as TFLM does: twice the
    /// larger input scale, both input ratios and the output ratio are float, widened to double only
    /// for `QuantizeMultiplierSmallerThanOneExp`.
    func sub(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let operands = try binaryOperands(op, index)
        let layout = try broadcastLayout(operands, op, index)
        let (s1, s2, sOut) = (operands.q1.scale, operands.q2.scale, operands.qOut.scale)
        let leftShift: Int32 = 20
        let twiceMaximumScale: Float = 2 * max(s1, s2)
        let first = try multiplierBelowOne(Double(s1 / twiceMaximumScale), "first input", op, index)
        let second = try multiplierBelowOne(Double(s2 / twiceMaximumScale), "second input", op, index)
        let result = try multiplierBelowOne(Double(twiceMaximumScale / (Float(1 << leftShift) * sOut)), "output", op, index)
        return Sub.Parameters(
            input1Offset: -operands.q1.zeroPoint, input2Offset: -operands.q2.zeroPoint, outputOffset: operands.qOut.zeroPoint,
            leftShift: leftShift, input1Multiplier: first.multiplier, input1Shift: first.shift,
            input2Multiplier: second.multiplier, input2Shift: second.shift, outputMultiplier: result.multiplier,
            outputShift: result.shift, activation: activationRange(op.options.fusedActivation, output: operands.qOut)
        ).words + layout
    }
}
