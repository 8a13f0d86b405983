#if arch(x86_64) || arch(arm64)
import EdgeVectorKernels

extension Conv2D {
    /// The vector families' workspace: the requantization tables, the OHWI filter packed for the
    /// family (``KernelVariant/packConvolutionFilter(_:columns:depth:into:)``) and the window's
    /// offset tables (``WindowOffsets``); while running, three im2col rows and up to 48 accumulator
    /// rows. `nil` where the input zero point does not fit the int8 padding value im2col writes.
    static func vectorNeed(_ op: OperatorRecord, in model: Model, kernels: KernelVariant) -> WorkspaceLayout.Need? {
        let p = Parameters(ParameterWords(op, in: model), channels: model.tensor(op.input(1)).dimension(0))
        guard (-128...127).contains(-p.inputOffset) else { return nil }
        let shape = VectorShape(op, in: model)
        return WorkspaceLayout.Need(
            prepared: VectorChannels.bytes(channels: shape.channels) + kernels.convolutionPackedBytes(columns: shape.channels, depth: shape.depth)
                + WindowOffsets.bytes(paddedDepth: shape.paddedDepth),
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
        let kernels = interpreter.kernels
        kernels.packConvolutionFilter(
            filter, columns: shape.channels, depth: shape.depth, into: (block + channels.bytes).assumingMemoryBound(to: Int8.self))
        let filterTensor = interpreter.model.tensor(op.input(1))
        WindowOffsets(block + channels.bytes + kernels.convolutionPackedBytes(columns: shape.channels, depth: shape.depth), paddedDepth: shape.paddedDepth)
            .fill(window: p.window, filterWidth: filterTensor.dimension(2), inputShape: interpreter.shape4(op.input(0)))
    }

    /// Two tables of Int32, one entry per sixteen bytes of a window's row: where those bytes are in
    /// the input, from the window's first tap (`taps`, filled only where the input has a multiple of
    /// sixteen channels, so no piece straddles two taps), and where they are in an im2col row
    /// (`contiguous`, `16·j`). A product that reads scattered rows
    /// (``KernelVariant/readsScatteredRows``) reads a window that lies inside the input in place.
    struct WindowOffsets {
        let taps: UnsafeMutablePointer<Int32>
        let contiguous: UnsafeMutablePointer<Int32>
        let count: Int

        static func bytes(paddedDepth: Int) -> Int { 8 * (paddedDepth / Int8Multiply.depthGranule) }

        init(_ block: UnsafeMutableRawPointer, paddedDepth: Int) {
            count = paddedDepth / Int8Multiply.depthGranule
            taps = block.assumingMemoryBound(to: Int32.self)
            contiguous = taps + count
        }

        /// Whether the taps table is filled: the input's channels come in whole sixteen-byte pieces.
        static func coversTaps(inputChannels: Int) -> Bool { inputChannels % Int8Multiply.depthGranule == 0 }

        func fill(window w: WindowGeometry, filterWidth: Int, inputShape: Shape4) {
            let depth = inputShape.channels
            for j in 0..<count {
                contiguous[j] = Int32(truncatingIfNeeded: j &* Int8Multiply.depthGranule)
                guard WindowOffsets.coversTaps(inputChannels: depth) else { taps[j] = 0; continue }
                let k = j &* Int8Multiply.depthGranule
                let tap = k / depth, channel = k % depth
                let ky = tap / filterWidth, kx = tap % filterWidth
                let offset = (ky &* w.dilationHeight &* inputShape.width &+ kx &* w.dilationWidth) &* depth &+ channel
                taps[j] = Int32(truncatingIfNeeded: offset)
            }
        }
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
        let offsets = WindowOffsets(
            prepared + channels.bytes + interpreter.kernels.convolutionPackedBytes(columns: shape.channels, depth: shape.depth), paddedDepth: paddedDepth)
        // Windows inside the input are read in place where the product can read scattered rows.
        let inPlace = interpreter.kernels.readsScatteredRows && WindowOffsets.coversTaps(inputChannels: inputShape.channels)
        let windowHeight = (filterHeight &- 1) &* w.dilationHeight &+ 1, windowWidth = (filterWidth &- 1) &* w.dilationWidth &+ 1
        // A 1×1 filter without padding reads its row in place (the bytes past the depth meet zero
        // weights), except where that would read past the input tensor.
        let pointwise = filterHeight == 1 && filterWidth == 1 && w.padTop == 0 && w.padLeft == 0
        let inputEnd = input + inputShape.elementCount
        let padding = Int8(truncatingIfNeeded: -p.inputOffset)
        let batchRows = VectorChannels.batchRows(channels: shape.channels, granule: 3)
        let plane = outputShape.height &* outputShape.width
        let rows = transient.assumingMemoryBound(to: Int8.self)
        let tile = (transient + WorkspaceLayout.aligned(3 * paddedDepth)).assumingMemoryBound(to: Int32.self)
        var (b, y, x) = (range.lowerBound / plane, range.lowerBound % plane / outputShape.width, range.lowerBound % outputShape.width)
        var m = range.lowerBound, tileStart = m
        while m < range.upperBound {
            let count = min(3, range.upperBound &- m)
            var starts = TileRows(repeating: input)
            var rowOffsets = TileRows(repeating: UnsafePointer(offsets.contiguous))
            for r in 0..<count {
                let inY = y &* w.strideHeight, inX = x &* w.strideWidth
                var row = input + inputShape.offset(b, inY, inX, 0)
                let originY = inY &- w.padTop, originX = inX &- w.padLeft
                if inPlace && originY >= 0 && originX >= 0 && originY &+ windowHeight <= inputShape.height
                    && originX &+ windowWidth <= inputShape.width {
                    row = input + inputShape.offset(b, originY, originX, 0)
                    rowOffsets[r] = UnsafePointer(offsets.taps)
                } else if !pointwise || row + paddedDepth > inputEnd {
                    let destination = rows + r &* paddedDepth
                    gatherWindow(
                        p.window, input: input, inputShape: inputShape, batch: b, originY: originY,
                        originX: originX, filterHeight: filterHeight, filterWidth: filterWidth,
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
            interpreter.kernels.multiplyConvolutionRows(
                rowCount: count, starts, offsets: inPlace ? rowOffsets : nil, paddedDepth: paddedDepth, packed: packed,
                columns: shape.channels, output: tile + (m &- tileStart) &* channels.paddedCount, outputStride: channels.paddedCount)
            m &+= count
            if m - tileStart == batchRows || m == range.upperBound {
                channels.requantize(
                    tile, accumulatorStride: channels.paddedCount, rows: m - tileStart, count: shape.channels,
                    outputOffset: p.outputOffset, activation: p.activation, output: output + tileStart * shape.channels,
                    kernels: interpreter.kernels)
                tileStart = m
            }
        }
    }

    /// One im2col row: the window's `Kh·Kw·Cin` input bytes in filter order, `padding` outside the image.
    /// (Wrapping arithmetic: validation bounds every index, and checked arithmetic here cost a fifth
    /// of a small convolution's time. Not inlined: in the caller's loop its registers spilled the
    /// loop's own.)
    @inline(never)
    static func gatherWindow(
        _ w: WindowGeometry, input: UnsafePointer<Int8>, inputShape: Shape4, batch: Int, originY: Int, originX: Int,
        filterHeight: Int, filterWidth: Int, padding: Int8, into row: UnsafeMutablePointer<Int8>
    ) {
        let depth = inputShape.channels
        let span = filterWidth &* depth
        let inside = w.dilationWidth == 1 && originX >= 0 && originX &+ filterWidth <= inputShape.width
        if inside && originY >= 0 && originY &+ (filterHeight &- 1) &* w.dilationHeight < inputShape.height {
            // The whole window in the image: one span per filter row, nothing to test.
            var source = input + inputShape.offset(batch, originY, originX, 0)
            let step = w.dilationHeight &* inputShape.width &* depth
            var destination = row
            for _ in 0..<filterHeight {
                copy(source, to: destination, count: span)
                source += step
                destination += span
            }
            return
        }
        // Without dilation across, the taps inside the image are one run: padding, a span, padding.
        let left = w.dilationWidth == 1 ? min(filterWidth, max(0, -originX)) : 0
        let right = w.dilationWidth == 1 ? min(filterWidth &- left, max(0, originX &+ filterWidth &- inputShape.width)) : 0
        var destination = row
        var inY = originY
        for _ in 0..<filterHeight {
            if inY < 0 || inY >= inputShape.height {
                destination.update(repeating: padding, count: span)
            } else if inside {
                copy(input + inputShape.offset(batch, inY, originX, 0), to: destination, count: span)
            } else if w.dilationWidth == 1 {
                destination.update(repeating: padding, count: left &* depth)
                let run = filterWidth &- left &- right
                if run > 0 { copy(input + inputShape.offset(batch, inY, originX &+ left, 0), to: destination + left &* depth, count: run &* depth) }
                (destination + (left &+ run) &* depth).update(repeating: padding, count: right &* depth)
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

    /// `count` bytes (``ShortCopy``: the spans are short, a `memcpy` call costs more).
    @inline(__always)
    static func copy(_ source: UnsafePointer<Int8>, to destination: UnsafeMutablePointer<Int8>, count: Int) {
        ShortCopy.copy(UnsafeRawPointer(source), to: UnsafeMutableRawPointer(destination), count: count)
    }
}

/// What each worker of a shared CONV_2D runs: its share of the output pixels.
private func convolutionShare(_ argument: UnsafeMutableRawPointer?, _ worker: Int) {
    let rows = SharedRows.at(argument)
    guard let pixels = rows.share(of: worker) else { return }
    Conv2D.runShare(rows.op, in: rows.interpreter, prepared: rows.prepared, pixels: pixels, transient: rows.transient(of: worker))
}
#endif
