import EdgeRuntime

extension OperatorParameters {
    /// SUB: TFLM's `CalculateOpDataSub`, ADD's twelve words computed as ADD computes them (in double),
    /// then the layout.
    ///
    /// TFLM's source at 90b983c (August 2026) takes twice the larger scale and the three ratios in
    /// float; the TFLM this runtime matches (the `tflite_micro` package built from 8f6596d, October
    /// 2026) computes them in double, exactly like ADD, and its outputs differ from the float words'
    /// on scale triples such as (0.004021982, 0.37108648, 0.35879946).
    func sub(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let operands = try binaryOperands(op, index)
        let layout = try broadcastLayout(operands, op, index)
        return try additiveParameters(operands, op, index).words + layout
    }
}
