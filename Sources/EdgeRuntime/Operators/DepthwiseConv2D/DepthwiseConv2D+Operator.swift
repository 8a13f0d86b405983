extension DepthwiseConv2D.Parameters {
    /// The fixed parameter words, by name: the window geometry (``WindowGeometry/Word``), then these;
    /// then one multiplier per output channel and one shift per output channel.
    public enum Word: Int {
        case inputOffset = 6, outputOffset, activationMinimum, activationMaximum, depthMultiplier
    }

    /// Reads the parameters from an operator's words; `channels` is the output depth.
    @inline(__always)
    public init(_ words: ParameterWords, channels: Int) {
        let fixed = DepthwiseConv2D.fixedParameterWords
        self.init(
            window: WindowGeometry(words), depthMultiplier: Int(words[Word.depthMultiplier]),
            inputOffset: words[Word.inputOffset], outputOffset: words[Word.outputOffset],
            activation: ActivationRange(words, at: Word.activationMinimum.rawValue),
            multipliers: words.address(fixed), shifts: words.address(fixed &+ channels))
    }

    /// The words the model writer stores for these settings and per-channel multipliers and shifts.
    public static func words(
        window: WindowGeometry, depthMultiplier: Int, inputOffset: Int32, outputOffset: Int32, activation: ActivationRange,
        multipliers: [Int32], shifts: [Int32]
    ) -> [Int32] {
        window.words + [inputOffset, outputOffset] + activation.words + [Int32(depthMultiplier)] + multipliers + shifts
    }
}

extension DepthwiseConv2D: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        let tensors = try check.convolutionTensors()
        let record = check.record
        let outputDepth = tensors.output.dimension(3)
        let multiplier = Int(record.parameter(Word.depthMultiplier.rawValue))
        try check.word(Word.depthMultiplier, in: 1...4096)
        try check.shape(tensors.filter.dimension(0) == 1 && tensors.filter.dimension(3) == outputDepth, record.input(1))
        try check.shape(outputDepth == (try check.product(tensors.input.dimension(3), multiplier, tensor: record.output(0))), record.output(0))
        try check.convolutionWords(tensors, fixed: fixedParameterWords)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        #if arch(x86_64) || arch(arm64)
        if let buffers = interpreter.vectorBuffers(op) {
            runVector(op, in: interpreter, prepared: buffers.prepared, transient: buffers.transient)
            return
        }
        #endif
        let filter = interpreter.model.tensor(op.input(1))
        let p = Parameters(interpreter.parameters(op), channels: filter.dimension(3))
        let input = interpreter.int8(op.input(0))
        let inputShape = interpreter.shape4(op.input(0))
        let output = interpreter.mutableInt8(op.output(0))
        let outputShape = interpreter.shape4(op.output(0))
        #if arch(arm) && EDGE_ARM_DSP
        runPacked(
            p, input: input, inputShape: inputShape, filter: interpreter.int8(op.input(1)),
            filterHeight: filter.dimension(1), filterWidth: filter.dimension(2), bias: interpreter.bias(op, 2),
            output: output, outputShape: outputShape)
        #elseif arch(arm) || arch(riscv32)
        runBlocked(
            p, input: input, inputShape: inputShape, filter: interpreter.int8(op.input(1)),
            filterHeight: filter.dimension(1), filterWidth: filter.dimension(2), bias: interpreter.bias(op, 2),
            output: output, outputShape: outputShape)
        #else
        runOptimized(
            p, input: input, inputShape: inputShape, filter: interpreter.int8(op.input(1)),
            filterHeight: filter.dimension(1), filterWidth: filter.dimension(2), bias: interpreter.bias(op, 2),
            output: output, outputShape: outputShape)
        #endif
    }

    /// `N·Hout·Wout·Cout · Kh·Kw`: each output channel reads one window of its own filter.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        guard operands.inputRank(1) == 4 else { return OperatorWork(costClass: .depthwiseConvolution) }
        let window = OperatorWork.product(operands.inputDimension(1, 1), operands.inputDimension(1, 2))
        return OperatorWork(
            multiplyAccumulates: OperatorWork.product(operands.outputElementCount(0), window), costClass: .depthwiseConvolution)
    }
}
