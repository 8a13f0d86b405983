/// PAD: the output filled with the output's zero point, the input copied into it at its padding offsets (TFLM's reference_ops::Pad; int8 input and output share quantization). The constant paddings input was read by the writer.
public enum Pad: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try CopyProgram.validateOperator(check, inputs: 2...2, outputs: 1...1, data: 0..<1)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        CopyProgram.run(op, in: interpreter)
    }

    /// One element moved per output element.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        CopyProgram.work(of: operands)
    }
}
