#if arch(x86_64) || arch(arm64)
import EdgeVectorKernels

extension FullyConnected {
    /// The AVX2 variant's workspace: the requantization tables and the weights packed for
    /// ``Int8Multiply``; while running, three input rows padded to sixteen bytes and a 3-row
    /// accumulator tile. `nil` for asymmetric weights (a non-zero weights offset).
    static func vectorNeed(_ op: OperatorRecord, in model: Model) -> WorkspaceLayout.Need? {
        let weights = model.tensor(op.input(1))
        let p = Parameters(ParameterWords(op, in: model), channels: weights.dimension(0))
        guard p.weightsOffset == 0 else { return nil }
        let outputs = weights.dimension(0), depth = weights.dimension(1)
        return WorkspaceLayout.Need(
            prepared: VectorChannels.bytes(channels: outputs) + Int8Multiply.packedBytes(columns: outputs, depth: depth),
            transient: WorkspaceLayout.aligned(3 * Int8Multiply.paddedDepth(depth)) + 3 * 4 * VectorChannels.padded(outputs))
    }

    /// Packs the weights and folds `bias + (inputOffset − rowShift)·Σ w` into each output's table.
    static func prepareVector(_ op: OperatorRecord, in interpreter: Interpreter, into block: UnsafeMutableRawPointer) {
        let tensor = interpreter.model.tensor(op.input(1))
        let outputs = tensor.dimension(0), depth = tensor.dimension(1)
        let p = Parameters(interpreter.parameters(op), channels: outputs)
        let weights = interpreter.int8(op.input(1))
        let bias = interpreter.bias(op, 2)
        let channels = VectorChannels(block, channels: outputs)
        for o in 0..<channels.paddedCount {
            guard o < outputs else { channels.set(o, bias: 0, multiplier: 0, shift: 0); continue }
            let sum = DotProduct.sum(weights + o * depth, count: depth)
            channels.set(
                o, bias: (bias?[o] ?? 0) &+ (p.inputOffset &- interpreter.kernels.rowShift) &* sum,
                multiplier: p.channelMultipliers?[o] ?? p.multiplier, shift: p.channelShifts?[o] ?? p.shift)
        }
        Int8Multiply.pack(
            weights, columns: outputs, depth: depth, layout: interpreter.kernels.packedLayout,
            into: (block + channels.bytes).assumingMemoryBound(to: Int8.self))
    }

    /// The same result as ``run(_:input:weights:bias:output:batches:inputDepth:outputDepth:)``, bit for
    /// bit: three input rows at a time (copied and padded when the depth is not a multiple of 16) times
    /// the packed weights, requantized eight outputs at a time.
    static func runVector(_ op: OperatorRecord, in interpreter: Interpreter, prepared: UnsafeMutableRawPointer, transient: UnsafeMutableRawPointer) {
        let model = interpreter.model
        let tensor = model.tensor(op.input(1))
        let outputs = tensor.dimension(0), depth = tensor.dimension(1)
        let p = Parameters(interpreter.parameters(op), channels: outputs)
        let input = interpreter.int8(op.input(0))
        let output = interpreter.mutableInt8(op.output(0))
        let batches = model.tensor(op.input(0)).elementCount / depth
        let channels = VectorChannels(prepared, channels: outputs)
        let packed = UnsafePointer((prepared + channels.bytes).assumingMemoryBound(to: Int8.self))
        let paddedDepth = Int8Multiply.paddedDepth(depth)
        let rows = transient.assumingMemoryBound(to: Int8.self)
        let tile = (transient + WorkspaceLayout.aligned(3 * paddedDepth)).assumingMemoryBound(to: Int32.self)
        var b = 0
        while b < batches {
            let count = min(3, batches - b)
            var starts = TileRows(repeating: input)
            for r in 0..<count {
                var row = input + (b + r) * depth
                if paddedDepth != depth {
                    let destination = rows + r * paddedDepth
                    destination.update(from: row, count: depth)
                    row = UnsafePointer(destination)
                }
                starts[r] = row
            }
            interpreter.kernels.multiplyShiftedRows(
                rowCount: count, starts, paddedDepth: paddedDepth, packed: packed,
                blocks: (outputs + 3) / 4, output: tile, outputStride: channels.paddedCount)
            channels.requantize(
                tile, accumulatorStride: channels.paddedCount, rows: count, count: outputs, outputOffset: p.outputOffset,
                activation: p.activation, output: output + b * outputs, kernels: interpreter.kernels)
            b += count
        }
    }
}
#endif
