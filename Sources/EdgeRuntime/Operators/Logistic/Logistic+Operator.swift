extension Logistic.Parameters {
    /// The parameter words, by name.
    public enum Word: Int {
        case inputZeroPoint, inputRangeRadius, inputMultiplier, inputLeftShift
    }

    /// Reads the parameters from an operator's words.
    @inline(__always)
    public init(_ words: ParameterWords) {
        self.init(
            inputZeroPoint: words[Word.inputZeroPoint], inputRangeRadius: words[Word.inputRangeRadius],
            inputMultiplier: words[Word.inputMultiplier], inputLeftShift: words[Word.inputLeftShift])
    }

    /// The words the model writer stores.
    public var words: [Int32] { [inputZeroPoint, inputRangeRadius, inputMultiplier, inputLeftShift] }
}

extension Logistic: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        let (_, y) = try check.unary(.int8, .int8)
        guard y.zeroPoint == -128 else { throw .elementTypeMismatch(operator: check.index, tensor: check.record.output(0)) }
        try validateInputScaling(check)
    }

    /// The four words LOGISTIC and TANH share. A radius above zero bounds the scaled input below
    /// 15 · 2^27 and implies a shift of at most 30, so the multiply cannot overflow.
    static func validateInputScaling(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        try check.parameterCount(parameterWords)
        try check.zeroPoint(Word.inputZeroPoint)
        try check.word(Word.inputMultiplier, in: 0...Int32.max)
        try check.word(Word.inputLeftShift, in: 0...62)
        let shift = check.record.parameter(Word.inputLeftShift.rawValue)
        let radius = inputRangeRadius(leftShift: shift)
        try check.word(Word.inputRangeRadius, in: radius...radius)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        run(
            Parameters(interpreter.parameters(op)), input: interpreter.int8(op.input(0)),
            output: interpreter.mutableInt8(op.output(0)), count: interpreter.model.tensor(op.output(0)).elementCount)
    }

    /// One fixed-point exponential and reciprocal per value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .softmax)
    }
}
