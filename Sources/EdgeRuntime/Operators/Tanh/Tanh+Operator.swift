extension Tanh: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try check.unary(.int8, .int8)
        try Logistic.validateInputScaling(check)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        run(
            Parameters(interpreter.parameters(op)), input: interpreter.int8(op.input(0)),
            output: interpreter.mutableInt8(op.output(0)), count: interpreter.model.tensor(op.output(0)).elementCount)
    }

    /// One fixed-point exponential and division per value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .softmax)
    }
}
