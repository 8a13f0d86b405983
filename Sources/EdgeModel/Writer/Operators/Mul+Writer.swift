import EdgeRuntime

extension OperatorParameters {
    /// MUL: TFLM's `CalculateOpDataMul`, one multiplier `double(s1) · double(s2) / double(s_out)`
    /// through `QuantizeMultiplier` (it may exceed one), and the fused activation as a clamp.
    func mul(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let operands = try binaryOperands(op, index)
        let layout = try broadcastLayout(operands, op, index)
        let real = Double(operands.q1.scale) * Double(operands.q2.scale) / Double(operands.qOut.scale)
        let m = try multiplier(real, "output", op, index)
        return Mul.Parameters(
            input1Offset: -operands.q1.zeroPoint, input2Offset: -operands.q2.zeroPoint, outputOffset: operands.qOut.zeroPoint,
            outputMultiplier: m.multiplier, outputShift: m.shift,
            activation: activationRange(op.options.fusedActivation, output: operands.qOut)
        ).words + layout
    }
}
