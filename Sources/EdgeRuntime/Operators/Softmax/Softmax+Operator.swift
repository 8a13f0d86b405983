extension Softmax.Parameters {
    /// The parameter words, by name.
    public enum Word: Int {
        case inputMultiplier, inputLeftShift, differenceMinimum
    }

    /// Reads the parameters from an operator's words.
    @inline(__always)
    public init(_ words: ParameterWords) {
        self.init(
            inputMultiplier: words[Word.inputMultiplier], inputLeftShift: words[Word.inputLeftShift],
            differenceMinimum: words[Word.differenceMinimum])
    }

    /// The words the model writer stores.
    public var words: [Int32] { [inputMultiplier, inputLeftShift, differenceMinimum] }
}

extension Softmax: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        let record = check.record
        try check.counts(inputs: 1...1, outputs: 1)
        let x = try check.input(0, .int8, constant: false)
        let y = try check.output(0, .int8)
        try check.shape(y.elementCount == x.elementCount && y.innermostDimension == x.innermostDimension, record.output(0))
        guard y.zeroPoint == -128 else { throw .elementTypeMismatch(operator: check.index, tensor: record.output(0)) }
        try check.parameterCount(parameterWords)
        try check.multiplier(Word.inputMultiplier, shifts: 0...30)
        try check.word(Word.differenceMinimum, in: Int32.min...0)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        let output = interpreter.model.tensor(op.output(0))
        let depth = output.innermostDimension
        run(
            Parameters(interpreter.parameters(op)), input: interpreter.int8(op.input(0)),
            output: interpreter.mutableInt8(op.output(0)), rows: output.elementCount / depth, depth: depth)
    }

    /// Every input value is read for the maximum, the exponentials and the normalisation; counted once.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.inputElementCount(0), costClass: .softmax)
    }
}
