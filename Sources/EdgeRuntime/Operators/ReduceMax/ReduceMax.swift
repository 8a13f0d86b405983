/// Int8 REDUCE_MAX over any axes, as TFLM's `ReduceGeneric` with the maximum: input and output share
/// scale and zero point (TFLM requires it), so the raw values are compared. The words are a
/// ``ReductionLayout`` alone.
public enum ReduceMax: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        let record = check.record
        try check.counts(inputs: 1...2, outputs: 1)
        let x = try check.input(0, .int8, constant: false)
        let y = try check.output(0, .int8)
        try check.sameQuantization(record.input(0), as: record.output(0))
        try check.parameterCount(ReductionLayout.wordCount)
        try ReductionLayout.validate(check, at: 0, count: nil, input: x, output: y)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        run(layout: interpreter.parameters(op).start, input: interpreter.int8(op.input(0)), output: interpreter.mutableInt8(op.output(0)))
    }

    /// `output[o] = max` of each output's reduced values.
    public static func run(layout: UnsafePointer<Int32>, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        ReductionLayout.forEachOutput(layout) { index, base in
            var largest = Int8.min
            ReductionLayout.forEachReduced(layout, base: base) { largest = max(largest, input[$0]) }
            output[index] = largest
        }
    }

    /// One comparison per input value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.inputElementCount(0), costClass: .pooling)
    }
}
