extension FullyConnected.Parameters {
    /// The parameter words, by name.
    public enum Word: Int {
        case inputOffset, weightsOffset, outputOffset, multiplier, shift, activationMinimum, activationMaximum
    }

    /// Reads the parameters from an operator's words: the seven fixed words, then for per-channel
    /// weights `channels` multipliers and `channels` shifts.
    @inline(__always)
    public init(_ words: ParameterWords, channels: Int) {
        let fixed = FullyConnected.parameterWords
        let perChannel = words.count > fixed
        self.init(
            inputOffset: words[Word.inputOffset], weightsOffset: words[Word.weightsOffset],
            outputOffset: words[Word.outputOffset], multiplier: words[Word.multiplier], shift: words[Word.shift],
            activation: ActivationRange(words, at: Word.activationMinimum.rawValue),
            channelMultipliers: perChannel ? words.address(fixed) : nil,
            channelShifts: perChannel ? words.address(fixed &+ channels) : nil)
    }

    /// The fixed words the model writer stores (a per-channel layer appends its tables, see
    /// ``words(perChannelMultipliers:shifts:)``).
    public var words: [Int32] { [inputOffset, weightsOffset, outputOffset, multiplier, shift] + activation.words }

    /// The words of a layer with per-channel weights: the fixed words (whose multiplier and shift are
    /// output 0's), then one multiplier and one shift per output.
    public func words(perChannelMultipliers multipliers: [Int32], shifts: [Int32]) -> [Int32] {
        words + multipliers + shifts
    }
}

extension FullyConnected: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        try check.counts(inputs: 2...3, outputs: 1)
        let x = try check.input(0, .int8, constant: false)
        let weights = try check.input(1, .int8, constant: true)
        let bias = try check.optionalInput(2, .int32)
        let y = try check.output(0, .int8)
        let record = check.record
        try check.shape(weights.rank == 2, record.input(1))
        let outputDepth = weights.dimension(0)
        let inputDepth = weights.dimension(1)
        try check.shape(x.elementCount % inputDepth == 0, record.input(0))
        try check.shape(
            y.elementCount == x.elementCount / inputDepth * outputDepth && y.innermostDimension == outputDepth, record.output(0))
        if let bias { try check.shape(bias.elementCount == outputDepth, record.input(2)) }
        if record.parameterCount != parameterWords + 2 * outputDepth { try check.parameterCount(parameterWords) }
        try check.zeroPointOffset(Word.inputOffset)
        try check.zeroPointOffset(Word.weightsOffset)
        try check.zeroPointOffset(Word.outputOffset)
        try check.multiplier(Word.multiplier, shifts: -31...30)
        try check.activation(Word.activationMinimum)
        if record.parameterCount > parameterWords {
            // Per-channel weights are symmetric, as TFLM's FullyConnectedPerChannel assumes.
            try check.word(Word.weightsOffset, in: 0...0)
            try check.channelMultipliers(at: parameterWords, channels: outputDepth)
        }
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        #if arch(x86_64) || arch(arm64)
        if let buffers = interpreter.vectorBuffers(op) {
            runVector(op, in: interpreter, prepared: buffers.prepared, transient: buffers.transient)
            return
        }
        #endif
        let model = interpreter.model
        let weights = model.tensor(op.input(1))
        let inputDepth = weights.dimension(1)
        let outputDepth = weights.dimension(0)
        let p = Parameters(interpreter.parameters(op), channels: outputDepth)
        let input = interpreter.int8(op.input(0))
        let batches = model.tensor(op.input(0)).elementCount / inputDepth
        #if arch(arm) && EDGE_ARM_DSP
        runPacked(
            p, input: input, weights: interpreter.int8(op.input(1)), bias: interpreter.bias(op, 2),
            output: interpreter.mutableInt8(op.output(0)), batches: batches, inputDepth: inputDepth,
            outputDepth: outputDepth, scratch: interpreter.scratch(op))
        #elseif arch(arm) || arch(riscv32)
        runBlocked(
            p, input: input, weights: interpreter.int8(op.input(1)), bias: interpreter.bias(op, 2),
            output: interpreter.mutableInt8(op.output(0)), batches: batches, inputDepth: inputDepth, outputDepth: outputDepth)
        #else
        runOptimized(
            p, input: input, weights: interpreter.int8(op.input(1)), bias: interpreter.bias(op, 2),
            output: interpreter.mutableInt8(op.output(0)), batches: batches, inputDepth: inputDepth, outputDepth: outputDepth)
        #endif
    }

    /// `batches·out·in`: every output reads one row of the `[out, in]` weights.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(
            multiplyAccumulates: OperatorWork.product(operands.outputElementCount(0), operands.innermostInputDimension(1)),
            costClass: .dense)
    }
}
