extension Relu.Parameters {
    /// The parameter words, by name.
    public enum Word: Int {
        case inputZeroPoint, outputZeroPoint, multiplier, shift, activationMinimum, activationMaximum
    }

    /// Reads the parameters from an operator's words.
    @inline(__always)
    public init(_ words: ParameterWords) {
        self.init(
            inputZeroPoint: words[Word.inputZeroPoint], outputZeroPoint: words[Word.outputZeroPoint],
            multiplier: words[Word.multiplier], shift: words[Word.shift],
            activation: ActivationRange(words, at: Word.activationMinimum.rawValue))
    }

    /// The words the model writer stores.
    public var words: [Int32] { [inputZeroPoint, outputZeroPoint, multiplier, shift] + activation.words }
}

extension Relu: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        try check.unary(.int8, .int8)
        try check.parameterCount(parameterWords)
        try check.zeroPoint(Word.inputZeroPoint)
        try check.zeroPoint(Word.outputZeroPoint)
        try check.multiplier(Word.multiplier, shifts: -31...30)
        try check.activation(Word.activationMinimum)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        run(
            Parameters(interpreter.parameters(op)), input: interpreter.int8(op.input(0)),
            output: interpreter.mutableInt8(op.output(0)), count: interpreter.model.tensor(op.output(0)).elementCount)
    }

    /// One requantization per value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .elementwise)
    }
}
