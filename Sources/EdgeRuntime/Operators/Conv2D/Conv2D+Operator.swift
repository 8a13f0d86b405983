extension Conv2D.Parameters {
    /// The fixed parameter words, by name: the window geometry (``WindowGeometry/Word``), then these;
    /// then one multiplier per output channel and one shift per output channel.
    public enum Word: Int {
        case inputOffset = 6, outputOffset, activationMinimum, activationMaximum
    }

    /// Reads the parameters from an operator's words; `channels` is the output depth.
    @inline(__always)
    public init(_ words: ParameterWords, channels: Int) {
        let fixed = Conv2D.fixedParameterWords
        self.init(
            window: WindowGeometry(words), inputOffset: words[Word.inputOffset], outputOffset: words[Word.outputOffset],
            activation: ActivationRange(words, at: Word.activationMinimum.rawValue),
            multipliers: words.address(fixed), shifts: words.address(fixed &+ channels))
    }

    /// The words the model writer stores for these settings and per-channel multipliers and shifts.
    public static func words(
        window: WindowGeometry, inputOffset: Int32, outputOffset: Int32, activation: ActivationRange,
        multipliers: [Int32], shifts: [Int32]
    ) -> [Int32] {
        window.words + [inputOffset, outputOffset] + activation.words + multipliers + shifts
    }
}

extension Conv2D: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        let tensors = try check.convolutionTensors()
        let outputDepth = tensors.output.dimension(3)
        try check.shape(
            tensors.filter.dimension(0) == outputDepth && tensors.filter.dimension(3) == tensors.input.dimension(3),
            check.record.input(1))
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
        let p = Parameters(interpreter.parameters(op), channels: filter.dimension(0))
        let input = interpreter.int8(op.input(0))
        let inputShape = interpreter.shape4(op.input(0))
        let output = interpreter.mutableInt8(op.output(0))
        let outputShape = interpreter.shape4(op.output(0))
        #if arch(arm) && EDGE_ARM_DSP
        runPacked(
            p, input: input, inputShape: inputShape, filter: interpreter.int8(op.input(1)),
            filterHeight: filter.dimension(1), filterWidth: filter.dimension(2), bias: interpreter.bias(op, 2),
            output: output, outputShape: outputShape, scratch: interpreter.scratch(op))
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

    /// `N·Hout·Wout·Cout · Kh·Kw·Cin`: each output element reads one OHWI filter.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        guard operands.inputRank(1) == 4 else { return OperatorWork(costClass: .convolution) }
        let window = OperatorWork.product(operands.inputDimension(1, 1), operands.inputDimension(1, 2))
        let perOutput = OperatorWork.product(window, operands.inputDimension(1, 3))
        return OperatorWork(multiplyAccumulates: OperatorWork.product(operands.outputElementCount(0), perOutput), costClass: .convolution)
    }
}
