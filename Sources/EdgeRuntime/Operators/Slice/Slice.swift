/// SLICE: one strided copy from the constant begin, of the output's size (TFLM's reference_ops::Slice).
public enum Slice: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try CopyProgram.validateOperator(check, inputs: 3...3, outputs: 1...1, data: 0..<1)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        CopyProgram.run(op, in: interpreter)
    }

    /// One element moved per output element.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        CopyProgram.work(of: operands)
    }
}
