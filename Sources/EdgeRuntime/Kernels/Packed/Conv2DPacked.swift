extension Conv2D {
    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit, shaped for the Armv7E-M DSP instructions (``HalfwordPairs``).
    ///
    /// Four output channels at a time, over every output pixel. For pixels whose window lies inside
    /// the image the input offset is folded into the accumulators' start
    /// (`Σ f·(x + b) = Σ f·x + b·Σ f`, with `b·Σ f` and the bias computed once per four channels), so
    /// every four input bytes cost one load and two sign extensions, and each channel one filter load,
    /// two sign extensions and two dual multiply-accumulates. Pixels at a padded border offset their
    /// inputs as they go; the last `depth % 4` channels use plain arithmetic.
    @_optimize(speed)
    public static func runPacked(
        _ p: Parameters, input: UnsafePointer<Int8>, inputShape: Shape4,
        filter: UnsafePointer<Int8>, filterHeight: Int, filterWidth: Int,
        bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        let w = p.window
        guard w.dilationWidth == 1 else {
            run(p, input: input, inputShape: inputShape, filter: filter, filterHeight: filterHeight, filterWidth: filterWidth,
                bias: bias, output: output, outputShape: outputShape)
            return
        }
        let inputDepth = inputShape.channels
        let channelStride = filterHeight &* filterWidth &* inputDepth
        let outputDepth = outputShape.channels
        let offsets = HalfwordPairs.splat(p.inputOffset)
        let inputRowStep = w.dilationHeight &* inputShape.width &* inputDepth
        let filterRowStep = filterWidth &* inputDepth
        let fullWords = filterRowStep &>> 2
        let fullTail = filterRowStep & 3
        let isPointwise = filterHeight == 1 && filterWidth == 1 && w.strideHeight == 1 && w.strideWidth == 1
            && w.padTop == 0 && w.padLeft == 0 && inputShape.height == outputShape.height && inputShape.width == outputShape.width
        var outC = 0
        while outC &+ 4 <= outputDepth {
            let f0 = filter + outC &* channelStride
            // Start values for windows inside the image: bias + offset · Σ filter, per channel.
            var start0 = bias?[outC] ?? 0, start1 = bias?[outC &+ 1] ?? 0
            var start2 = bias?[outC &+ 2] ?? 0, start3 = bias?[outC &+ 3] ?? 0
            for i in 0..<channelStride {
                start0 &+= Int32(f0[i]) &* p.inputOffset
                start1 &+= Int32(f0[channelStride &+ i]) &* p.inputOffset
                start2 &+= Int32(f0[channelStride &* 2 &+ i]) &* p.inputOffset
                start3 &+= Int32(f0[channelStride &* 3 &+ i]) &* p.inputOffset
            }
            let requantization = BlockRequantization(p, channel: outC)
            if isPointwise {
                // A 1×1 window at stride 1 without padding: every pixel's window is its own input pixel.
                var x = input
                var outputPixel = output + outC
                var remaining = outputShape.batches &* outputShape.height &* outputShape.width
                while remaining > 0 {
                    var (a0, a1, a2, a3) = (start0, start1, start2, start3)
                    dotProducts(x, f0, channelStride, words: fullWords, tail: fullTail, inputOffset: 0, &a0, &a1, &a2, &a3)
                    requantization.store(a0, a1, a2, a3, to: outputPixel)
                    x += inputDepth
                    outputPixel += outputDepth
                    remaining &-= 1
                }
                outC &+= 4
                continue
            }
            for b in 0..<outputShape.batches {
                for outY in 0..<outputShape.height {
                    let originY = outY &* w.strideHeight &- w.padTop
                    // Filter rows whose input row is inside the image: firstY..<endY.
                    let firstY = originY < 0 ? (w.dilationHeight &- 1 &- originY) / w.dilationHeight : 0
                    let endY = min(filterHeight, (inputShape.height &- originY &+ w.dilationHeight &- 1) / w.dilationHeight)
                    let rows = max(0, endY &- firstY)
                    var outputPixel = output + outputShape.offset(b, outY, 0, outC)
                    for outX in 0..<outputShape.width {
                        let originX = outX &* w.strideWidth &- w.padLeft
                        var a0: Int32, a1: Int32, a2: Int32, a3: Int32
                        if rows == filterHeight && originX >= 0 && originX &+ filterWidth <= inputShape.width {
                            (a0, a1, a2, a3) = (start0, start1, start2, start3)
                            var xRow = input + inputShape.offset(b, originY, originX, 0)
                            var fRow = f0
                            for _ in 0..<filterHeight {
                                dotProducts(
                                    xRow, fRow, channelStride, words: fullWords, tail: fullTail, inputOffset: 0,
                                    &a0, &a1, &a2, &a3)
                                xRow += inputRowStep
                                fRow += filterRowStep
                            }
                        } else {
                            (a0, a1, a2, a3) = (bias?[outC] ?? 0, bias?[outC &+ 1] ?? 0, bias?[outC &+ 2] ?? 0, bias?[outC &+ 3] ?? 0)
                            let firstX = max(0, 0 &- originX)
                            let span = max(0, min(filterWidth, inputShape.width &- originX) &- firstX) &* inputDepth
                            if rows > 0 && span > 0 {
                                var xRow = input + inputShape.offset(b, originY &+ firstY &* w.dilationHeight, originX &+ firstX, 0)
                                var fRow = f0 + (firstY &* filterWidth &+ firstX) &* inputDepth
                                for _ in 0..<rows {
                                    dotProducts(
                                        xRow, fRow, channelStride, words: span &>> 2, tail: span & 3, inputOffset: p.inputOffset,
                                        &a0, &a1, &a2, &a3, offsets: offsets)
                                    xRow += inputRowStep
                                    fRow += filterRowStep
                                }
                            }
                        }
                        requantization.store(a0, a1, a2, a3, to: outputPixel)
                        outputPixel += outputDepth
                    }
                }
            }
            outC &+= 4
        }
        while outC < outputDepth {
            for b in 0..<outputShape.batches {
                for outY in 0..<outputShape.height {
                    let originY = outY &* w.strideHeight &- w.padTop
                    for outX in 0..<outputShape.width {
                        let originX = outX &* w.strideWidth &- w.padLeft
                        let firstX = max(0, 0 &- originX)
                        let span = max(0, min(filterWidth, inputShape.width &- originX) &- firstX) &* inputDepth
                        var accumulator: Int32 = bias?[outC] ?? 0
                        for filterY in 0..<filterHeight where span > 0 {
                            let inY = originY &+ w.dilationHeight &* filterY
                            if inY < 0 || inY >= inputShape.height { continue }
                            let x = input + inputShape.offset(b, inY, originX &+ firstX, 0)
                            let f = filter + (outC &* channelStride &+ (filterY &* filterWidth &+ firstX) &* inputDepth)
                            for i in 0..<span { accumulator &+= Int32(f[i]) &* (Int32(x[i]) &+ p.inputOffset) }
                        }
                        output[outputShape.offset(b, outY, outX, outC)] = Int8(truncatingIfNeeded: p.activation.clamp(
                            FixedPoint.multiplyByNonNegativeQuantizedMultiplier(accumulator, p.multipliers[outC], p.shifts[outC])
                                &+ p.outputOffset))
                    }
                }
            }
            outC &+= 1
        }
    }

    /// Adds `Σ f·(x + inputOffset)` over `4·words + tail` bytes to four accumulators, one per filter
    /// (`filter`, `filter + stride`, …). With `offsets` (the input offset in both halfwords) the
    /// packed inputs are offset; without, the caller has folded the offset in.
    @inline(__always)
    static func dotProducts(
        _ input: UnsafePointer<Int8>, _ filter: UnsafePointer<Int8>, _ stride: Int, words: Int, tail: Int, inputOffset: Int32,
        _ a0: inout Int32, _ a1: inout Int32, _ a2: inout Int32, _ a3: inout Int32, offsets: Int32? = nil
    ) {
        // One index counting up to zero serves as loop counter and offset from five end pointers,
        // which leaves the core's fourteen registers enough for the loop without spills.
        let byteCount = words &<< 2
        let x = input + byteCount
        let f0 = filter + byteCount, f1 = f0 + stride, f2 = f0 + stride &* 2, f3 = f0 + stride &* 3
        var i = 0 &- byteCount
        while i != 0 {
            let word = HalfwordPairs.load(x + i)
            var even = HalfwordPairs.evenBytes(word)
            var odd = HalfwordPairs.oddBytes(word)
            if let offsets {
                even = HalfwordPairs.add(even, offsets)
                odd = HalfwordPairs.add(odd, offsets)
            }
            a0 = accumulate(HalfwordPairs.load(f0 + i), even, odd, a0)
            a1 = accumulate(HalfwordPairs.load(f1 + i), even, odd, a1)
            a2 = accumulate(HalfwordPairs.load(f2 + i), even, odd, a2)
            a3 = accumulate(HalfwordPairs.load(f3 + i), even, odd, a3)
            i &+= 4
        }
        while i < tail {
            let v = Int32(x[i]) &+ inputOffset
            a0 &+= Int32(f0[i]) &* v
            a1 &+= Int32(f1[i]) &* v
            a2 &+= Int32(f2[i]) &* v
            a3 &+= Int32(f3[i]) &* v
            i &+= 1
        }
    }

    /// Adds four filter bytes times four inputs (as even and odd halfword pairs) to `accumulator`.
    @inline(__always)
    static func accumulate(_ filterWord: Int32, _ even: Int32, _ odd: Int32, _ accumulator: Int32) -> Int32 {
        let sum = HalfwordPairs.dotAccumulate(HalfwordPairs.evenBytes(filterWord), even, accumulator)
        return HalfwordPairs.dotAccumulate(HalfwordPairs.oddBytes(filterWord), odd, sum)
    }
}

/// The output stage of four consecutive channels of a per-channel convolution, read once per block:
/// requantize four accumulators (bias already added), offset, clamp and store them.
struct BlockRequantization {
    let multipliers: (Int32, Int32, Int32, Int32)
    let shifts: (Int32, Int32, Int32, Int32)
    let outputOffset: Int32
    let activation: ActivationRange

    @inline(__always)
    init(multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>, channel: Int, outputOffset: Int32, activation: ActivationRange) {
        self.multipliers = (multipliers[channel], multipliers[channel &+ 1], multipliers[channel &+ 2], multipliers[channel &+ 3])
        self.shifts = (shifts[channel], shifts[channel &+ 1], shifts[channel &+ 2], shifts[channel &+ 3])
        self.outputOffset = outputOffset
        self.activation = activation
    }

    @inline(__always)
    init(_ p: Conv2D.Parameters, channel: Int) {
        self.init(multipliers: p.multipliers, shifts: p.shifts, channel: channel, outputOffset: p.outputOffset, activation: p.activation)
    }

    @inline(__always)
    func value(_ accumulator: Int32, _ multiplier: Int32, _ shift: Int32) -> Int8 {
        Int8(truncatingIfNeeded: activation.clamp(
            FixedPoint.multiplyByNonNegativeQuantizedMultiplier(accumulator, multiplier, shift) &+ outputOffset))
    }

    /// Writes the four channels' outputs at `output[0...3]`.
    @inline(__always)
    func store(_ a0: Int32, _ a1: Int32, _ a2: Int32, _ a3: Int32, to output: UnsafeMutablePointer<Int8>) {
        output[0] = value(a0, multipliers.0, shifts.0)
        output[1] = value(a1, multipliers.1, shifts.1)
        output[2] = value(a2, multipliers.2, shifts.2)
        output[3] = value(a3, multipliers.3, shifts.3)
    }
}
