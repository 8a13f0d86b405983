import EdgeRuntime

extension OperatorParameters {
    /// TANH: TFLM's `CalculateArithmeticOpData` for int8, the same input scaling as LOGISTIC. TFLM
    /// reads neither the output scale nor its zero point (it writes `round(128 · tanh)`).
    func tanh(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (x, _) = try int8Unary(op, index)
        return try sigmoidInputScaling(x, op, index).words
    }
}
