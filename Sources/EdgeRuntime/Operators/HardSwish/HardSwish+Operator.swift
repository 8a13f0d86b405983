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

    /// The words the model writer stores (it appends the ``ByteTable`` of ``value(of:)``).
    public var words: [Int32] {
        [inputZeroPoint, outputZeroPoint, outputMultiplier, outputExponent, reluishMultiplier, reluishExponent]
    }

    /// The reference kernel's output for one input value.
    public func value(of input: Int8) -> Int8 {
        var x = input
        var y: Int8 = 0
        HardSwish.run(self, input: &x, output: &y, count: 1)
        return y
    }
}

extension HardSwish: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        try check.unary(.int8, .int8)
        // The parameters alone, or followed by their table.
        let hasTable = check.record.parameterCount > parameterWords
        try check.parameterCount(hasTable ? parameterWords + ByteTable.wordCount : parameterWords)
        try check.zeroPoint(Word.inputZeroPoint)
        try check.zeroPoint(Word.outputZeroPoint)
        try check.word(Word.outputMultiplier, in: 0...32767)
        try check.word(Word.outputExponent, in: -31...0)
        try check.word(Word.reluishMultiplier, in: 0...32767)
        try check.word(Word.reluishExponent, in: -31...31)
        if hasTable {
            let p = Parameters(ParameterWords(start: check.parameterStart, count: parameterWords))
            try ByteTable.validate(check, at: parameterWords) { p.value(of: $0) }
        }
    }

    /// With the writer's table (``ByteTable``), one load per value; else the reference kernel.
    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        let words = interpreter.parameters(op)
        let count = interpreter.model.tensor(op.output(0)).elementCount
        if words.count > parameterWords {
            ByteTable.run(words.address(parameterWords), input: interpreter.int8(op.input(0)), output: interpreter.mutableInt8(op.output(0)), count: count)
        } else {
            run(Parameters(words), input: interpreter.int8(op.input(0)), output: interpreter.mutableInt8(op.output(0)), count: count)
        }
    }

    /// Three 16-bit multiplies and a few shifts per value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .elementwise)
    }
}
