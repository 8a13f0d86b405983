extension Tanh: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try check.unary(.int8, .int8)
        try Logistic.validateInputScaling(check)
        try Logistic.validateTable(check) { p, x in value(p, of: x) }
    }

    /// The reference kernel's output for one input value.
    public static func value(_ p: Parameters, of input: Int8) -> Int8 {
        var x = input
        var y: Int8 = 0
        run(p, input: &x, output: &y, count: 1)
        return y
    }

    /// With the writer's table, one load per value; else the reference kernel.
    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        let words = interpreter.parameters(op)
        let count = interpreter.model.tensor(op.output(0)).elementCount
        if words.count > parameterWords {
            ByteTable.run(words.address(parameterWords), input: interpreter.int8(op.input(0)), output: interpreter.mutableInt8(op.output(0)), count: count)
        } else {
            run(Parameters(words), input: interpreter.int8(op.input(0)), output: interpreter.mutableInt8(op.output(0)), count: count)
        }
    }

    /// One fixed-point exponential and division per value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .softmax)
    }
}
