import EdgeRuntime

extension OperatorParameters {
    /// NEG: float32 only, as in TFLM (no words).
    func neg(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let input = try tensor(op, input: 0, index)
        let out = try output(op, index)
        guard input.elementType == .float32, out.elementType == .float32 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "TFLM's NEG is float32 only (input \(input.elementType), output \(out.elementType))")
        }
        return []
    }
}
