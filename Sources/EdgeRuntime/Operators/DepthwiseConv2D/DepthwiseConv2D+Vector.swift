#if arch(x86_64) || arch(arm64)
import EdgeVectorKernels
#if arch(x86_64)
import EdgeAVX512Kernels
#endif

extension DepthwiseConv2D {
    /// The vector families' workspace: the requantization tables (and with AVX-512, where the depth
    /// is a multiple of sixteen, the tap-pair layout: ``TapPairs``); while running, accumulator rows
    /// for several output pixels.
    /// `nil` for a depth multiplier other than 1, or an input offset outside `-127...128` (where
    /// `w·(x + offset)` would not fit the kernel's 16-bit products).
    static func vectorNeed(_ op: OperatorRecord, in model: Model, kernels: KernelVariant) -> WorkspaceLayout.Need? {
        let channels = model.tensor(op.output(0)).dimension(3)
        let p = Parameters(ParameterWords(op, in: model), channels: channels)
        guard p.depthMultiplier == 1, (-127...128).contains(p.inputOffset) else { return nil }
        let filter = model.tensor(op.input(1))
        let pairs = TapPairs.applies(depth: channels, kernels: kernels) ? TapPairs.bytes(taps: filter.dimension(1) * filter.dimension(2), depth: channels) : 0
        return WorkspaceLayout.Need(
            prepared: VectorChannels.bytes(channels: channels) + pairs,
            transient: 4 * VectorChannels.padded(channels) * VectorChannels.batchRows(channels: channels, granule: 1))
    }

    /// Copies each channel's bias, multiplier and shift into the tables (and packs the tap pairs).
    static func prepareVector(_ op: OperatorRecord, in interpreter: Interpreter, into block: UnsafeMutableRawPointer) {
        let channelCount = interpreter.model.tensor(op.output(0)).dimension(3)
        let p = Parameters(interpreter.parameters(op), channels: channelCount)
        let bias = interpreter.bias(op, 2)
        let channels = VectorChannels(block, channels: channelCount)
        for c in 0..<channels.paddedCount {
            guard c < channelCount else { channels.set(c, bias: 0, multiplier: 0, shift: 0); continue }
            channels.set(c, bias: bias?[c] ?? 0, multiplier: p.multipliers[c], shift: p.shifts[c])
        }
        guard TapPairs.applies(depth: channelCount, kernels: interpreter.kernels) else { return }
        let filter = interpreter.model.tensor(op.input(1))
        let (height, width) = (filter.dimension(1), filter.dimension(2))
        let pairs = TapPairs(block + channels.bytes, taps: height &* width, depth: channelCount)
        let weights = interpreter.int8(op.input(1))
        for c in 0..<channelCount {
            var sum: Int32 = 0
            for t in 0..<pairs.taps { sum &+= Int32(weights[t &* channelCount &+ c]) }
            pairs.start[c] = p.inputOffset &* sum
        }
        let inputShape = interpreter.shape4(op.input(0))
        for t in 0..<2 &* pairs.count {
            let tap = min(t, pairs.taps &- 1)
            let (ky, kx) = (tap / width, tap % width)
            pairs.tapOffsets[t] = Int32(truncatingIfNeeded: (ky &* p.window.dilationHeight &* inputShape.width &+ kx &* p.window.dilationWidth) &* channelCount)
        }
        #if arch(x86_64)
        VectorDepthwiseAVX512.packTapPairs(weights, taps: pairs.taps, depth: channelCount, into: pairs.weights)
        #endif
    }

    /// With AVX-512, a window that lies inside the input is accumulated over pairs of taps
    /// (``VectorDepthwiseAVX512/accumulateTapPairs(_:tapOffsets:pairs:weights:depth:start:output:)``):
    /// its prepared tables are each channel's `inputOffset·Σ w` (where the sums start), each tap's
    /// offset from the window's first input pixel, and the filter packed in pairs of taps.
    struct TapPairs {
        let taps: Int
        let count: Int
        let start: UnsafeMutablePointer<Int32>
        let tapOffsets: UnsafeMutablePointer<Int32>
        let weights: UnsafeMutablePointer<Int32>

        /// Whether `kernels` accumulate a depth of `depth` channels over tap pairs: AVX-512, whole
        /// groups of sixteen channels.
        static func applies(depth: Int, kernels: KernelVariant) -> Bool { kernels.usesAVX512 && depth % 16 == 0 }

        static func bytes(taps: Int, depth: Int) -> Int { 4 * (depth + 2 * ((taps + 1) / 2) + (taps + 1) / 2 * depth) }

        init(_ block: UnsafeMutableRawPointer, taps: Int, depth: Int) {
            self.taps = taps
            count = (taps + 1) / 2
            start = block.assumingMemoryBound(to: Int32.self)
            tapOffsets = start + depth
            weights = tapOffsets + 2 * count
        }
    }

    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit: per output pixel, the window clipped to the image once, sixteen channels at a time
    /// accumulated by ``VectorDepthwise`` (thirty-two by ``VectorDepthwiseAVX512`` where the variant is
    /// AVX-512), then requantized eight at a time.
    static func runVector(_ op: OperatorRecord, in interpreter: Interpreter, prepared: UnsafeMutableRawPointer, transient: UnsafeMutableRawPointer) {
        let filter = interpreter.model.tensor(op.input(1))
        let outputShape = interpreter.shape4(op.output(0))
        let rows = outputShape.batches &* outputShape.height
        // About 64 K multiply-accumulates a worker at least, or the hand-over costs more than it saves.
        let rowWork = max(1, outputShape.width &* outputShape.channels &* filter.dimension(1) &* filter.dimension(2))
        let workers = interpreter.workerCount(sharing: rows, minimumPerWorker: max(1, 65_536 / rowWork))
        guard workers > 1 else {
            runShare(op, in: interpreter, prepared: prepared, rows: 0..<rows, transient: transient)
            return
        }
        interpreter.share(op, prepared: prepared, transient: transient, total: rows, workers: workers, task: depthwiseShare)
    }

    /// Output rows `range` (flattened over batch and height) with the transient region `transient`.
    static func runShare(
        _ op: OperatorRecord, in interpreter: Interpreter, prepared: UnsafeMutableRawPointer, rows range: Range<Int>,
        transient: UnsafeMutableRawPointer
    ) {
        let filterTensor = interpreter.model.tensor(op.input(1))
        let filterHeight = filterTensor.dimension(1), filterWidth = filterTensor.dimension(2)
        let outputShape = interpreter.shape4(op.output(0))
        let depth = outputShape.channels
        let p = Parameters(interpreter.parameters(op), channels: depth)
        let w = p.window
        let input = interpreter.int8(op.input(0))
        let inputShape = interpreter.shape4(op.input(0))
        let filter = interpreter.int8(op.input(1))
        let output = interpreter.mutableInt8(op.output(0))
        let channels = VectorChannels(prepared, channels: depth)
        let batchRows = VectorChannels.batchRows(channels: depth, granule: 1)
        let tile = transient.assumingMemoryBound(to: Int32.self)
        // Few channels and a stride of one in width (AVX-512): neighbouring pixels whose windows lie
        // whole inside the input share one accumulation.
        var neighbours = 0
        let tapPairs = TapPairs.applies(depth: depth, kernels: interpreter.kernels)
        let pairs = TapPairs(prepared + channels.bytes, taps: filterHeight &* filterWidth, depth: depth)
        #if arch(x86_64)
        if !tapPairs, interpreter.kernels.usesAVX512, w.strideWidth == 1, let count = VectorDepthwiseAVX512.neighbours(depth: depth) { neighbours = count }
        #endif
        let reachX = (filterWidth - 1) * w.dilationWidth
        let inputRowStride = w.dilationHeight * inputShape.width * depth, inputColumnStride = w.dilationWidth * depth
        for row in range {
            let b = row / outputShape.height, outY = row % outputShape.height
            let originY = outY * w.strideHeight - w.padTop
            let rows = validTaps(origin: originY, dilation: w.dilationHeight, taps: filterHeight, extent: inputShape.height)
            var first = 0
            var outX = 0
            while outX < outputShape.width {
                let accumulators = tile + (outX - first) * channels.paddedCount
                let originX = outX * w.strideWidth - w.padLeft
                if neighbours > 0 && rows.count == filterHeight && originX >= 0 && originX + neighbours - 1 + reachX < inputShape.width
                    && outX + neighbours <= outputShape.width && outX - first + neighbours <= batchRows {
                    #if arch(x86_64)
                    let window = VectorDepthwise.Window(
                        input: input + inputShape.offset(b, originY, originX, 0), inputRowStride: inputRowStride,
                        inputColumnStride: inputColumnStride, filter: filter, filterRowStride: filterWidth * depth,
                        rows: filterHeight, columns: filterWidth)
                    VectorDepthwiseAVX512.accumulateNeighbours(window, depth: depth, inputOffset: p.inputOffset, output: accumulators)
                    #endif
                    outX += neighbours
                } else {
                    let columns = validTaps(origin: originX, dilation: w.dilationWidth, taps: filterWidth, extent: inputShape.width)
                    if tapPairs && rows.count == filterHeight && columns.count == filterWidth {
                        #if arch(x86_64)
                        VectorDepthwiseAVX512.accumulateTapPairs(
                            input + inputShape.offset(b, originY, originX, 0), tapOffsets: pairs.tapOffsets, pairs: pairs.count,
                            weights: pairs.weights, depth: depth, start: pairs.start, output: accumulators)
                        #endif
                    } else if rows.count > 0 && columns.count > 0 {
                        let window = VectorDepthwise.Window(
                            input: input + inputShape.offset(b, originY + w.dilationHeight * rows.first, originX + w.dilationWidth * columns.first, 0),
                            inputRowStride: inputRowStride, inputColumnStride: inputColumnStride,
                            filter: filter + (rows.first * filterWidth + columns.first) * depth, filterRowStride: filterWidth * depth,
                            rows: rows.count, columns: columns.count)
                        #if arch(x86_64)
                        if interpreter.kernels.usesAVX512 {
                            VectorDepthwiseAVX512.accumulate(window, depth: depth, inputOffset: p.inputOffset, output: accumulators)
                        } else {
                            VectorDepthwise.accumulate(window, depth: depth, inputOffset: p.inputOffset, output: accumulators)
                        }
                        #else
                        VectorDepthwise.accumulate(window, depth: depth, inputOffset: p.inputOffset, output: accumulators)
                        #endif
                    } else {
                        accumulators.update(repeating: 0, count: depth)
                    }
                    outX += 1
                }
                if outX - first == batchRows || outX == outputShape.width {
                    channels.requantize(
                        tile, accumulatorStride: channels.paddedCount, rows: outX - first, count: depth,
                        outputOffset: p.outputOffset, activation: p.activation, output: output + outputShape.offset(b, outY, first, 0),
                        kernels: interpreter.kernels)
                    first = outX
                }
            }
        }
    }

    /// The taps `first ..< first + count` of a window starting at `origin` that land inside `0..<extent`.
    @inline(__always)
    static func validTaps(origin: Int, dilation: Int, taps: Int, extent: Int) -> (first: Int, count: Int) {
        if dilation == 1 {
            let first = max(0, -origin)
            return (first, max(0, min(taps, extent - origin) - first))
        }
        let first = origin < 0 ? (-origin + dilation - 1) / dilation : 0
        let last = origin > extent - 1 ? -1 : min(taps - 1, (extent - 1 - origin) / dilation)
        return (first, max(0, last - first + 1))
    }
}

/// What each worker of a shared DEPTHWISE_CONV_2D runs: its share of the output rows.
private func depthwiseShare(_ argument: UnsafeMutableRawPointer?, _ worker: Int) {
    let shared = SharedRows.at(argument)
    guard let rows = shared.share(of: worker) else { return }
    DepthwiseConv2D.runShare(shared.op, in: shared.interpreter, prepared: shared.prepared, rows: rows, transient: shared.transient(of: worker))
}
#endif
