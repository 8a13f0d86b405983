#if arch(x86_64) || arch(arm64)
import EdgeVectorKernels

extension Conv2D {
    /// The vector families' workspace: the requantization tables, the OHWI filter packed for the
    /// family (``KernelVariant/packConvolutionFilter(_:columns:depth:into:)``, or over spans) and
    /// the window's offset tables (``WindowOffsets``); while running, three gathered rows and up to
    /// 48 accumulator rows. `nil` where the input zero point does not fit the int8 padding value a
    /// gathered row holds.
    static func vectorNeed(_ op: OperatorRecord, in model: Model, kernels: KernelVariant) -> WorkspaceLayout.Need? {
        let p = Parameters(ParameterWords(op, in: model), channels: model.tensor(op.input(1)).dimension(0))
        guard (-128...127).contains(-p.inputOffset) else { return nil }
        let shape = VectorShape(op, in: model, kernels: kernels)
        return WorkspaceLayout.Need(
            prepared: VectorChannels.bytes(channels: shape.channels) + shape.packedBytes(kernels) + WindowOffsets.bytes(pieces: shape.pieces),
            transient: WorkspaceLayout.aligned(3 * shape.rowBytes)
                + 4 * VectorChannels.padded(shape.channels) * VectorChannels.batchRows(channels: shape.channels, granule: 3))
    }

    /// The filter as a matrix, `channels` rows of `depth = Kh·Kw·Cin`, and how the product reads a
    /// window: sixteen bytes at a time from an im2col row or, in pieces, from the input itself
    /// (``KernelVariant/readsScatteredRows``), or, with few input channels, four bytes at a time
    /// from each filter row's span (``KernelVariant/readsSpannedRows``).
    struct VectorShape {
        let channels: Int
        let depth: Int
        /// `Kw·Cin`, the bytes of one filter row of a window, where the product reads spans; else `nil`.
        let span: Int?
        var paddedDepth: Int { Int8Multiply.paddedDepth(depth) }
        /// Bytes of a row as the product reads it.
        var rowBytes: Int { span.map { Int8Multiply.spannedDepth(depth: depth, span: $0) } ?? paddedDepth }
        /// Pieces of a row the offset tables hold: groups of four bytes over spans, else sixteen-byte pieces.
        var pieces: Int { span == nil ? paddedDepth / Int8Multiply.depthGranule : rowBytes / 4 }

        init(_ op: OperatorRecord, in model: Model, kernels: KernelVariant) {
            let filter = model.tensor(op.input(1))
            channels = filter.dimension(0)
            depth = filter.dimension(1) * filter.dimension(2) * filter.dimension(3)
            let window = Parameters(ParameterWords(op, in: model), channels: channels).window
            let inputChannels = filter.dimension(3)
            span = kernels.readsSpannedRows && !WindowOffsets.coversTaps(inputChannels: inputChannels) && window.dilationWidth == 1
                ? filter.dimension(2) * inputChannels : nil
        }

        /// Bytes of the packed filter.
        func packedBytes(_ kernels: KernelVariant) -> Int {
            guard let span else { return kernels.convolutionPackedBytes(columns: channels, depth: depth) }
            return kernels.spannedPackedBytes(columns: channels, depth: depth, span: span)
        }
    }

    /// Packs the filter and folds `bias + (inputOffset − rowShift)·Σ w` into each channel's table.
    static func prepareVector(_ op: OperatorRecord, in interpreter: Interpreter, into block: UnsafeMutableRawPointer) {
        let kernels = interpreter.kernels
        let shape = VectorShape(op, in: interpreter.model, kernels: kernels)
        let p = Parameters(interpreter.parameters(op), channels: shape.channels)
        let filter = interpreter.int8(op.input(1))
        let bias = interpreter.bias(op, 2)
        let channels = VectorChannels(block, channels: shape.channels)
        for c in 0..<channels.paddedCount {
            guard c < shape.channels else { channels.set(c, bias: 0, multiplier: 0, shift: 0); continue }
            let sum = DotProduct.sum(filter + c * shape.depth, count: shape.depth)
            let offset = p.inputOffset &- kernels.rowShift
            channels.set(c, bias: (bias?[c] ?? 0) &+ offset &* sum, multiplier: p.multipliers[c], shift: p.shifts[c])
        }
        let packed = (block + channels.bytes).assumingMemoryBound(to: Int8.self)
        if let span = shape.span {
            kernels.packSpannedFilter(filter, columns: shape.channels, depth: shape.depth, span: span, into: packed)
        } else {
            kernels.packConvolutionFilter(filter, columns: shape.channels, depth: shape.depth, into: packed)
        }
        let filterTensor = interpreter.model.tensor(op.input(1))
        WindowOffsets(block + channels.bytes + shape.packedBytes(kernels), pieces: shape.pieces)
            .fill(window: p.window, filterWidth: filterTensor.dimension(2), inputShape: interpreter.shape4(op.input(0)), span: shape.span)
    }

    /// Two tables of Int32, one entry per piece of a window's row (sixteen bytes, or four over
    /// spans): where the piece is in the input, from the window's first tap (`taps`), and where it
    /// is in a gathered row (`contiguous`). Sixteen-byte pieces are in the input only where it has a
    /// multiple of sixteen channels (no piece straddles two taps; else `taps` is not filled); groups
    /// of four over spans always are (a group past a span's end reads up to three bytes of the next
    /// pixel, which meet zero weights). A product that reads scattered rows or spans reads a window
    /// that lies inside the input in place.
    struct WindowOffsets {
        let taps: UnsafeMutablePointer<Int32>
        let contiguous: UnsafeMutablePointer<Int32>
        let count: Int

        static func bytes(pieces: Int) -> Int { 8 * pieces }

        init(_ block: UnsafeMutableRawPointer, pieces: Int) {
            count = pieces
            taps = block.assumingMemoryBound(to: Int32.self)
            contiguous = taps + count
        }

        /// Whether the taps table is filled: the input's channels come in whole sixteen-byte pieces.
        static func coversTaps(inputChannels: Int) -> Bool { inputChannels % Int8Multiply.depthGranule == 0 }

        func fill(window w: WindowGeometry, filterWidth: Int, inputShape: Shape4, span: Int?) {
            let depth = inputShape.channels
            let filterRowStep = w.dilationHeight &* inputShape.width &* depth
            if let span {
                let groupsPerSpan = Int8Multiply.paddedSpan(span) / 4
                for i in 0..<count {
                    contiguous[i] = Int32(truncatingIfNeeded: 4 &* i)
                    taps[i] = Int32(truncatingIfNeeded: i / groupsPerSpan &* filterRowStep &+ 4 &* (i % groupsPerSpan))
                }
                return
            }
            for j in 0..<count {
                contiguous[j] = Int32(truncatingIfNeeded: j &* Int8Multiply.depthGranule)
                guard WindowOffsets.coversTaps(inputChannels: depth) else { taps[j] = 0; continue }
                let k = j &* Int8Multiply.depthGranule
                let tap = k / depth, channel = k % depth
                let ky = tap / filterWidth, kx = tap % filterWidth
                taps[j] = Int32(truncatingIfNeeded: ky &* filterRowStep &+ kx &* w.dilationWidth &* depth &+ channel)
            }
        }
    }

    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit: output pixels three at a time as rows of a matrix (the input itself for a 1×1
    /// filter over 16-byte channel rows, a window read in place where the family can, else a row
    /// gathered and padded with the input zero point, which adds nothing once `inputOffset·Σ w` is
    /// folded into the bias), times the packed filter, requantized eight channels at a time.
    static func runVector(_ op: OperatorRecord, in interpreter: Interpreter, prepared: UnsafeMutableRawPointer, transient: UnsafeMutableRawPointer) {
        let shape = VectorShape(op, in: interpreter.model, kernels: interpreter.kernels)
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
        let kernels = interpreter.kernels
        let shape = VectorShape(op, in: interpreter.model, kernels: kernels)
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
        let rowBytes = shape.rowBytes
        let offsets = WindowOffsets(prepared + channels.bytes + shape.packedBytes(kernels), pieces: shape.pieces)
        // Windows inside the input are read in place where the product can read scattered rows or spans.
        let inPlace = shape.span != nil || kernels.readsScatteredRows && WindowOffsets.coversTaps(inputChannels: inputShape.channels)
        // A group past a span's end reads up to three bytes past it: never past the input's end.
        let lastRead = shape.span == nil ? 0 : Int(offsets.taps[offsets.count &- 1]) &+ 4
        let windowHeight = (filterHeight &- 1) &* w.dilationHeight &+ 1, windowWidth = (filterWidth &- 1) &* w.dilationWidth &+ 1
        // A 1×1 filter without padding reads its row in place (the bytes past the depth meet zero
        // weights), except where that would read past the input tensor.
        let pointwise = filterHeight == 1 && filterWidth == 1 && w.padTop == 0 && w.padLeft == 0
        let inputEnd = input + inputShape.elementCount
        // A gathered row's filter rows: one after the other, or over spans each padded to four bytes.
        var gatheredRowStride = filterWidth &* inputShape.channels
        if let span = shape.span { gatheredRowStride = Int8Multiply.paddedSpan(span) }
        let padding = Int8(truncatingIfNeeded: -p.inputOffset)
        let batchRows = VectorChannels.batchRows(channels: shape.channels, granule: 3)
        let plane = outputShape.height &* outputShape.width
        let rows = transient.assumingMemoryBound(to: Int8.self)
        let tile = (transient + WorkspaceLayout.aligned(3 * rowBytes)).assumingMemoryBound(to: Int32.self)
        var tiles = Tiles(
            kernels: kernels, shape: shape, packed: packed, channels: channels, tile: tile, batchRows: batchRows,
            scattered: kernels.readsScatteredRows && WindowOffsets.coversTaps(inputChannels: inputShape.channels),
            outputOffset: p.outputOffset, activation: p.activation, output: output, end: range.upperBound, m: range.lowerBound)
        // A 1×1 filter at stride 1 without padding: output pixel m reads input pixel m, `Cin` bytes
        // after the last, in place (both offset tables are the contiguous one) while the read stays
        // inside the input; no window to place.
        if pointwise && w.strideHeight == 1 && w.strideWidth == 1 {
            let pixelBytes = inputShape.channels
            let uniformEnd = min(range.upperBound, max(0, (inputShape.elementCount &- rowBytes) / pixelBytes &+ 1))
            if uniformEnd > tiles.m {
                tiles.multiplyRun(input + tiles.m &* pixelBytes, rowStride: pixelBytes, count: uniformEnd &- tiles.m, offsets: offsets.contiguous)
            }
        }
        let m = tiles.m
        var (b, y, x) = (m / plane, m % plane / outputShape.width, m % outputShape.width)
        // The last output column whose window lies inside the input across.
        let lastInsideX = min(outputShape.width &- 1, (inputShape.width &- windowWidth &+ w.padLeft) / w.strideWidth)
        while tiles.m < range.upperBound {
            // Output pixels whose windows lie inside the input, side by side along an output row: read in
            // place, each `strideWidth·Cin` bytes after the last.
            let originY = y &* w.strideHeight &- w.padTop, originX = x &* w.strideWidth &- w.padLeft
            if inPlace && originY >= 0 && originY &+ windowHeight <= inputShape.height && originX >= 0 && x <= lastInsideX {
                let first = input + inputShape.offset(b, originY, originX, 0)
                let step = w.strideWidth &* inputShape.channels
                var count = min(lastInsideX &- x &+ 1, range.upperBound &- tiles.m)
                while count > 0 && first + ((count &- 1) &* step &+ lastRead) > inputEnd { count &-= 1 }
                if count > 0 {
                    tiles.multiplyRun(first, rowStride: step, count: count, offsets: offsets.taps)
                    x &+= count
                    if x == outputShape.width {
                        x = 0
                        y &+= 1
                        if y == outputShape.height { y = 0; b &+= 1 }
                    }
                    continue
                }
            }
            let count = min(3, range.upperBound &- tiles.m)
            var starts = TileRows(repeating: input)
            var rowOffsets = TileRows(repeating: UnsafePointer(offsets.contiguous))
            for r in 0..<count {
                let inY = y &* w.strideHeight, inX = x &* w.strideWidth
                var row = input + inputShape.offset(b, inY, inX, 0)
                let originY = inY &- w.padTop, originX = inX &- w.padLeft
                var readInPlace = false
                if inPlace && originY >= 0 && originX >= 0 && originY &+ windowHeight <= inputShape.height
                    && originX &+ windowWidth <= inputShape.width {
                    let origin = input + inputShape.offset(b, originY, originX, 0)
                    if origin + lastRead <= inputEnd {
                        row = origin
                        rowOffsets[r] = UnsafePointer(offsets.taps)
                        readInPlace = true
                    }
                }
                if !readInPlace && (!pointwise || row + rowBytes > inputEnd || shape.span != nil) {
                    let destination = rows + r &* rowBytes
                    gatherWindow(
                        p.window, input: input, inputShape: inputShape, batch: b, originY: originY,
                        originX: originX, filterHeight: filterHeight, filterWidth: filterWidth,
                        padding: padding, into: destination, rowStride: gatheredRowStride)
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
            tiles.multiply(count, starts, rowOffsets)
        }
    }

    /// A share's rows, three at a time, into the accumulator tile of `batchRows` rows, requantized
    /// when the next rows would not fit and at the share's `end`.
    struct Tiles {
        let kernels: KernelVariant
        let shape: VectorShape
        let packed: UnsafePointer<Int8>
        let channels: VectorChannels
        let tile: UnsafeMutablePointer<Int32>
        let batchRows: Int
        /// Whether rows may be read scattered (``KernelVariant/readsScatteredRows``, whole sixteen-byte pieces per tap).
        let scattered: Bool
        let outputOffset: Int32
        let activation: ActivationRange
        let output: UnsafeMutablePointer<Int8>
        let end: Int
        /// The next row.
        var m: Int
        /// The first row in the tile not yet requantized.
        var tileStart: Int

        init(
            kernels: KernelVariant, shape: VectorShape, packed: UnsafePointer<Int8>, channels: VectorChannels, tile: UnsafeMutablePointer<Int32>,
            batchRows: Int, scattered: Bool, outputOffset: Int32, activation: ActivationRange, output: UnsafeMutablePointer<Int8>, end: Int, m: Int
        ) {
            (self.kernels, self.shape, self.packed, self.channels, self.tile, self.batchRows) = (kernels, shape, packed, channels, tile, batchRows)
            (self.scattered, self.outputOffset, self.activation, self.output, self.end, self.m, tileStart) = (scattered, outputOffset, activation, output, end, m, m)
        }

        /// The product of the next `count` rows (`starts`, and their offset tables where the product reads them).
        @inline(__always)
        mutating func multiply(_ count: Int, _ starts: TileRows<UnsafePointer<Int8>>, _ rowOffsets: TileRows<UnsafePointer<Int32>>) {
            if m &- tileStart &+ count > batchRows { flush() }
            let destination = tile + (m &- tileStart) &* channels.paddedCount
            if shape.span != nil {
                kernels.multiplySpannedRows(
                    rowCount: count, starts, offsets: rowOffsets, groups: shape.pieces, packed: packed, columns: shape.channels,
                    output: destination, outputStride: channels.paddedCount)
            } else {
                kernels.multiplyConvolutionRows(
                    rowCount: count, starts, offsets: scattered ? rowOffsets : nil, paddedDepth: shape.paddedDepth, packed: packed,
                    columns: shape.channels, output: destination, outputStride: channels.paddedCount)
            }
            m &+= count
            if m == end { flush() }
        }

        /// `count` rows read in place from `first` on, each `rowStride` bytes after the last, their
        /// pieces where `offsets` says.
        @inline(__always)
        mutating func multiplyRun(_ first: UnsafePointer<Int8>, rowStride: Int, count: Int, offsets: UnsafePointer<Int32>) {
            if shape.span != nil {
                // Over spans the product takes the run itself, as many rows as the tile has room for at a time.
                var row = first
                let end = m &+ count
                while m < end {
                    if m &- tileStart == batchRows { flush() }
                    let n = min(end &- m, batchRows &- (m &- tileStart))
                    kernels.multiplySpannedRun(
                        row, rowStride: rowStride, count: n, offsets: offsets, groups: shape.pieces, packed: packed, columns: shape.channels,
                        output: tile + (m &- tileStart) &* channels.paddedCount, outputStride: channels.paddedCount)
                    m &+= n
                    row += n &* rowStride
                }
                if m == self.end { flush() }
                return
            }
            let tables = TileRows(repeating: UnsafePointer(offsets))
            var row = first
            let end = m &+ count
            while m < end {
                multiply(min(3, end &- m), TileRows(row, row + rowStride, row + 2 &* rowStride), tables)
                row += 3 &* rowStride
            }
        }

        /// Requantizes the rows in the tile.
        @inline(__always)
        mutating func flush() {
            channels.requantize(
                tile, accumulatorStride: channels.paddedCount, rows: m &- tileStart, count: shape.channels,
                outputOffset: outputOffset, activation: activation, output: output + tileStart &* shape.channels, kernels: kernels)
            tileStart = m
        }
    }

    /// One gathered row: the window's `Kh·Kw·Cin` input bytes in filter order, `padding` outside the
    /// image, each filter row's `Kw·Cin` bytes `rowStride` after the last (`Kw·Cin` for an im2col
    /// row; over spans, the bytes between meet zero weights).
    /// (Wrapping arithmetic: validation bounds every index, and checked arithmetic here cost a fifth
    /// of a small convolution's time. Not inlined: in the caller's loop its registers spilled the
    /// loop's own.)
    @inline(never)
    static func gatherWindow(
        _ w: WindowGeometry, input: UnsafePointer<Int8>, inputShape: Shape4, batch: Int, originY: Int, originX: Int,
        filterHeight: Int, filterWidth: Int, padding: Int8, into row: UnsafeMutablePointer<Int8>, rowStride: Int
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
                destination += rowStride
            }
            return
        }
        // A window over the border: all padding first (a few wide stores, no `memset` call), then
        // each filter row's taps inside the image, one run of them without dilation across.
        ShortCopy.fill(UnsafeMutableRawPointer(row), count: filterHeight &* rowStride, with: UInt8(bitPattern: padding))
        let left = min(filterWidth, max(0, -originX))
        let right = min(filterWidth &- left, max(0, originX &+ filterWidth &- inputShape.width))
        var destination = row
        var inY = originY
        for _ in 0..<filterHeight {
            if inY >= 0 && inY < inputShape.height {
                if w.dilationWidth == 1 {
                    // Taps `left ..< filterWidth − right` are inside across.
                    let run = filterWidth &- left &- right
                    if run > 0 { copy(input + inputShape.offset(batch, inY, originX &+ left, 0), to: destination + left &* depth, count: run &* depth) }
                } else {
                    var inX = originX
                    var tap = destination
                    for _ in 0..<filterWidth {
                        if inX >= 0 && inX < inputShape.width { copy(input + inputShape.offset(batch, inY, inX, 0), to: tap, count: depth) }
                        inX &+= w.dilationWidth
                        tap += depth
                    }
                }
            }
            destination += rowStride
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
