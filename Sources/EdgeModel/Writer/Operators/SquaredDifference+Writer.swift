import EdgeRuntime

extension OperatorParameters {
    /// SQUARED_DIFFERENCE: TFLM's `PrepareQuantized` with left shift 7, in double: twice the larger
    /// input scale, the input ratios, and `twice² / (2^14 · s_out)` (a power of two times the scale is
    /// exact in float too, so the older float product gives the same words).
    func squaredDifference(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        guard op.options.fusedActivation == .none else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "a fused activation is not supported")
        }
        let operands = try binaryOperands(op, index)
        let layout = try broadcastLayout(operands, op, index)
        let (s1, s2, sOut) = (operands.q1.scale, operands.q2.scale, operands.qOut.scale)
        let leftShift: Int32 = 7
        let twiceMaximumScale = 2.0 * Double(max(s1, s2))
        let first = try multiplierBelowOne(Double(s1) / twiceMaximumScale, "first input", op, index)
        let second = try multiplierBelowOne(Double(s2) / twiceMaximumScale, "second input", op, index)
        let denominator = Double(1 << (leftShift * 2)) * Double(sOut)
        let result = try multiplier((twiceMaximumScale * twiceMaximumScale) / denominator, "output", op, index)
        return SquaredDifference.Parameters(
            input1Offset: -operands.q1.zeroPoint, input2Offset: -operands.q2.zeroPoint, outputOffset: operands.qOut.zeroPoint,
            leftShift: leftShift, input1Multiplier: first.multiplier, input1Shift: first.shift,
            input2Multiplier: second.multiplier, input2Shift: second.shift, outputMultiplier: result.multiplier,
            outputShift: result.shift
        ).words + layout
    }
}
