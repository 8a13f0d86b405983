/// Int8 TRANSPOSE_CONV with per-channel requantization, bit-exact with TFLM's
/// `reference_integer_ops::TransposeConv`. TFLM scatters every input value into an int32 scratch
/// copy of the output and requantizes afterwards; the sums are wrapping int32 additions, whose order
/// does not change them, so this kernel gathers instead: each output value sums the input values
/// that land on it, and needs no scratch buffer.
///
/// Inputs as TFLite orders them: the output shape (a constant the writer already read), the OHWI
/// filter, the NHWC input, an optional int32 bias. The words are CONV_2D's (``Conv2D/Parameters``):
/// stride, padding (dilation 1), offsets, clamp, then a multiplier and a shift per output channel.
public enum TransposeConv2D: OperatorImplementation {
    /// The same record as CONV_2D's.
    public typealias Parameters = Conv2D.Parameters

    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        let record = check.record
        try check.counts(inputs: 3...4, outputs: 1)
        let filter = try check.input(1, .int8, constant: true)
        let x = try check.input(2, .int8, constant: false)
        let bias = try check.optionalInput(3, .int32)
        let y = try check.output(0, .int8)
        try check.shape(x.rank == 4, record.input(2))
        try check.shape(filter.rank == 4 && filter.dimension(3) == x.dimension(3), record.input(1))
        try check.shape(y.rank == 4 && y.dimension(0) == x.dimension(0) && y.dimension(3) == filter.dimension(0), record.output(0))
        let outputDepth = y.dimension(3)
        if let bias { try check.shape(bias.elementCount == outputDepth, record.input(3)) }
        try check.parameterCount(Conv2D.fixedParameterWords + 2 * outputDepth)
        try check.word(WindowGeometry.Word.strideHeight, in: 1...1024)
        try check.word(WindowGeometry.Word.strideWidth, in: 1...1024)
        try check.word(WindowGeometry.Word.dilationHeight, in: 1...1)
        try check.word(WindowGeometry.Word.dilationWidth, in: 1...1)
        try check.word(WindowGeometry.Word.padTop, in: 0...65536)
        try check.word(WindowGeometry.Word.padLeft, in: 0...65536)
        try check.zeroPointOffset(Word.inputOffset)
        try check.zeroPointOffset(Word.outputOffset)
        try check.activation(Word.activationMinimum)
        try check.channelMultipliers(at: Conv2D.fixedParameterWords, channels: outputDepth)
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
        #if arch(arm) && EDGE_ARM_DSP
        runPacked(
            p, input: interpreter.int8(op.input(2)), inputShape: interpreter.shape4(op.input(2)), filter: interpreter.int8(op.input(1)),
            filterHeight: filter.dimension(1), filterWidth: filter.dimension(2), bias: interpreter.bias(op, 3),
            output: interpreter.mutableInt8(op.output(0)), outputShape: interpreter.shape4(op.output(0)), scratch: interpreter.scratch(op))
        #else
        run(
            p, input: interpreter.int8(op.input(2)), inputShape: interpreter.shape4(op.input(2)), filter: interpreter.int8(op.input(1)),
            filterHeight: filter.dimension(1), filterWidth: filter.dimension(2), bias: interpreter.bias(op, 3),
            output: interpreter.mutableInt8(op.output(0)), outputShape: interpreter.shape4(op.output(0)))
        #endif
    }

    /// `output[b, y, x, o] = requantize(Σ (input[b, iy, ix, c] + inputOffset) · filter[o, fy, fx, c] + bias[o])`
    /// over every `(iy, fy)` with `iy · strideHeight − padTop + fy = y`, and the same along the width.
    public static func run(
        _ p: Parameters, input: UnsafePointer<Int8>, inputShape: Shape4, filter: UnsafePointer<Int8>,
        filterHeight: Int, filterWidth: Int, bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        let w = p.window
        let depth = inputShape.channels
        for b in 0..<outputShape.batches {
            for y in 0..<outputShape.height {
                for x in 0..<outputShape.width {
                    for o in 0..<outputShape.channels {
                        var accumulator: Int32 = 0
                        for fy in 0..<filterHeight {
                            let ty = y + w.padTop - fy
                            guard ty >= 0, ty % w.strideHeight == 0, ty / w.strideHeight < inputShape.height else { continue }
                            for fx in 0..<filterWidth {
                                let tx = x + w.padLeft - fx
                                guard tx >= 0, tx % w.strideWidth == 0, tx / w.strideWidth < inputShape.width else { continue }
                                let pixel = input + inputShape.offset(b, ty / w.strideHeight, tx / w.strideWidth, 0)
                                let taps = filter + ((o * filterHeight + fy) * filterWidth + fx) * depth
                                for c in 0..<depth { accumulator &+= (Int32(pixel[c]) &+ p.inputOffset) &* Int32(taps[c]) }
                            }
                        }
                        output[outputShape.offset(b, y, x, o)] = perChannelOutput(
                            accumulator, channel: o, bias: bias, multipliers: p.multipliers, shifts: p.shifts,
                            outputOffset: p.outputOffset, activation: p.activation)
                    }
                }
            }
        }
    }

    /// `N·H·W·Cin · Kh·Kw·Cout`: every input value meets every filter tap of every output channel.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        guard operands.inputRank(1) == 4 else { return OperatorWork(costClass: .convolution) }
        let filter = OperatorWork.product(OperatorWork.product(operands.inputDimension(1, 0), operands.inputDimension(1, 1)), operands.inputDimension(1, 2))
        return OperatorWork(multiplyAccumulates: OperatorWork.product(operands.inputElementCount(2), filter), costClass: .convolution)
    }
}
