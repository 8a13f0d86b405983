extension Conv2D {
    /// The largest window (filter height × width × input depth) ``runPacked(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``
    /// gathers on the stack (the 3×3×64 windows of ResNet-8); larger windows, and dilated rows, use
    /// the reference kernel.
    public static let packedWindowCapacity = 576

    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit, shaped for the Armv7E-M DSP instructions (``HalfwordPairs``), as CMSIS-NN does it.
    ///
    /// Output pixels go in pairs: both windows are gathered (padding filled with the input zero point,
    /// so it adds nothing) and stored once as offset 16-bit pairs in a stack buffer of
    /// ``PackedWindows``; then every pair of output channels reads four filter bytes per channel, splits
    /// them into two halfword pairs, and does eight dual multiply-accumulates with the four input
    /// pairs of both pixels. Uses 3.4 KB of stack: 1,152 bytes for padded window rows and 2,320 bytes
    /// of packed pairs.
    @_optimize(speed)
    public static func runPacked(
        _ p: Parameters, input: UnsafePointer<Int8>, inputShape: Shape4,
        filter: UnsafePointer<Int8>, filterHeight: Int, filterWidth: Int,
        bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        let w = p.window
        let inputDepth = inputShape.channels
        let windowSize = filterHeight &* filterWidth &* inputDepth
        guard w.dilationWidth == 1, windowSize <= packedWindowCapacity else {
            run(p, input: input, inputShape: inputShape, filter: filter, filterHeight: filterHeight, filterWidth: filterWidth,
                bias: bias, output: output, outputShape: outputShape)
            return
        }
        let outputDepth = outputShape.channels
        let rowBytes = filterWidth &* inputDepth
        let zeroPoint = Int8(truncatingIfNeeded: 0 &- p.inputOffset)
        var staging = InlineArray<1152, Int8>(repeating: 0)
        var windows = PackedWindows()
        withUnsafeMutableBytes(of: &staging) { stagingBytes in
            let stages = (stagingBytes.baseAddress!.assumingMemoryBound(to: Int8.self),
                          stagingBytes.baseAddress!.assumingMemoryBound(to: Int8.self) + packedWindowCapacity)
            // Row `filterY` of the window of output pixel (b, y, x): the input itself when the row lies
            // inside the image, otherwise copied into `stage` with the zero point where it leaves it.
            func windowRow(_ b: Int, _ y: Int, _ x: Int, _ filterY: Int, stage: UnsafeMutablePointer<Int8>) -> UnsafePointer<Int8> {
                let inY = y &* w.strideHeight &- w.padTop &+ filterY &* w.dilationHeight
                let originX = x &* w.strideWidth &- w.padLeft
                let firstX = max(0, 0 &- originX)
                let endX = min(filterWidth, inputShape.width &- originX)
                let rowInside = inY >= 0 && inY < inputShape.height
                if rowInside && firstX == 0 && endX == filterWidth {
                    return input + inputShape.offset(b, inY, originX, 0)
                }
                let before = rowInside ? min(firstX, filterWidth) &* inputDepth : rowBytes
                let inside = rowInside && endX > firstX ? (endX &- firstX) &* inputDepth : 0
                var i = 0
                while i < before {
                    stage[i] = zeroPoint
                    i &+= 1
                }
                if inside > 0 { (stage + before).update(from: input + inputShape.offset(b, inY, originX &+ firstX, 0), count: inside) }
                i = before &+ inside
                while i < rowBytes {
                    stage[i] = zeroPoint
                    i &+= 1
                }
                return UnsafePointer(stage)
            }
            // The whole window, for rows whose length is not a multiple of four bytes.
            func window(_ b: Int, _ y: Int, _ x: Int, stage: UnsafeMutablePointer<Int8>) -> UnsafePointer<Int8> {
                if filterHeight == 1 { return windowRow(b, y, x, 0, stage: stage) }
                for filterY in 0..<filterHeight {
                    let row = windowRow(b, y, x, filterY, stage: stage + filterY &* rowBytes)
                    if row != UnsafePointer(stage + filterY &* rowBytes) {
                        (stage + filterY &* rowBytes).update(from: row, count: rowBytes)
                    }
                }
                return UnsafePointer(stage)
            }
            let pixels = outputShape.batches &* outputShape.height &* outputShape.width
            var (b, y, x) = (0, 0, 0)
            var pixel = 0
            while pixel < pixels {
                let first = (b, y, x)
                (b, y, x) = next(b, y, x, outputShape)
                let second = pixel &+ 1 < pixels ? (b, y, x) : first
                if pixel &+ 1 < pixels { (b, y, x) = next(b, y, x, outputShape) }
                if rowBytes & 3 == 0 {
                    // Rows of whole words pack one by one, straight from the input where they lie inside it.
                    for filterY in 0..<filterHeight {
                        windows.pack(
                            windowRow(first.0, first.1, first.2, filterY, stage: stages.0),
                            windowRow(second.0, second.1, second.2, filterY, stage: stages.1),
                            count: rowBytes, inputOffset: p.inputOffset, at: filterY &* rowBytes)
                    }
                } else {
                    windows.pack(
                        window(first.0, first.1, first.2, stage: stages.0), window(second.0, second.1, second.2, stage: stages.1),
                        count: windowSize, inputOffset: p.inputOffset, at: 0)
                }
                let outputs = (output + outputShape.offset(first.0, first.1, first.2, 0),
                               output + outputShape.offset(second.0, second.1, second.2, 0))
                var outC = 0
                while outC < outputDepth {
                    let f0 = filter + outC &* windowSize
                    let pairOfChannels = outC &+ 1 < outputDepth
                    let f1 = pairOfChannels ? f0 + windowSize : f0
                    var (a00, a01) = (bias?[outC] ?? 0, pairOfChannels ? bias?[outC &+ 1] ?? 0 : 0)
                    var (a10, a11) = (a00, a01)
                    windows.multiplyAccumulate(f0, f1, count: windowSize, &a00, &a01, &a10, &a11)
                    let first = ChannelRequantization(multiplier: p.multipliers[outC], shift: p.shifts[outC])
                    outputs.0[outC] = first.output(a00, offset: p.outputOffset, activation: p.activation)
                    outputs.1[outC] = first.output(a10, offset: p.outputOffset, activation: p.activation)
                    if pairOfChannels {
                        let second = ChannelRequantization(multiplier: p.multipliers[outC &+ 1], shift: p.shifts[outC &+ 1])
                        outputs.0[outC &+ 1] = second.output(a01, offset: p.outputOffset, activation: p.activation)
                        outputs.1[outC &+ 1] = second.output(a11, offset: p.outputOffset, activation: p.activation)
                    }
                    outC &+= 2
                }
                pixel &+= 2
            }
        }
    }

    /// The output pixel after (b, y, x) in NHWC order.
    @inline(__always)
    static func next(_ b: Int, _ y: Int, _ x: Int, _ shape: Shape4) -> (Int, Int, Int) {
        if x &+ 1 < shape.width { return (b, y, x &+ 1) }
        if y &+ 1 < shape.height { return (b, y &+ 1, 0) }
        return (b &+ 1, 0, 0)
    }
}

/// Two windows of int8 inputs stored as offset 16-bit pairs, interleaved for the packed kernels:
/// for every four input bytes, pixel 0's even pair, its odd pair, then pixel 1's; the last
/// `count % 4` values follow one word each, pixel 0 then pixel 1.
struct PackedWindows {
    var words = InlineArray<580, Int32>(repeating: 0)

    /// Packs `count` bytes of each window with `inputOffset` added, starting at word `start`. Callers
    /// packing a window in parts pass parts of whole words, except the last.
    @inline(__always)
    mutating func pack(_ first: UnsafePointer<Int8>, _ second: UnsafePointer<Int8>, count: Int, inputOffset: Int32, at start: Int) {
        let offsets = HalfwordPairs.splat(inputOffset)
        let groups = count &>> 2
        withUnsafeMutableBytes(of: &words) { raw in
            var out = raw.baseAddress!.assumingMemoryBound(to: Int32.self) + start
            var i = 0
            while i < groups &<< 2 {
                let a = HalfwordPairs.load(first + i)
                let b = HalfwordPairs.load(second + i)
                out[0] = HalfwordPairs.add(HalfwordPairs.evenBytes(a), offsets)
                out[1] = HalfwordPairs.add(HalfwordPairs.oddBytes(a), offsets)
                out[2] = HalfwordPairs.add(HalfwordPairs.evenBytes(b), offsets)
                out[3] = HalfwordPairs.add(HalfwordPairs.oddBytes(b), offsets)
                out += 4
                i &+= 4
            }
            while i < count {
                out[0] = Int32(first[i]) &+ inputOffset
                out[1] = Int32(second[i]) &+ inputOffset
                out += 2
                i &+= 1
            }
        }
    }

    /// Adds `Σ f·x` over the `count` packed values of both windows and two filters: `a00` (filter 0,
    /// window 0), `a01` (filter 1, window 0), `a10`, `a11`.
    @inline(__always)
    mutating func multiplyAccumulate(
        _ filter0: UnsafePointer<Int8>, _ filter1: UnsafePointer<Int8>, count: Int,
        _ a00: inout Int32, _ a01: inout Int32, _ a10: inout Int32, _ a11: inout Int32
    ) {
        let groups = count &>> 2
        withUnsafeMutableBytes(of: &words) { raw in
            var x = UnsafePointer(raw.baseAddress!.assumingMemoryBound(to: Int32.self))
            var f0 = filter0, f1 = filter1
            var remaining = groups
            while remaining > 0 {
                let g0 = HalfwordPairs.load(f0)
                let even0 = HalfwordPairs.evenBytes(g0), odd0 = HalfwordPairs.oddBytes(g0)
                let g1 = HalfwordPairs.load(f1)
                let even1 = HalfwordPairs.evenBytes(g1), odd1 = HalfwordPairs.oddBytes(g1)
                a00 = HalfwordPairs.dotAccumulate(even0, x[0], a00)
                a01 = HalfwordPairs.dotAccumulate(even1, x[0], a01)
                a00 = HalfwordPairs.dotAccumulate(odd0, x[1], a00)
                a01 = HalfwordPairs.dotAccumulate(odd1, x[1], a01)
                a10 = HalfwordPairs.dotAccumulate(even0, x[2], a10)
                a11 = HalfwordPairs.dotAccumulate(even1, x[2], a11)
                a10 = HalfwordPairs.dotAccumulate(odd0, x[3], a10)
                a11 = HalfwordPairs.dotAccumulate(odd1, x[3], a11)
                x += 4
                f0 += 4
                f1 += 4
                remaining &-= 1
            }
            var tail = count & 3
            while tail > 0 {
                let g0 = Int32(f0[0]), g1 = Int32(f1[0])
                a00 &+= g0 &* x[0]
                a01 &+= g1 &* x[0]
                a10 &+= g0 &* x[1]
                a11 &+= g1 &* x[1]
                x += 2
                f0 += 1
                f1 += 1
                tail &-= 1
            }
        }
    }
}
