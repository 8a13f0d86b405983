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

    /// The words the model writer stores (it appends ``exponentialTable``).
    public var words: [Int32] { [inputMultiplier, inputLeftShift, differenceMinimum] }

    /// The reference kernel's Q0.31 exponential of a difference of `-distance` to the row maximum;
    /// 0 below `differenceMinimum`, which leaves the sum and the output exactly as skipping does.
    public func exponential(distance: Int) -> Int32 {
        let difference = Int32(-distance)
        guard difference >= differenceMinimum else { return 0 }
        return FixedPoint.exponentialOfNegative(q5: FixedPoint.multiplyByGreaterThanOne(difference, inputMultiplier, inputLeftShift))
    }

    /// The exponentials of the 256 distances an int8 value can have to its row's maximum.
    public var exponentialTable: [Int32] { (0..<Softmax.exponentialTableWords).map { exponential(distance: $0) } }
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
        // The three words alone, or followed by the table of the row's exponentials.
        let hasTable = record.parameterCount > parameterWords
        try check.parameterCount(hasTable ? parameterWords + exponentialTableWords : parameterWords)
        try check.multiplier(Word.inputMultiplier, shifts: 0...30)
        try check.word(Word.differenceMinimum, in: Int32.min...0)
        if hasTable {
            let p = Parameters(ParameterWords(start: check.parameterStart, count: parameterWords))
            for distance in 0..<exponentialTableWords where record.parameter(parameterWords + distance) != p.exponential(distance: distance) {
                throw .invalidParameter(operator: check.index, word: parameterWords + distance)
            }
        }
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        let output = interpreter.model.tensor(op.output(0))
        let depth = output.innermostDimension
        let words = interpreter.parameters(op)
        if words.count > parameterWords {
            run(
                exponentials: words.address(parameterWords), input: interpreter.int8(op.input(0)),
                output: interpreter.mutableInt8(op.output(0)), rows: output.elementCount / depth, depth: depth)
        } else {
            run(
                Parameters(words), input: interpreter.int8(op.input(0)),
                output: interpreter.mutableInt8(op.output(0)), rows: output.elementCount / depth, depth: depth)
        }
    }

    /// Every input value is read for the maximum, the exponentials and the normalisation; counted once.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.inputElementCount(0), costClass: .softmax)
    }
}
