import EdgeRuntime

extension OperatorParameters {
    /// ADD: TFLM's `CalculateOpDataAdd`. Operands whose layout is one contiguous run get the
    /// twelve-word same-shape form; others the broadcasting form.
    func add(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let operands = try binaryOperands(op, index)
        let layout = try broadcastLayout(operands, op, index)
        let words = try additiveParameters(operands, op, index).words
        return BroadcastLayout.isSingleRun(layout) ? words : words + layout
    }

    /// The twelve words of ADD and SUB: left shift 20 and, in double, `m1 = s1 / (2·max(s1,s2))`,
    /// `m2 = s2 / (2·max(s1,s2))`, `m_out = 2·max(s1,s2) / (2^20 · s_out)`, each through
    /// `QuantizeMultiplierSmallerThanOneExp`; the fused activation as a clamp.
    func additiveParameters(_ operands: BinaryOperands, _ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> Add.Parameters {
        let (s1, s2, sOut) = (operands.q1.scale, operands.q2.scale, operands.qOut.scale)
        let leftShift: Int32 = 20
        let twiceMaximumScale = 2 * Double(max(s1, s2))
        let first = try multiplierBelowOne(Double(s1) / twiceMaximumScale, "first input", op, index)
        let second = try multiplierBelowOne(Double(s2) / twiceMaximumScale, "second input", op, index)
        let result = try multiplierBelowOne(twiceMaximumScale / (Double(1 << leftShift) * Double(sOut)), "output", op, index)
        return Add.Parameters(
            input1Offset: -operands.q1.zeroPoint, input2Offset: -operands.q2.zeroPoint, outputOffset: operands.qOut.zeroPoint,
            leftShift: leftShift, input1Multiplier: first.multiplier, input1Shift: first.shift,
            input2Multiplier: second.multiplier, input2Shift: second.shift, outputMultiplier: result.multiplier,
            outputShift: result.shift, activation: activationRange(op.options.fusedActivation, output: operands.qOut))
    }
}
