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
        if record.parameterCount == parameterWords {
            // The same-shape form (files from before broadcasting): equal element counts, no layout.
            try check.counts(inputs: 2...2, outputs: 1)
            let a = try check.anyStorageInput(0, .int8)
            let b = try check.anyStorageInput(1, .int8)
            let y = try check.output(0, .int8)
            try check.shape(b.elementCount == a.elementCount, record.input(1))
            try check.shape(y.elementCount == a.elementCount, record.output(0))
        } else {
            try check.binaryElementwise(parameters: broadcastParameterWords, layoutWord: parameterWords)
        }
        try check.additive(Parameters.self)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        let p = Parameters(interpreter.parameters(op))
        #if arch(x86_64) || arch(arm64)
        // Inputs of the output's size: element-wise, in either form.
        let elements = interpreter.model.tensor(op.output(0)).elementCount
        if interpreter.kernels != .portable, interpreter.model.tensor(op.input(0)).elementCount == elements,
           interpreter.model.tensor(op.input(1)).elementCount == elements {
            runVector(
                p, first: interpreter.int8(op.input(0)), second: interpreter.int8(op.input(1)), output: interpreter.mutableInt8(op.output(0)),
                count: elements, kernels: interpreter.kernels)
            return
        }
        // Broadcasting rows where both operands are contiguous (a bias or a layer norm's offset
        // repeated per row): the vector kernel; the other rows as the portable form runs them.
        if interpreter.kernels != .portable, op.parameterCount != parameterWords {
            BinaryElementwise.run(p, op, in: interpreter, layoutWord: parameterWords) { x, y, z, count, firstStep, secondStep in
                guard firstStep != 0 && secondStep != 0 else { return 0 }
                runVector(p, first: x, second: y, output: z, count: count, kernels: interpreter.kernels)
                return count
            }
            return
        }
        #endif
        guard op.parameterCount == parameterWords else {
            BinaryElementwise.run(p, op, in: interpreter, layoutWord: parameterWords)
            return
        }
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
        BinaryElementwise.work(of: operands, operationsPerElement: 2)
    }
}

/// The element function of the broadcasting form. Like ``Add/runPacked(_:first:second:output:count:)`` it
/// uses the branch-free requantization, which validation makes exact (multipliers non-negative,
/// shifts in `-31...0`).
extension Add.Parameters: BinaryElementFunction {
    /// `(x + offset1) · 2^leftShift`, scaled by the first multiplier.
    @inline(__always)
    func prepareFirst(_ x: Int8) -> Int32 {
        FixedPoint.multiplyByNonNegativeSmallerThanOne((input1Offset &+ Int32(x)) &<< leftShift, input1Multiplier, input1Shift)
    }

    /// `(y + offset2) · 2^leftShift`, scaled by the second multiplier.
    @inline(__always)
    func prepareSecond(_ y: Int8) -> Int32 {
        FixedPoint.multiplyByNonNegativeSmallerThanOne((input2Offset &+ Int32(y)) &<< leftShift, input2Multiplier, input2Shift)
    }

    /// The sum, requantized to the output and clamped.
    @inline(__always)
    func combine(_ a: Int32, _ b: Int32) -> Int8 {
        Int8(truncatingIfNeeded: activation.clamp(FixedPoint.multiplyByNonNegativeSmallerThanOne(a &+ b, outputMultiplier, outputShift) &+ outputOffset))
    }
}

extension OperatorValidation {
    /// The twelve words ADD and SUB share: offsets of int8 zero points, the left shift, three
    /// multipliers below one with shifts in `-31...0`, and the clamp.
    func additive(_: Add.Parameters.Type) throws(ModelError) {
        typealias Word = Add.Parameters.Word
        try word(Word.input1Offset, in: -127...128)
        try word(Word.input2Offset, in: -127...128)
        try word(Word.outputOffset, in: -128...127)
        try word(Word.leftShift, in: 0...20)
        try multiplier(Word.input1Multiplier, shifts: -31...0)
        try multiplier(Word.input2Multiplier, shifts: -31...0)
        try multiplier(Word.outputMultiplier, shifts: -31...0)
        try activation(Word.activationMinimum)
    }
}
