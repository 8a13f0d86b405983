/// PADV2: PAD with the fill value taken from the constant third input (which must share the output's quantization, as TFLM requires); the writer stores it in the copy program.
public enum PadV2: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try CopyProgram.validateOperator(check, inputs: 2...3, outputs: 1...1, data: 0..<1)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        CopyProgram.run(op, in: interpreter)
    }

    /// One element moved per output element.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        CopyProgram.work(of: operands)
    }
}
