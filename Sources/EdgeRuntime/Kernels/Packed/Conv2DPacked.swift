extension Conv2D {
    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit, shaped for the Armv7E-M DSP instructions (``HalfwordPairs``).
    ///
    /// Two output channels at a time, over pairs of neighbouring output pixels: every four input bytes
    /// of either pixel cost one load and two sign extensions, every four filter bytes of either
    /// channel one load and two sign extensions, shared by both pixels, and each of the four
    /// pixel–channel pairs takes two dual multiply-accumulates. For windows inside the image the input
    /// offset is folded into the accumulators' start (`Σ f·(x + b) = Σ f·x + b·Σ f`, with `b·Σ f` and
    /// the bias computed once per channel); pixels at a padded border offset their inputs as they go.
    /// An odd last channel uses plain arithmetic.
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
        let pixelStep = w.strideWidth &* inputDepth
        let fullWords = filterRowStep &>> 2
        let fullTail = filterRowStep & 3
        let isPointwise = filterHeight == 1 && filterWidth == 1 && w.strideHeight == 1 && w.strideWidth == 1
            && w.padTop == 0 && w.padLeft == 0 && inputShape.height == outputShape.height && inputShape.width == outputShape.width
        var outC = 0
        while outC &+ 2 <= outputDepth {
            let f0 = filter + outC &* channelStride
            let f1 = f0 + channelStride
            // Start values for windows inside the image: bias + offset · Σ filter, per channel.
            var start0 = bias?[outC] ?? 0, start1 = bias?[outC &+ 1] ?? 0
            var i = 0
            while i < channelStride {
                start0 &+= Int32(f0[i]) &* p.inputOffset
                start1 &+= Int32(f1[i]) &* p.inputOffset
                i &+= 1
            }
            let requantization = PairRequantization(p, channel: outC)
            if isPointwise {
                // A 1×1 window at stride 1 without padding: every pixel's window is its own input pixel.
                var x = input
                var outputPixel = output + outC
                var remaining = outputShape.batches &* outputShape.height &* outputShape.width
                while remaining >= 2 {
                    var (a00, a01, a10, a11) = (start0, start1, start0, start1)
                    twoPixelsTwoChannels(x, x + inputDepth, f0, f1, words: fullWords, tail: fullTail, &a00, &a01, &a10, &a11)
                    requantization.store(a00, a01, to: outputPixel)
                    requantization.store(a10, a11, to: outputPixel + outputDepth)
                    x += inputDepth &* 2
                    outputPixel += outputDepth &* 2
                    remaining &-= 2
                }
                if remaining == 1 {
                    var (a0, a1) = (start0, start1)
                    onePixelTwoChannels(x, f0, f1, words: fullWords, tail: fullTail, inputOffset: 0, offsets: nil, &a0, &a1)
                    requantization.store(a0, a1, to: outputPixel)
                }
                outC &+= 2
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
                    var outX = 0
                    while outX < outputShape.width {
                        let originX = outX &* w.strideWidth &- w.padLeft
                        let inside = rows == filterHeight && originX >= 0 && originX &+ filterWidth <= inputShape.width
                        if inside && outX &+ 1 < outputShape.width && originX &+ w.strideWidth &+ filterWidth <= inputShape.width {
                            var (a00, a01, a10, a11) = (start0, start1, start0, start1)
                            var xRow = input + inputShape.offset(b, originY, originX, 0)
                            var fRow = 0
                            var row = 0
                            while row < filterHeight {
                                twoPixelsTwoChannels(
                                    xRow, xRow + pixelStep, f0 + fRow, f1 + fRow, words: fullWords, tail: fullTail,
                                    &a00, &a01, &a10, &a11)
                                xRow += inputRowStep
                                fRow &+= filterRowStep
                                row &+= 1
                            }
                            requantization.store(a00, a01, to: outputPixel)
                            requantization.store(a10, a11, to: outputPixel + outputDepth)
                            outputPixel += outputDepth &* 2
                            outX &+= 2
                            continue
                        }
                        var a0: Int32, a1: Int32
                        if inside {
                            (a0, a1) = (start0, start1)
                            var xRow = input + inputShape.offset(b, originY, originX, 0)
                            var fRow = 0
                            var row = 0
                            while row < filterHeight {
                                onePixelTwoChannels(
                                    xRow, f0 + fRow, f1 + fRow, words: fullWords, tail: fullTail, inputOffset: 0, offsets: nil, &a0, &a1)
                                xRow += inputRowStep
                                fRow &+= filterRowStep
                                row &+= 1
                            }
                        } else {
                            (a0, a1) = (bias?[outC] ?? 0, bias?[outC &+ 1] ?? 0)
                            let firstX = max(0, 0 &- originX)
                            let span = max(0, min(filterWidth, inputShape.width &- originX) &- firstX) &* inputDepth
                            if rows > 0 && span > 0 {
                                var xRow = input + inputShape.offset(b, originY &+ firstY &* w.dilationHeight, originX &+ firstX, 0)
                                var fRow = (firstY &* filterWidth &+ firstX) &* inputDepth
                                var row = 0
                                while row < rows {
                                    onePixelTwoChannels(
                                        xRow, f0 + fRow, f1 + fRow, words: span &>> 2, tail: span & 3, inputOffset: p.inputOffset,
                                        offsets: offsets, &a0, &a1)
                                    xRow += inputRowStep
                                    fRow &+= filterRowStep
                                    row &+= 1
                                }
                            }
                        }
                        requantization.store(a0, a1, to: outputPixel)
                        outputPixel += outputDepth
                        outX &+= 1
                    }
                }
            }
            outC &+= 2
        }
        if outC < outputDepth {
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
        }
    }

    /// Adds `Σ f·x` over `4·words + tail` bytes for two pixels (`x0`, `x1`) and two filters (`f0`, `f1`)
    /// to `a00` (pixel 0, filter 0), `a01`, `a10` and `a11`; the input offset is already in the accumulators.
    @inline(__always)
    static func twoPixelsTwoChannels(
        _ x0: UnsafePointer<Int8>, _ x1: UnsafePointer<Int8>, _ f0: UnsafePointer<Int8>, _ f1: UnsafePointer<Int8>,
        words: Int, tail: Int, _ a00: inout Int32, _ a01: inout Int32, _ a10: inout Int32, _ a11: inout Int32
    ) {
        let byteCount = words &<< 2
        var i = 0
        while i < byteCount {
            // Filters first, then each input word just in time: four filter halves, one input word
            // and one half of it live at once, which fits the core's registers.
            let filter0 = HalfwordPairs.load(f0 + i)
            let evenFilter0 = HalfwordPairs.evenBytes(filter0), oddFilter0 = HalfwordPairs.oddBytes(filter0)
            let filter1 = HalfwordPairs.load(f1 + i)
            let evenFilter1 = HalfwordPairs.evenBytes(filter1), oddFilter1 = HalfwordPairs.oddBytes(filter1)
            let word0 = HalfwordPairs.load(x0 + i)
            let even0 = HalfwordPairs.evenBytes(word0)
            a00 = HalfwordPairs.dotAccumulate(evenFilter0, even0, a00)
            a01 = HalfwordPairs.dotAccumulate(evenFilter1, even0, a01)
            let odd0 = HalfwordPairs.oddBytes(word0)
            a00 = HalfwordPairs.dotAccumulate(oddFilter0, odd0, a00)
            a01 = HalfwordPairs.dotAccumulate(oddFilter1, odd0, a01)
            let word1 = HalfwordPairs.load(x1 + i)
            let even1 = HalfwordPairs.evenBytes(word1)
            a10 = HalfwordPairs.dotAccumulate(evenFilter0, even1, a10)
            a11 = HalfwordPairs.dotAccumulate(evenFilter1, even1, a11)
            let odd1 = HalfwordPairs.oddBytes(word1)
            a10 = HalfwordPairs.dotAccumulate(oddFilter0, odd1, a10)
            a11 = HalfwordPairs.dotAccumulate(oddFilter1, odd1, a11)
            i &+= 4
        }
        while i < byteCount &+ tail {
            let v0 = Int32(x0[i]), v1 = Int32(x1[i])
            let g0 = Int32(f0[i]), g1 = Int32(f1[i])
            a00 &+= g0 &* v0
            a10 &+= g0 &* v1
            a01 &+= g1 &* v0
            a11 &+= g1 &* v1
            i &+= 1
        }
    }

    /// Adds `Σ f·(x + inputOffset)` over `4·words + tail` bytes for one pixel and two filters to `a0`
    /// and `a1`. With `offsets` (the input offset in both halfwords) the packed inputs are offset;
    /// without, the caller has folded the offset in and passes `inputOffset` 0.
    @inline(__always)
    static func onePixelTwoChannels(
        _ x: UnsafePointer<Int8>, _ f0: UnsafePointer<Int8>, _ f1: UnsafePointer<Int8>, words: Int, tail: Int,
        inputOffset: Int32, offsets: Int32?, _ a0: inout Int32, _ a1: inout Int32
    ) {
        let byteCount = words &<< 2
        var i = 0
        while i < byteCount {
            let word = HalfwordPairs.load(x + i)
            var even = HalfwordPairs.evenBytes(word)
            var odd = HalfwordPairs.oddBytes(word)
            if let offsets {
                even = HalfwordPairs.add(even, offsets)
                odd = HalfwordPairs.add(odd, offsets)
            }
            a0 = accumulate(HalfwordPairs.load(f0 + i), even, odd, a0)
            a1 = accumulate(HalfwordPairs.load(f1 + i), even, odd, a1)
            i &+= 4
        }
        while i < byteCount &+ tail {
            let v = Int32(x[i]) &+ inputOffset
            a0 &+= Int32(f0[i]) &* v
            a1 &+= Int32(f1[i]) &* v
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

/// The output stage of two consecutive channels of a per-channel convolution, read once per block:
/// requantize two accumulators (bias already added), offset, clamp and store them.
struct PairRequantization {
    let multipliers: (Int32, Int32)
    let shifts: (Int32, Int32)
    let outputOffset: Int32
    let activation: ActivationRange

    @inline(__always)
    init(_ p: Conv2D.Parameters, channel: Int) {
        multipliers = (p.multipliers[channel], p.multipliers[channel &+ 1])
        shifts = (p.shifts[channel], p.shifts[channel &+ 1])
        outputOffset = p.outputOffset
        activation = p.activation
    }

    /// Writes the two channels' outputs at `output[0...1]`.
    @inline(__always)
    func store(_ a0: Int32, _ a1: Int32, to output: UnsafeMutablePointer<Int8>) {
        output[0] = Int8(truncatingIfNeeded: activation.clamp(
            FixedPoint.multiplyByNonNegativeQuantizedMultiplier(a0, multipliers.0, shifts.0) &+ outputOffset))
        output[1] = Int8(truncatingIfNeeded: activation.clamp(
            FixedPoint.multiplyByNonNegativeQuantizedMultiplier(a1, multipliers.1, shifts.1) &+ outputOffset))
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
