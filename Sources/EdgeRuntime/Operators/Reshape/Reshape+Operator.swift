extension Reshape: OperatorImplementation {
    /// An arena input of the same element type and byte count; an optional second input (the shape
    /// vector TFLite keeps) is not read. No parameter words.
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        let record = check.record
        try check.counts(inputs: 1...2, outputs: 1)
        let source = check.model.tensor(record.input(0))
        let y = check.model.tensor(record.output(0))
        guard source.storage == .arena, y.elementType == source.elementType else {
            throw .elementTypeMismatch(operator: check.index, tensor: record.output(0))
        }
        try check.shape(y.byteCount == source.byteCount, record.output(0))
        try check.parameterCount(0)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        run(
            input: interpreter.address(ofTensor: op.input(0)), output: interpreter.mutableAddress(op.output(0)),
            byteCount: interpreter.model.tensor(op.output(0)).byteCount)
    }

    /// Nothing: the output aliases the input's bytes.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(aliasesInput: true, costClass: .dataMovement)
    }
}
