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
        try validateTable(check) { p, x in value(p, of: x) }
    }

    /// The reference kernel's output for one input value.
    public static func value(_ p: Parameters, of input: Int8) -> Int8 {
        var x = input
        var y: Int8 = 0
        run(p, input: &x, output: &y, count: 1)
        return y
    }

    /// When the writer appended a ``ByteTable``: every entry equals `reference` (LOGISTIC's or TANH's kernel).
    static func validateTable(_ check: OperatorValidation, reference: (Parameters, Int8) -> Int8) throws(ModelError) {
        guard check.record.parameterCount > parameterWords else { return }
        let p = Parameters(ParameterWords(start: check.parameterStart, count: parameterWords))
        try ByteTable.validate(check, at: parameterWords) { reference(p, $0) }
    }

    /// The four words LOGISTIC and TANH share. A radius above zero bounds the scaled input below
    /// 15 · 2^27 and implies a shift of at most 30, so the multiply cannot overflow.
    static func validateInputScaling(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        // The four words alone, or followed by the writer's table of the kernel (``ByteTable``).
        let hasTable = check.record.parameterCount > parameterWords
        try check.parameterCount(hasTable ? parameterWords + ByteTable.wordCount : parameterWords)
        try check.zeroPoint(Word.inputZeroPoint)
        try check.word(Word.inputMultiplier, in: 0...Int32.max)
        try check.word(Word.inputLeftShift, in: 0...62)
        let shift = check.record.parameter(Word.inputLeftShift.rawValue)
        let radius = inputRangeRadius(leftShift: shift)
        try check.word(Word.inputRangeRadius, in: radius...radius)
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

    /// One fixed-point exponential and reciprocal per value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .softmax)
    }
}
