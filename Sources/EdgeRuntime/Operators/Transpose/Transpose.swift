/// TRANSPOSE up to rank 6: one strided copy whose source strides follow the constant permutation (TFLM's reference_ops::Transpose, which stops at rank 5 in TFLM and at 4 in CMSIS-NN).
public enum Transpose: OperatorImplementation {
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
