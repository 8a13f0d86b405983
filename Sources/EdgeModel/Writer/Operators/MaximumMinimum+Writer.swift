import EdgeRuntime

extension OperatorParameters {
    /// MAXIMUM, MINIMUM: the broadcast layout only. TFLM compares the stored int8 values without
    /// requantizing, whatever the scales, so the writer requires nothing of them either.
    func maximumMinimum(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        guard op.options.fusedActivation == .none else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "a fused activation is not supported")
        }
        return try broadcastLayout(binaryOperands(op, index), op, index)
    }
}
