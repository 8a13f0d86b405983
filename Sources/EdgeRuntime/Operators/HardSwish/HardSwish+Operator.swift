extension HardSwish.Parameters {
    /// The parameter words, by name.
    public enum Word: Int {
        case inputZeroPoint, outputZeroPoint, outputMultiplier, outputExponent, reluishMultiplier, reluishExponent
    }

    /// Reads the parameters from an operator's words.
    @inline(__always)
    public init(_ words: ParameterWords) {
        self.init(
            inputZeroPoint: words[Word.inputZeroPoint], outputZeroPoint: words[Word.outputZeroPoint],
            outputMultiplier: words[Word.outputMultiplier], outputExponent: words[Word.outputExponent],
            reluishMultiplier: words[Word.reluishMultiplier], reluishExponent: words[Word.reluishExponent])
    }

    /// The words the model writer stores.
    public var words: [Int32] {
        [inputZeroPoint, outputZeroPoint, outputMultiplier, outputExponent, reluishMultiplier, reluishExponent]
    }
}

extension HardSwish: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        try check.unary(.int8, .int8)
        try check.parameterCount(parameterWords)
        try check.zeroPoint(Word.inputZeroPoint)
        try check.zeroPoint(Word.outputZeroPoint)
        try check.word(Word.outputMultiplier, in: 0...32767)
        try check.word(Word.outputExponent, in: -31...0)
        try check.word(Word.reluishMultiplier, in: 0...32767)
        try check.word(Word.reluishExponent, in: -31...31)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        run(
            Parameters(interpreter.parameters(op)), input: interpreter.int8(op.input(0)),
            output: interpreter.mutableInt8(op.output(0)), count: interpreter.model.tensor(op.output(0)).elementCount)
    }

    /// Three 16-bit multiplies and a few shifts per value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .elementwise)
    }
}
