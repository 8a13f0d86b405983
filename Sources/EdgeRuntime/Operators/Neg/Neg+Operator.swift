extension Neg: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try check.unary(.float32, .float32)
        try check.parameterCount(parameterWords)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        run(
            input: interpreter.address(ofTensor: op.input(0)).assumingMemoryBound(to: Float.self),
            output: interpreter.mutableAddress(op.output(0)).assumingMemoryBound(to: Float.self),
            count: interpreter.model.tensor(op.output(0)).elementCount)
    }

    /// One sign flip per value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .dataMovement)
    }
}
