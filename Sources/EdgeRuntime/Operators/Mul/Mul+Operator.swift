extension Mul.Parameters {
    /// The parameter words, by name (the layout follows at ``Mul/layoutWord``).
    public enum Word: Int {
        case input1Offset, input2Offset, outputOffset, outputMultiplier, outputShift, activationMinimum, activationMaximum
    }

    /// Reads the parameters from an operator's words.
    @inline(__always)
    public init(_ words: ParameterWords) {
        self.init(
            input1Offset: words[Word.input1Offset], input2Offset: words[Word.input2Offset],
            outputOffset: words[Word.outputOffset], outputMultiplier: words[Word.outputMultiplier],
            outputShift: words[Word.outputShift], activation: ActivationRange(words, at: Word.activationMinimum.rawValue))
    }

    /// The words the model writer stores before the layout.
    public var words: [Int32] {
        [input1Offset, input2Offset, outputOffset, outputMultiplier, outputShift] + activation.words
    }
}

extension Mul: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        try check.binaryElementwise(parameters: parameterWords, layoutWord: layoutWord)
        try check.word(Word.input1Offset, in: -127...128)
        try check.word(Word.input2Offset, in: -127...128)
        try check.word(Word.outputOffset, in: -128...127)
        try check.multiplier(Word.outputMultiplier, shifts: -31...30)
        try check.activation(Word.activationMinimum)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        BinaryElementwise.run(Parameters(interpreter.parameters(op)), op, in: interpreter, layoutWord: layoutWord)
    }

    /// A product and a requantization per output value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        BinaryElementwise.work(of: operands, operationsPerElement: 2)
    }
}
