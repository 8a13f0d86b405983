/// GATHER with constant indices (input 1), as TFLM's `reference_ops::Gather` with `batch_dims` 0:
/// the slices of the input at the indices, along the axis. The writer checks every index and turns
/// each into one strided copy of a ``CopyProgram``; indices computed at run time are refused at import.
public enum Gather: OperatorImplementation {
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
