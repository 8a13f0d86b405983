extension Prelu.Parameters {
    /// The parameter words, by name (the layout follows at ``Prelu/layoutWord``).
    public enum Word: Int {
        case inputOffset, alphaOffset, outputOffset, identityMultiplier, identityShift, slopeMultiplier, slopeShift
    }

    /// Reads the parameters from an operator's words.
    @inline(__always)
    public init(_ words: ParameterWords) {
        self.init(
            inputOffset: words[Word.inputOffset], alphaOffset: words[Word.alphaOffset], outputOffset: words[Word.outputOffset],
            identityMultiplier: words[Word.identityMultiplier], identityShift: words[Word.identityShift],
            slopeMultiplier: words[Word.slopeMultiplier], slopeShift: words[Word.slopeShift])
    }

    /// The words the model writer stores before the layout.
    public var words: [Int32] {
        [inputOffset, alphaOffset, outputOffset, identityMultiplier, identityShift, slopeMultiplier, slopeShift]
    }
}

extension Prelu: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        try check.binaryElementwise(parameters: parameterWords, layoutWord: layoutWord)
        try check.word(Word.inputOffset, in: -127...128)
        try check.word(Word.alphaOffset, in: -127...128)
        try check.word(Word.outputOffset, in: -128...127)
        try check.multiplier(Word.identityMultiplier, shifts: -31...30)
        try check.multiplier(Word.slopeMultiplier, shifts: -31...30)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        BinaryElementwise.run(Parameters(interpreter.parameters(op)), op, in: interpreter, layoutWord: layoutWord)
    }

    /// A comparison and a requantization per output value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        BinaryElementwise.work(of: operands, operationsPerElement: 2)
    }
}
