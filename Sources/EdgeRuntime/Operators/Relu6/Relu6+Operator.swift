extension Relu6.Parameters {
    /// The parameter words, by name.
    public enum Word: Int {
        case zero, six
    }

    /// Reads the parameters from an operator's words.
    @inline(__always)
    public init(_ words: ParameterWords) {
        self.init(zero: words[Word.zero], six: words[Word.six])
    }

    /// The words the model writer stores.
    public var words: [Int32] { [zero, six] }
}

extension Relu6: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try check.unary(.int8, .int8)
        try check.parameterCount(parameterWords)
        // Both in int8 and `zero ≤ six`, as TFLM's `Prepare` guarantees for a positive scale.
        try check.activation(Parameters.Word.zero)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        run(
            Parameters(interpreter.parameters(op)), input: interpreter.int8(op.input(0)),
            output: interpreter.mutableInt8(op.output(0)), count: interpreter.model.tensor(op.output(0)).elementCount)
    }

    /// One clamp per value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .dataMovement)
    }
}
