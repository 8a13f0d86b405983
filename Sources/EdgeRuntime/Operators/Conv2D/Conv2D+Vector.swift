#if arch(x86_64) || arch(arm64)
import EdgeVectorKernels

extension Conv2D {
    /// The AVX2 variant's workspace: the requantization tables and the OHWI filter packed for
    /// ``Int8Multiply``; while running, three im2col rows and up to 48 accumulator rows. `nil` where
    /// the input zero point does not fit the int8 padding value im2col writes.
    static func vectorNeed(_ op: OperatorRecord, in model: Model) -> WorkspaceLayout.Need? {
        let p = Parameters(ParameterWords(op, in: model), channels: model.tensor(op.input(1)).dimension(0))
        guard (-128...127).contains(-p.inputOffset) else { return nil }
        let shape = VectorShape(op, in: model)
        return WorkspaceLayout.Need(
            prepared: VectorChannels.bytes(channels: shape.channels) + Int8Multiply.packedBytes(columns: shape.channels, depth: shape.depth),
            transient: WorkspaceLayout.aligned(3 * shape.paddedDepth)
                + 4 * VectorChannels.padded(shape.channels) * VectorChannels.batchRows(channels: shape.channels, granule: 3))
    }

    /// The filter as a matrix: `channels` rows of `depth = Kh·Kw·Cin`.
    struct VectorShape {
        let channels: Int
        let depth: Int
        var paddedDepth: Int { Int8Multiply.paddedDepth(depth) }

        init(_ op: OperatorRecord, in model: Model) {
            let filter = model.tensor(op.input(1))
            channels = filter.dimension(0)
            depth = filter.dimension(1) * filter.dimension(2) * filter.dimension(3)
        }
    }

    /// Packs the filter and folds `bias + (inputOffset − rowShift)·Σ w` into each channel's table.
    static func prepareVector(_ op: OperatorRecord, in interpreter: Interpreter, into block: UnsafeMutableRawPointer) {
        let shape = VectorShape(op, in: interpreter.model)
        let p = Parameters(interpreter.parameters(op), channels: shape.channels)
        let filter = interpreter.int8(op.input(1))
        let bias = interpreter.bias(op, 2)
        let channels = VectorChannels(block, channels: shape.channels)
        for c in 0..<channels.paddedCount {
            guard c < shape.channels else { channels.set(c, bias: 0, multiplier: 0, shift: 0); continue }
            let sum = DotProduct.sum(filter + c * shape.depth, count: shape.depth)
            let offset = p.inputOffset &- interpreter.kernels.rowShift
            channels.set(c, bias: (bias?[c] ?? 0) &+ offset &* sum, multiplier: p.multipliers[c], shift: p.shifts[c])
        }
        Int8Multiply.pack(
            filter, columns: shape.channels, depth: shape.depth,
            into: (block + channels.bytes).assumingMemoryBound(to: Int8.self))
    }

    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit: output pixels three at a time as rows of a matrix (the input itself for a 1×1
    /// filter over 16-byte channel rows, else im2col rows padded with the input zero point, which adds
    /// nothing once `inputOffset·Σ w` is folded into the bias), times the packed filter, requantized
    /// eight channels at a time.
    static func runVector(_ op: OperatorRecord, in interpreter: Interpreter, prepared: UnsafeMutableRawPointer, transient: UnsafeMutableRawPointer) {
        let shape = VectorShape(op, in: interpreter.model)
        let pixels = interpreter.model.tensor(op.output(0)).elementCount / shape.channels
        // About 64 K multiply-accumulates a worker at least, or the hand-over costs more than it saves.
        let workers = interpreter.workerCount(sharing: pixels, minimumPerWorker: max(3, 65_536 / max(1, shape.depth &* shape.channels)))
        guard workers > 1 else {
            runShare(op, in: interpreter, prepared: prepared, pixels: 0..<pixels, transient: transient)
            return
        }
        interpreter.share(op, prepared: prepared, transient: transient, total: pixels, workers: workers, task: convolutionShare)
    }

    /// Output pixels `pixels` (flattened over batch, height and width) with the transient region `transient`.
    static func runShare(
        _ op: OperatorRecord, in interpreter: Interpreter, prepared: UnsafeMutableRawPointer, pixels range: Range<Int>,
        transient: UnsafeMutableRawPointer
    ) {
        let shape = VectorShape(op, in: interpreter.model)
        let filterTensor = interpreter.model.tensor(op.input(1))
        let filterHeight = filterTensor.dimension(1), filterWidth = filterTensor.dimension(2)
        let p = Parameters(interpreter.parameters(op), channels: shape.channels)
        let w = p.window
        let input = interpreter.int8(op.input(0))
        let inputShape = interpreter.shape4(op.input(0))
        let output = interpreter.mutableInt8(op.output(0))
        let outputShape = interpreter.shape4(op.output(0))
        let channels = VectorChannels(prepared, channels: shape.channels)
        let packed = UnsafePointer((prepared + channels.bytes).assumingMemoryBound(to: Int8.self))
        let paddedDepth = shape.paddedDepth
        // A 1×1 filter without padding reads its row in place (the bytes past the depth meet zero
        // weights), except where that would read past the input tensor.
        let pointwise = filterHeight == 1 && filterWidth == 1 && w.padTop == 0 && w.padLeft == 0
        let inputEnd = input + inputShape.elementCount
        let padding = Int8(truncatingIfNeeded: -p.inputOffset)
        let blocks = (shape.channels + 3) / 4
        let batchRows = VectorChannels.batchRows(channels: shape.channels, granule: 3)
        let plane = outputShape.height &* outputShape.width
        let rows = transient.assumingMemoryBound(to: Int8.self)
        let tile = (transient + WorkspaceLayout.aligned(3 * paddedDepth)).assumingMemoryBound(to: Int32.self)
        var (b, y, x) = (range.lowerBound / plane, range.lowerBound % plane / outputShape.width, range.lowerBound % outputShape.width)
        var m = range.lowerBound, tileStart = m
        while m < range.upperBound {
            let count = min(3, range.upperBound &- m)
            var starts = TileRows(repeating: input)
            for r in 0..<count {
                let inY = y &* w.strideHeight, inX = x &* w.strideWidth
                var row = input + inputShape.offset(b, inY, inX, 0)
                if !pointwise || row + paddedDepth > inputEnd {
                    let destination = rows + r &* paddedDepth
                    gatherWindow(
                        p.window, input: input, inputShape: inputShape, batch: b, originY: inY &- w.padTop,
                        originX: inX &- w.padLeft, filterHeight: filterHeight, filterWidth: filterWidth,
                        padding: padding, into: destination)
                    row = UnsafePointer(destination)
                }
                starts[r] = row
                x &+= 1
                if x == outputShape.width {
                    x = 0
                    y &+= 1
                    if y == outputShape.height { y = 0; b &+= 1 }
                }
            }
            interpreter.kernels.multiplyShiftedRows(
                rowCount: count, starts, paddedDepth: paddedDepth, packed: packed, blocks: blocks,
                output: tile + (m &- tileStart) &* channels.paddedCount, outputStride: channels.paddedCount)
            m &+= count
            if m - tileStart == batchRows || m == range.upperBound {
                channels.requantize(
                    tile, accumulatorStride: channels.paddedCount, rows: m - tileStart, count: shape.channels,
                    outputOffset: p.outputOffset, activation: p.activation, output: output + tileStart * shape.channels)
                tileStart = m
            }
        }
    }

    /// One im2col row: the window's `Kh·Kw·Cin` input bytes in filter order, `padding` outside the image.
    /// (Wrapping arithmetic: validation bounds every index, and checked arithmetic here cost a fifth
    /// of a small convolution's time.)
    @inline(__always)
    static func gatherWindow(
        _ w: WindowGeometry, input: UnsafePointer<Int8>, inputShape: Shape4, batch: Int, originY: Int, originX: Int,
        filterHeight: Int, filterWidth: Int, padding: Int8, into row: UnsafeMutablePointer<Int8>
    ) {
        let depth = inputShape.channels
        let span = filterWidth &* depth
        let inside = w.dilationWidth == 1 && originX >= 0 && originX &+ filterWidth <= inputShape.width
        var destination = row
        var inY = originY
        for _ in 0..<filterHeight {
            if inY < 0 || inY >= inputShape.height {
                destination.update(repeating: padding, count: span)
            } else if inside {
                copy(input + inputShape.offset(batch, inY, originX, 0), to: destination, count: span)
            } else {
                var inX = originX
                var tap = destination
                for _ in 0..<filterWidth {
                    if inX < 0 || inX >= inputShape.width {
                        tap.update(repeating: padding, count: depth)
                    } else {
                        copy(input + inputShape.offset(batch, inY, inX, 0), to: tap, count: depth)
                    }
                    inX &+= w.dilationWidth
                    tap += depth
                }
            }
            destination += span
            inY &+= w.dilationHeight
        }
    }

    /// `count` bytes, eight at a time (the spans are short; a `memcpy` call costs more).
    @inline(__always)
    static func copy(_ source: UnsafePointer<Int8>, to destination: UnsafeMutablePointer<Int8>, count: Int) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(destination)
        var i = 0
        while i &+ 8 <= count {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        while i < count {
            destination[i] = source[i]
            i &+= 1
        }
    }
}

/// What each worker of a shared CONV_2D runs: its share of the output pixels.
private func convolutionShare(_ argument: UnsafeMutableRawPointer?, _ worker: Int) {
    let rows = SharedRows.at(argument)
    guard let pixels = rows.share(of: worker) else { return }
    Conv2D.runShare(rows.op, in: rows.interpreter, prepared: rows.prepared, pixels: pixels, transient: rows.transient(of: worker))
}
#endif
