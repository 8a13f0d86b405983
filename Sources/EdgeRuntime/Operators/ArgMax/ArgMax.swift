/// ARG_MAX of int8 values along one axis into int32 indices, as TFLM's `reference_ops::ArgMinMax`
/// with `std::greater`: the first largest value wins. The words are a ``ReductionLayout`` whose one
/// reduced axis is the arg-max axis.
public enum ArgMax: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try check.counts(inputs: 1...2, outputs: 1)
        let x = try check.input(0, .int8, constant: false)
        let y = try check.output(0, .int32)
        try check.parameterCount(ReductionLayout.wordCount)
        try ReductionLayout.validate(check, at: 0, count: nil, input: x, output: y)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        run(
            layout: interpreter.parameters(op).start, input: interpreter.int8(op.input(0)),
            output: interpreter.mutableAddress(op.output(0)).assumingMemoryBound(to: Int32.self))
    }

    /// `output[o]` = the position of the first largest of output `o`'s values along the axis.
    public static func run(layout: UnsafePointer<Int32>, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int32>) {
        ReductionLayout.forEachOutput(layout) { index, base in
            var largest = Int8.min
            var position: Int32 = 0
            var best: Int32 = 0
            ReductionLayout.forEachReduced(layout, base: base) { offset in
                if position == 0 || input[offset] > largest {
                    largest = input[offset]
                    best = position
                }
                position &+= 1
            }
            output[index] = best
        }
    }

    /// One comparison per input value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.inputElementCount(0), costClass: .pooling)
    }
}
