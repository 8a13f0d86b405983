extension Add.Parameters {
    /// The parameter words, by name.
    public enum Word: Int {
        case input1Offset, input2Offset, outputOffset, leftShift, input1Multiplier, input1Shift
        case input2Multiplier, input2Shift, outputMultiplier, outputShift, activationMinimum, activationMaximum
    }

    /// Reads the parameters from an operator's words.
    @inline(__always)
    public init(_ words: ParameterWords) {
        self.init(
            input1Offset: words[Word.input1Offset], input2Offset: words[Word.input2Offset],
            outputOffset: words[Word.outputOffset], leftShift: words[Word.leftShift],
            input1Multiplier: words[Word.input1Multiplier], input1Shift: words[Word.input1Shift],
            input2Multiplier: words[Word.input2Multiplier], input2Shift: words[Word.input2Shift],
            outputMultiplier: words[Word.outputMultiplier], outputShift: words[Word.outputShift],
            activation: ActivationRange(words, at: Word.activationMinimum.rawValue))
    }

    /// The words the model writer stores.
    public var words: [Int32] {
        [input1Offset, input2Offset, outputOffset, leftShift, input1Multiplier, input1Shift, input2Multiplier,
         input2Shift, outputMultiplier, outputShift] + activation.words
    }
}

extension Add: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        let record = check.record
        try check.counts(inputs: 2...2, outputs: 1)
        let a = try check.input(0, .int8, constant: false)
        let b = try check.input(1, .int8, constant: false)
        let y = try check.output(0, .int8)
        try check.shape(b.elementCount == a.elementCount, record.input(1))
        try check.shape(y.elementCount == a.elementCount, record.output(0))
        try check.parameterCount(parameterWords)
        try check.zeroPointOffset(Word.input1Offset)
        try check.zeroPointOffset(Word.input2Offset)
        try check.zeroPointOffset(Word.outputOffset)
        try check.word(Word.leftShift, in: 0...24)
        try check.multiplier(Word.input1Multiplier, shifts: -31...0)
        try check.multiplier(Word.input2Multiplier, shifts: -31...0)
        try check.multiplier(Word.outputMultiplier, shifts: -31...0)
        try check.activation(Word.activationMinimum)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        let p = Parameters(interpreter.parameters(op))
        let count = interpreter.model.tensor(op.output(0)).elementCount
        #if arch(arm) && EDGE_ARM_DSP
        runPacked(
            p, first: interpreter.int8(op.input(0)), second: interpreter.int8(op.input(1)),
            output: interpreter.mutableInt8(op.output(0)), count: count)
        #else
        run(
            p, first: interpreter.int8(op.input(0)), second: interpreter.int8(op.input(1)),
            output: interpreter.mutableInt8(op.output(0)), count: count)
        #endif
    }

    /// Two scaled inputs per output value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: OperatorWork.product(2, operands.outputElementCount(0)), costClass: .elementwise)
    }
}
