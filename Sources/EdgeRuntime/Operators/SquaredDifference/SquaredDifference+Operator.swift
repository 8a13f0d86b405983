#if arch(x86_64)
import EdgeAVX512Kernels
#endif
extension SquaredDifference.Parameters {
    /// The parameter words, by name (the layout follows at ``SquaredDifference/layoutWord``).
    public enum Word: Int {
        case input1Offset, input2Offset, outputOffset, leftShift, input1Multiplier, input1Shift
        case input2Multiplier, input2Shift, outputMultiplier, outputShift
    }

    /// Reads the parameters from an operator's words.
    @inline(__always)
    public init(_ words: ParameterWords) {
        self.init(
            input1Offset: words[Word.input1Offset], input2Offset: words[Word.input2Offset],
            outputOffset: words[Word.outputOffset], leftShift: words[Word.leftShift],
            input1Multiplier: words[Word.input1Multiplier], input1Shift: words[Word.input1Shift],
            input2Multiplier: words[Word.input2Multiplier], input2Shift: words[Word.input2Shift],
            outputMultiplier: words[Word.outputMultiplier], outputShift: words[Word.outputShift])
    }

    /// The words the model writer stores before the layout.
    public var words: [Int32] {
        [input1Offset, input2Offset, outputOffset, leftShift, input1Multiplier, input1Shift, input2Multiplier,
         input2Shift, outputMultiplier, outputShift]
    }
}

extension SquaredDifference: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        try check.binaryElementwise(parameters: parameterWords, layoutWord: layoutWord)
        // int8 zero points (TFLM's Prepare requires them) and a shift of at most 7 keep the squared
        // difference of two scaled inputs below 2^31.
        try check.word(Word.input1Offset, in: -127...128)
        try check.word(Word.input2Offset, in: -127...128)
        try check.word(Word.outputOffset, in: -128...127)
        try check.word(Word.leftShift, in: 0...7)
        try check.multiplier(Word.input1Multiplier, shifts: -31...0)
        try check.multiplier(Word.input2Multiplier, shifts: -31...0)
        try check.multiplier(Word.outputMultiplier, shifts: -31...30)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        let p = Parameters(interpreter.parameters(op))
        #if arch(x86_64)
        if interpreter.kernels.usesAVX512 {
            let constants = VectorProductsAVX512.SquaredDifferenceConstants(
                input1Offset: p.input1Offset, input2Offset: p.input2Offset, outputOffset: p.outputOffset, leftShift: p.leftShift,
                input1Multiplier: p.input1Multiplier, input1Shift: p.input1Shift, input2Multiplier: p.input2Multiplier,
                input2Shift: p.input2Shift, outputMultiplier: p.outputMultiplier, outputShift: p.outputShift)
            BinaryElementwise.run(p, op, in: interpreter, layoutWord: layoutWord) { x, y, z, count, firstStep, secondStep in
                VectorProductsAVX512.squaredDifference(
                    constants, first: x, second: y, output: z, count: count, firstStep: firstStep, secondStep: secondStep)
            }
            return
        }
        #endif
        BinaryElementwise.run(p, op, in: interpreter, layoutWord: layoutWord)
    }

    /// Two scaled inputs, a square and a requantization per output value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        BinaryElementwise.work(of: operands, operationsPerElement: 3)
    }
}
