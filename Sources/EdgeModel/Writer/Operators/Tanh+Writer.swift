import EdgeRuntime

extension OperatorParameters {
    /// TANH: TFLM's `CalculateArithmeticOpData` for int8, the same input scaling as LOGISTIC. TFLM
    /// reads neither the output scale nor its zero point (it writes `round(128 · tanh)`).
    func tanh(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let (x, _) = try int8Unary(op, index)
        let parameters = try sigmoidInputScaling(x, op, index)
        // The reference kernel's outputs for all 256 inputs, so the device does one load per value.
        return parameters.words + ByteTable.words { Tanh.value(parameters, of: $0) }
    }
}
