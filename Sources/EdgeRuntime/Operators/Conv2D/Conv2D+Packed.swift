extension Conv2D {
    /// Arena bytes ``runPacked(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:scratch:)``
    /// needs as scratch for windows of `filterHeight × filterWidth × inputDepth` values: four windows
    /// as offset halfword pairs (``PackedWindows``), four staging copies of a window for rows that
    /// leave the image, then every output channel's prepared requantization (``PreparedChannel``).
    /// The model writer plans a scratch buffer of this size for every CONV_2D, alive during that
    /// operator only.
    public static func packedScratchBytes(filterHeight: Int, filterWidth: Int, inputDepth: Int, outputDepth: Int) -> Int {
        let windowSize = filterHeight * filterWidth * inputDepth
        return PackedWindows.byteCount(windowSize: windowSize) + PackedWindows.pixels * windowSize
            + outputDepth * MemoryLayout<PreparedChannel>.stride
    }

    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit, shaped for the Armv7E-M DSP instructions (``HalfwordPairs``).
    ///
    /// Output pixels go in fours: their windows are gathered (padding filled with the input zero
    /// point, so it adds nothing) and stored once as offset 16-bit pairs in `scratch`, which the model
    /// writer planned in the arena; then every output channel reads four filter bytes at a time,
    /// splits them into two halfword pairs and does eight dual multiply-accumulates, two per pixel.
    /// Rows dilated along the width are gathered tap by tap. A scratch buffer smaller than
    /// ``packedScratchBytes(filterHeight:filterWidth:inputDepth:outputDepth:)`` (a file written without one), use
    /// the reference kernel.
    @_optimize(speed)
    public static func runPacked(
        _ p: Parameters, input: UnsafePointer<Int8>, inputShape: Shape4,
        filter: UnsafePointer<Int8>, filterHeight: Int, filterWidth: Int,
        bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>, outputShape: Shape4,
        scratch: UnsafeMutableRawBufferPointer
    ) {
        let w = p.window
        let inputDepth = inputShape.channels
        let windowSize = filterHeight &* filterWidth &* inputDepth
        guard let scratchStart = scratch.baseAddress,
              scratch.count >= packedScratchBytes(
                filterHeight: filterHeight, filterWidth: filterWidth, inputDepth: inputDepth, outputDepth: outputShape.channels) else {
            run(p, input: input, inputShape: inputShape, filter: filter, filterHeight: filterHeight, filterWidth: filterWidth,
                bias: bias, output: output, outputShape: outputShape)
            return
        }
        let outputDepth = outputShape.channels
        let rowBytes = filterWidth &* inputDepth
        let zeroPoint = Int8(truncatingIfNeeded: 0 &- p.inputOffset)
        let windows = PackedWindows(words: scratchStart.assumingMemoryBound(to: Int32.self))
        let staging = (scratchStart + PackedWindows.byteCount(windowSize: windowSize)).assumingMemoryBound(to: Int8.self)
        let channels = (UnsafeMutableRawPointer(staging) + PackedWindows.pixels &* windowSize).bindMemory(
            to: PreparedChannel.self, capacity: outputDepth)
        for channel in 0..<outputDepth {
            (channels + channel).initialize(
                to: PreparedChannel(
                    bias: bias?[channel] ?? 0, multiplier: p.multipliers[channel], shift: p.shifts[channel], windowSize: windowSize))
        }

        // Row `filterY` of the window of output pixel (b, y, x): the input itself when the row lies
        // inside the image, otherwise copied into `stage` with the zero point where it leaves it.
        // Called once per pixel and row, so out of line (inlined, its eight call sites cost 1.5 KB).
        @inline(never) func windowRow(_ pixel: (Int, Int, Int), _ filterY: Int, stage: UnsafeMutablePointer<Int8>) -> UnsafePointer<Int8> {
            let inY = pixel.1 &* w.strideHeight &- w.padTop &+ filterY &* w.dilationHeight
            let originX = pixel.2 &* w.strideWidth &- w.padLeft
            let rowInside = inY >= 0 && inY < inputShape.height
            if w.dilationWidth != 1 {
                // A row dilated along the width is never contiguous: gather its taps one by one.
                for filterX in 0..<filterWidth {
                    let inX = originX &+ filterX &* w.dilationWidth
                    let tap = stage + filterX &* inputDepth
                    if rowInside && inX >= 0 && inX < inputShape.width {
                        tap.update(from: input + inputShape.offset(pixel.0, inY, inX, 0), count: inputDepth)
                    } else {
                        tap.update(repeating: zeroPoint, count: inputDepth)
                    }
                }
                return UnsafePointer(stage)
            }
            let firstX = max(0, 0 &- originX)
            let endX = min(filterWidth, inputShape.width &- originX)
            if rowInside && firstX == 0 && endX == filterWidth {
                return input + inputShape.offset(pixel.0, inY, originX, 0)
            }
            let before = rowInside ? min(firstX, filterWidth) &* inputDepth : rowBytes
            let inside = rowInside && endX > firstX ? (endX &- firstX) &* inputDepth : 0
            var i = 0
            while i < before {
                stage[i] = zeroPoint
                i &+= 1
            }
            if inside > 0 { (stage + before).update(from: input + inputShape.offset(pixel.0, inY, originX &+ firstX, 0), count: inside) }
            i = before &+ inside
            while i < rowBytes {
                stage[i] = zeroPoint
                i &+= 1
            }
            return UnsafePointer(stage)
        }
        // Pixel `k`'s window row `filterY`, or its whole window (in its stage) when rows are not
        // whole words, so that the four packed rows always cover whole words but the last.
        func windowPart(_ pixel: (Int, Int, Int), _ k: Int, filterY: Int?) -> UnsafePointer<Int8> {
            let stage = staging + k &* windowSize
            if let filterY { return windowRow(pixel, filterY, stage: stage) }
            for filterY in 0..<filterHeight {
                let row = windowRow(pixel, filterY, stage: stage + filterY &* rowBytes)
                if row != UnsafePointer(stage + filterY &* rowBytes) {
                    (stage + filterY &* rowBytes).update(from: row, count: rowBytes)
                }
            }
            return UnsafePointer(stage)
        }
        let pixels = outputShape.batches &* outputShape.height &* outputShape.width
        var position = (0, 0, 0)
        var pixel = 0
        while pixel < pixels {
            // Four consecutive output pixels; past the last one, the last one again.
            let p0 = position
            if pixel &+ 1 < pixels { position = next(position, outputShape) }
            let p1 = position
            if pixel &+ 2 < pixels { position = next(position, outputShape) }
            let p2 = position
            if pixel &+ 3 < pixels { position = next(position, outputShape) }
            let p3 = position
            if pixel &+ 4 < pixels { position = next(position, outputShape) }
            if rowBytes & 3 == 0 {
                // Rows of whole words pack one by one, straight from the input where they lie inside it.
                for filterY in 0..<filterHeight {
                    windows.pack(
                        (windowPart(p0, 0, filterY: filterY), windowPart(p1, 1, filterY: filterY),
                         windowPart(p2, 2, filterY: filterY), windowPart(p3, 3, filterY: filterY)),
                        count: rowBytes, inputOffset: p.inputOffset, atValue: filterY &* rowBytes)
                }
            } else {
                windows.pack(
                    (windowPart(p0, 0, filterY: nil), windowPart(p1, 1, filterY: nil),
                     windowPart(p2, 2, filterY: nil), windowPart(p3, 3, filterY: nil)),
                    count: windowSize, inputOffset: p.inputOffset, atValue: 0)
            }
            let outputs = (output + outputShape.offset(p0.0, p0.1, p0.2, 0), output + outputShape.offset(p1.0, p1.1, p1.2, 0),
                           output + outputShape.offset(p2.0, p2.1, p2.2, 0), output + outputShape.offset(p3.0, p3.1, p3.2, 0))
            var channel = 0
            while channel < outputDepth {
                let prepared = channels + channel
                let start = bias?[channel] ?? 0
                var (a0, a1, a2, a3) = (start, start, start, start)
                windows.multiplyAccumulate(filter + channel &* windowSize, count: windowSize, &a0, &a1, &a2, &a3)
                if prepared.pointee.isShort != 0 {
                    let m = prepared.pointee.multiplier, scale = prepared.pointee.scale
                    let right = Int32(prepared.pointee.rightShift), nudge = 1 &<< (right &- 1)
                    (a0, a1) = (PreparedChannel.shortScaled(a0, multiplier: m, scale: scale, nudge: nudge, rightShift: right),
                                PreparedChannel.shortScaled(a1, multiplier: m, scale: scale, nudge: nudge, rightShift: right))
                    (a2, a3) = (PreparedChannel.shortScaled(a2, multiplier: m, scale: scale, nudge: nudge, rightShift: right),
                                PreparedChannel.shortScaled(a3, multiplier: m, scale: scale, nudge: nudge, rightShift: right))
                } else {
                    let m = prepared.pointee.multiplier, left = Int32(prepared.pointee.leftShift)
                    let right = Int32(prepared.pointee.rightShift)
                    (a0, a1) = (PreparedChannel.scaled(a0, multiplier: m, leftShift: left, rightShift: right),
                                PreparedChannel.scaled(a1, multiplier: m, leftShift: left, rightShift: right))
                    (a2, a3) = (PreparedChannel.scaled(a2, multiplier: m, leftShift: left, rightShift: right),
                                PreparedChannel.scaled(a3, multiplier: m, leftShift: left, rightShift: right))
                }
                outputs.0[channel] = Int8(truncatingIfNeeded: p.activation.clamp(a0 &+ p.outputOffset))
                outputs.1[channel] = Int8(truncatingIfNeeded: p.activation.clamp(a1 &+ p.outputOffset))
                outputs.2[channel] = Int8(truncatingIfNeeded: p.activation.clamp(a2 &+ p.outputOffset))
                outputs.3[channel] = Int8(truncatingIfNeeded: p.activation.clamp(a3 &+ p.outputOffset))
                channel &+= 1
            }
            pixel &+= 4
        }
    }

    /// The output pixel after (b, y, x) in NHWC order.
    @inline(__always)
    static func next(_ pixel: (Int, Int, Int), _ shape: Shape4) -> (Int, Int, Int) {
        if pixel.2 &+ 1 < shape.width { return (pixel.0, pixel.1, pixel.2 &+ 1) }
        if pixel.1 &+ 1 < shape.height { return (pixel.0, pixel.1 &+ 1, 0) }
        return (pixel.0 &+ 1, 0, 0)
    }
}
