import EdgeRuntime

extension OperatorParameters {
    /// ADD: TFLM's `CalculateOpDataAdd` (left shift 20, the multipliers in double). Operands whose
    /// layout is one contiguous run get the twelve-word same-shape form; others the broadcasting form.
    func add(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let operands = try binaryOperands(op, index)
        let layout = try broadcastLayout(operands, op, index)
        let (s1, s2, sOut) = (operands.q1.scale, operands.q2.scale, operands.qOut.scale)
        let leftShift: Int32 = 20
        let twiceMaximumScale = 2 * Double(max(s1, s2))
        let first = try multiplierBelowOne(Double(s1) / twiceMaximumScale, "first input", op, index)
        let second = try multiplierBelowOne(Double(s2) / twiceMaximumScale, "second input", op, index)
        let result = try multiplierBelowOne(twiceMaximumScale / (Double(1 << leftShift) * Double(sOut)), "output", op, index)
        let words = Add.Parameters(
            input1Offset: -operands.q1.zeroPoint, input2Offset: -operands.q2.zeroPoint, outputOffset: operands.qOut.zeroPoint,
            leftShift: leftShift, input1Multiplier: first.multiplier, input1Shift: first.shift,
            input2Multiplier: second.multiplier, input2Shift: second.shift, outputMultiplier: result.multiplier,
            outputShift: result.shift, activation: activationRange(op.options.fusedActivation, output: operands.qOut)
        ).words
        return BroadcastLayout.isSingleRun(layout) ? words : words + layout
    }
}
