/// CONCATENATION: inputs joined along one axis, as TFLM's `reference_ops::Concatenation` does it. Int8
/// inputs must share the output's scale and zero point (TFLM requires it), so the bytes are copied
/// unchanged: a copy program (``CopyProgram``) with one strided copy per input, which the writer
/// computes from the shapes and the axis.
public enum Concatenation: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try CopyProgram.validateOperator(check, inputs: 1...4096, outputs: 1...1, data: 0..<check.record.inputCount)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        CopyProgram.run(op, in: interpreter)
    }

    /// One element moved per output element.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        CopyProgram.work(of: operands)
    }
}
