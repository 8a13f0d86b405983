#if arch(x86_64)
import EdgeAVX512Kernels
#endif
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
        let p = Parameters(interpreter.parameters(op))
        #if arch(x86_64)
        if interpreter.kernels.usesAVX512 {
            let constants = VectorProductsAVX512.MulConstants(
                input1Offset: p.input1Offset, input2Offset: p.input2Offset, outputOffset: p.outputOffset, outputMultiplier: p.outputMultiplier,
                outputShift: p.outputShift, minimum: p.activation.minimum, maximum: p.activation.maximum)
            BinaryElementwise.run(p, op, in: interpreter, layoutWord: layoutWord) { x, y, z, count, firstStep, secondStep in
                VectorProductsAVX512.mul(constants, first: x, second: y, output: z, count: count, firstStep: firstStep, secondStep: secondStep)
            }
            return
        }
        #endif
        BinaryElementwise.run(p, op, in: interpreter, layoutWord: layoutWord)
    }

    /// A product and a requantization per output value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        BinaryElementwise.work(of: operands, operationsPerElement: 2)
    }
}
