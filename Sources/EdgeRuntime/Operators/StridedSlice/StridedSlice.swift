/// STRIDED_SLICE: one strided copy whose starts and steps the writer resolves with TFLM's StridedSliceStartForAxis and StridedSliceEndForAxis (begin, end and shrink masks, offset; TFLM ignores the ellipsis and new-axis masks, so files using them are refused at import).
public enum StridedSlice: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try CopyProgram.validateOperator(check, inputs: 4...4, outputs: 1...1, data: 0..<1)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        CopyProgram.run(op, in: interpreter)
    }

    /// One element moved per output element.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        CopyProgram.work(of: operands)
    }
}
