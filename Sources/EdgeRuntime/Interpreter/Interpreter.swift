/// Runs a validated model over one caller-provided arena. Nothing is allocated: `init` checks the
/// arena, `invoke` executes the operators in order, reading constants in place from the model.
///
/// ```
/// let model = try Model(bytes: file)
/// let interpreter = try Interpreter(model: model, arena: arena)
/// interpreter.inputBytes(0).copyMemory(from: sample)
/// interpreter.invoke()
/// let scores = interpreter.outputBytes(0)
/// ```
public struct Interpreter {
    /// The model being run.
    public let model: Model
    /// The arena: activations and scratch buffers at the offsets the plan gives.
    public let arena: UnsafeMutableRawBufferPointer

    /// Creates an interpreter. Fails when the arena is smaller than `model.arenaBytes` or not
    /// 16-byte aligned.
    public init(model: Model, arena: UnsafeMutableRawBufferPointer) throws(ModelError) {
        guard arena.count >= model.arenaBytes else {
            throw .arenaTooSmall(required: model.arenaBytes, available: arena.count)
        }
        if let base = arena.baseAddress {
            guard UInt(bitPattern: base) % UInt(ModelFormat.alignment) == 0 else { throw .misalignedBuffer }
        } else if model.arenaBytes > 0 {
            throw .arenaTooSmall(required: model.arenaBytes, available: 0)
        }
        self.model = model
        self.arena = arena
    }

    /// The address of tensor `index`'s bytes: in the arena, or in the model's constants.
    @inline(never)
    public func address(ofTensor index: Int) -> UnsafeRawPointer {
        let t = model.tensor(index)
        switch t.storage {
        case .arena: return UnsafeRawPointer(arena.baseAddress! + t.dataOffset)
        case .constant: return model.constantAddress(t.dataOffset)
        }
    }

    /// The bytes of tensor `index` (for reading intermediates after `invoke`).
    public func bytes(ofTensor index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: address(ofTensor: index), count: model.tensor(index).byteCount)
    }

    /// The writable bytes of graph input `position`.
    public func inputBytes(_ position: Int) -> UnsafeMutableRawBufferPointer {
        let index = model.inputTensorIndex(position)
        return UnsafeMutableRawBufferPointer(start: arena.baseAddress! + model.tensor(index).dataOffset, count: model.tensor(index).byteCount)
    }

    /// The bytes of graph output `position`, valid after `invoke`.
    public func outputBytes(_ position: Int) -> UnsafeRawBufferPointer {
        bytes(ofTensor: model.outputTensorIndex(position))
    }

    /// Runs every operator in order.
    public func invoke() {
        for index in 0..<model.operatorCount { run(operator: index) }
    }

    /// Runs every operator in order, telling `observer` before and after each one.
    public func invoke<Observer: OperatorObserver>(observer: inout Observer) {
        for index in 0..<model.operatorCount {
            let kind = model.operatorRecord(index).kind
            observer.willRun(operator: index, kind: kind)
            run(operator: index)
            observer.didRun(operator: index, kind: kind)
        }
    }

    /// Runs operator `index` alone; the operators before it must have run.
    public func run(operator index: Int) {
        let op = model.operatorRecord(index)
        switch op.kind {
        case .fullyConnected: runFullyConnected(op)
        case .conv2D: runConv2D(op)
        case .depthwiseConv2D: runDepthwiseConv2D(op)
        case .averagePool2D: runPooling(op, average: true)
        case .maxPool2D: runPooling(op, average: false)
        case .add: runAdd(op)
        case .reshape:
            Reshape.run(
                input: address(ofTensor: op.input(0)), output: mutableAddress(op.output(0)),
                byteCount: model.tensor(op.output(0)).byteCount)
        case .softmax: runSoftmax(op)
        case .quantize: runQuantize(op)
        case .dequantize: runDequantize(op)
        }
    }

    // MARK: Decoding operator records into kernel calls
    // Convolutions and fully-connected layers use the SIMD kernels (`runOptimized`) on 64-bit hosts, the
    // DSP kernels (`runPacked`) on Armv7E-M firmware built with EDGE_ARM_DSP, and the register-blocked
    // kernels (`runBlocked`) on other 32-bit cores; all are bit-exact with the reference.

    @inline(__always)
    func int8(_ t: Int) -> UnsafePointer<Int8> { address(ofTensor: t).assumingMemoryBound(to: Int8.self) }

    @inline(never)
    func mutableAddress(_ t: Int) -> UnsafeMutableRawPointer { arena.baseAddress! + model.tensor(t).dataOffset }

    @inline(__always)
    func mutableInt8(_ t: Int) -> UnsafeMutablePointer<Int8> { mutableAddress(t).assumingMemoryBound(to: Int8.self) }

    @inline(__always)
    func bias(_ op: OperatorRecord, _ position: Int) -> UnsafePointer<Int32>? {
        guard position < op.inputCount, op.input(position) >= 0 else { return nil }
        return address(ofTensor: op.input(position)).assumingMemoryBound(to: Int32.self)
    }

    /// The operator's scratch buffer in the arena (empty when it has none).
    @inline(never)
    func scratch(_ op: OperatorRecord) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: op.scratchBytes > 0 ? arena.baseAddress! + op.scratchOffset : nil, count: op.scratchBytes)
    }

    @inline(never)
    func shape4(_ t: Int) -> Shape4 {
        let r = model.tensor(t)
        return Shape4(batches: r.dimension(0), height: r.dimension(1), width: r.dimension(2), channels: r.dimension(3))
    }

    @inline(__always)
    func parameterWords(_ op: OperatorRecord) -> UnsafePointer<Int32> {
        (model.bytes.baseAddress! + model.parametersStart + op.parameterIndex * 4).assumingMemoryBound(to: Int32.self)
    }

    @inline(__always)
    func activation(_ op: OperatorRecord, at position: Int) -> ActivationRange {
        ActivationRange(minimum: op.parameter(position), maximum: op.parameter(position + 1))
    }

    @inline(__always)
    func window(_ op: OperatorRecord, dilation: Bool) -> WindowGeometry {
        WindowGeometry(
            strideHeight: Int(op.parameter(0)), strideWidth: Int(op.parameter(1)),
            dilationHeight: dilation ? Int(op.parameter(2)) : 1, dilationWidth: dilation ? Int(op.parameter(3)) : 1,
            padTop: Int(op.parameter(4)), padLeft: Int(op.parameter(5)))
    }

    func runFullyConnected(_ op: OperatorRecord) {
        let weights = model.tensor(op.input(1))
        let inputDepth = weights.dimension(1)
        let outputDepth = weights.dimension(0)
        let parameters = FullyConnected.Parameters(
            inputOffset: op.parameter(0), weightsOffset: op.parameter(1), outputOffset: op.parameter(2),
            multiplier: op.parameter(3), shift: op.parameter(4), activation: activation(op, at: 5))
        #if arch(arm) && EDGE_ARM_DSP
        FullyConnected.runPacked(
            parameters, input: int8(op.input(0)), weights: int8(op.input(1)), bias: bias(op, 2),
            output: mutableInt8(op.output(0)), batches: model.tensor(op.input(0)).elementCount / inputDepth,
            inputDepth: inputDepth, outputDepth: outputDepth, scratch: scratch(op))
        #elseif arch(arm) || arch(riscv32)
        FullyConnected.runBlocked(
            parameters, input: int8(op.input(0)), weights: int8(op.input(1)), bias: bias(op, 2),
            output: mutableInt8(op.output(0)), batches: model.tensor(op.input(0)).elementCount / inputDepth,
            inputDepth: inputDepth, outputDepth: outputDepth)
        #else
        FullyConnected.runOptimized(
            parameters, input: int8(op.input(0)), weights: int8(op.input(1)), bias: bias(op, 2),
            output: mutableInt8(op.output(0)), batches: model.tensor(op.input(0)).elementCount / inputDepth,
            inputDepth: inputDepth, outputDepth: outputDepth)
        #endif
    }

    func runConv2D(_ op: OperatorRecord) {
        let filter = model.tensor(op.input(1))
        let outputDepth = filter.dimension(0)
        let words = parameterWords(op)
        let fixed = Conv2D.fixedParameterWords
        let parameters = Conv2D.Parameters(
            window: window(op, dilation: true), inputOffset: op.parameter(6), outputOffset: op.parameter(7),
            activation: activation(op, at: 8), multipliers: words + fixed, shifts: words + fixed + outputDepth)
        #if arch(arm) && EDGE_ARM_DSP
        Conv2D.runPacked(
            parameters, input: int8(op.input(0)), inputShape: shape4(op.input(0)),
            filter: int8(op.input(1)), filterHeight: filter.dimension(1), filterWidth: filter.dimension(2),
            bias: bias(op, 2), output: mutableInt8(op.output(0)), outputShape: shape4(op.output(0)), scratch: scratch(op))
        #elseif arch(arm) || arch(riscv32)
        Conv2D.runBlocked(
            parameters, input: int8(op.input(0)), inputShape: shape4(op.input(0)),
            filter: int8(op.input(1)), filterHeight: filter.dimension(1), filterWidth: filter.dimension(2),
            bias: bias(op, 2), output: mutableInt8(op.output(0)), outputShape: shape4(op.output(0)))
        #else
        Conv2D.runOptimized(
            parameters, input: int8(op.input(0)), inputShape: shape4(op.input(0)),
            filter: int8(op.input(1)), filterHeight: filter.dimension(1), filterWidth: filter.dimension(2),
            bias: bias(op, 2), output: mutableInt8(op.output(0)), outputShape: shape4(op.output(0)))
        #endif
    }

    func runDepthwiseConv2D(_ op: OperatorRecord) {
        let filter = model.tensor(op.input(1))
        let outputDepth = filter.dimension(3)
        let words = parameterWords(op)
        let fixed = DepthwiseConv2D.fixedParameterWords
        let parameters = DepthwiseConv2D.Parameters(
            window: window(op, dilation: true), depthMultiplier: Int(op.parameter(10)),
            inputOffset: op.parameter(6), outputOffset: op.parameter(7), activation: activation(op, at: 8),
            multipliers: words + fixed, shifts: words + fixed + outputDepth)
        #if arch(arm) && EDGE_ARM_DSP
        DepthwiseConv2D.runPacked(
            parameters, input: int8(op.input(0)), inputShape: shape4(op.input(0)),
            filter: int8(op.input(1)), filterHeight: filter.dimension(1), filterWidth: filter.dimension(2),
            bias: bias(op, 2), output: mutableInt8(op.output(0)), outputShape: shape4(op.output(0)))
        #elseif arch(arm) || arch(riscv32)
        DepthwiseConv2D.runBlocked(
            parameters, input: int8(op.input(0)), inputShape: shape4(op.input(0)),
            filter: int8(op.input(1)), filterHeight: filter.dimension(1), filterWidth: filter.dimension(2),
            bias: bias(op, 2), output: mutableInt8(op.output(0)), outputShape: shape4(op.output(0)))
        #else
        DepthwiseConv2D.runOptimized(
            parameters, input: int8(op.input(0)), inputShape: shape4(op.input(0)),
            filter: int8(op.input(1)), filterHeight: filter.dimension(1), filterWidth: filter.dimension(2),
            bias: bias(op, 2), output: mutableInt8(op.output(0)), outputShape: shape4(op.output(0)))
        #endif
    }

    func runPooling(_ op: OperatorRecord, average: Bool) {
        let parameters = PoolingParameters(
            window: window(op, dilation: false), filterHeight: Int(op.parameter(2)), filterWidth: Int(op.parameter(3)),
            activation: activation(op, at: 6))
        if average {
            #if arch(arm) && EDGE_ARM_DSP
            AveragePool2D.runPacked(
                parameters, input: int8(op.input(0)), inputShape: shape4(op.input(0)),
                output: mutableInt8(op.output(0)), outputShape: shape4(op.output(0)))
            #else
            AveragePool2D.run(
                parameters, input: int8(op.input(0)), inputShape: shape4(op.input(0)),
                output: mutableInt8(op.output(0)), outputShape: shape4(op.output(0)))
            #endif
        } else {
            MaxPool2D.run(
                parameters, input: int8(op.input(0)), inputShape: shape4(op.input(0)),
                output: mutableInt8(op.output(0)), outputShape: shape4(op.output(0)))
        }
    }

    func runAdd(_ op: OperatorRecord) {
        let parameters = Add.Parameters(
            input1Offset: op.parameter(0), input2Offset: op.parameter(1), outputOffset: op.parameter(2),
            leftShift: op.parameter(3), input1Multiplier: op.parameter(4), input1Shift: op.parameter(5),
            input2Multiplier: op.parameter(6), input2Shift: op.parameter(7),
            outputMultiplier: op.parameter(8), outputShift: op.parameter(9), activation: activation(op, at: 10))
        #if arch(arm) && EDGE_ARM_DSP
        Add.runPacked(
            parameters, first: int8(op.input(0)), second: int8(op.input(1)), output: mutableInt8(op.output(0)),
            count: model.tensor(op.output(0)).elementCount)
        #else
        Add.run(
            parameters, first: int8(op.input(0)), second: int8(op.input(1)), output: mutableInt8(op.output(0)),
            count: model.tensor(op.output(0)).elementCount)
        #endif
    }

    func runSoftmax(_ op: OperatorRecord) {
        let output = model.tensor(op.output(0))
        let depth = output.innermostDimension
        let parameters = Softmax.Parameters(
            inputMultiplier: op.parameter(0), inputLeftShift: op.parameter(1), differenceMinimum: op.parameter(2))
        Softmax.run(
            parameters, input: int8(op.input(0)), output: mutableInt8(op.output(0)),
            rows: output.elementCount / depth, depth: depth)
    }

    func runQuantize(_ op: OperatorRecord) {
        let count = model.tensor(op.output(0)).elementCount
        if model.tensor(op.input(0)).elementType == .float32 {
            Quantize.run(
                scale: Float(bitPattern: UInt32(bitPattern: op.parameter(0))), zeroPoint: op.parameter(1),
                input: address(ofTensor: op.input(0)).assumingMemoryBound(to: Float.self),
                output: mutableInt8(op.output(0)), count: count)
        } else {
            Quantize.requantize(
                inputZeroPoint: op.parameter(0), outputZeroPoint: op.parameter(1), multiplier: op.parameter(2),
                shift: op.parameter(3), input: int8(op.input(0)), output: mutableInt8(op.output(0)), count: count)
        }
    }

    func runDequantize(_ op: OperatorRecord) {
        Dequantize.run(
            scale: Float(bitPattern: UInt32(bitPattern: op.parameter(0))), zeroPoint: op.parameter(1),
            input: int8(op.input(0)), output: mutableAddress(op.output(0)).assumingMemoryBound(to: Float.self),
            count: model.tensor(op.output(0)).elementCount)
    }
}

/// Told before and after each operator runs: the profiler hook. The host injects its own clock
/// through an observer, so the runtime needs no timer of its own.
public protocol OperatorObserver {
    /// Called just before operator `index` runs.
    mutating func willRun(operator index: Int, kind: OperatorKind)
    /// Called just after operator `index` ran.
    mutating func didRun(operator index: Int, kind: OperatorKind)
}
