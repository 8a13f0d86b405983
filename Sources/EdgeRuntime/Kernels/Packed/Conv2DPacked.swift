extension Conv2D {
    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit, shaped for the Armv7E-M DSP instructions (``HalfwordPairs``): four output channels
    /// at a time; every four input bytes of a filter row become two pairs of offset halfwords once,
    /// then each channel takes four bytes of its filter and two dual multiply-accumulates.
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
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                let originY = outY &* w.strideHeight &- w.padTop
                // Filter rows whose input row is inside the image: firstY..<endY.
                let firstY = originY < 0 ? (w.dilationHeight &- 1 &- originY) / w.dilationHeight : 0
                let endY = min(filterHeight, (inputShape.height &- originY &+ w.dilationHeight &- 1) / w.dilationHeight)
                let rows = max(0, endY &- firstY)
                for outX in 0..<outputShape.width {
                    let originX = outX &* w.strideWidth &- w.padLeft
                    let firstX = max(0, 0 &- originX)
                    let span = rows == 0 ? 0 : max(0, min(filterWidth, inputShape.width &- originX) &- firstX) &* inputDepth
                    let words = span &>> 2
                    let tail = span & 3
                    let outputRow = output + outputShape.offset(b, outY, outX, 0)
                    let inputStart = span == 0 ? input
                        : input + inputShape.offset(b, originY &+ firstY &* w.dilationHeight, originX &+ firstX, 0)
                    let filterStart = filter + (firstY &* filterWidth &+ firstX) &* inputDepth
                    var outC = 0
                    while outC &+ 4 <= outputDepth {
                        var a0: Int32 = 0, a1: Int32 = 0, a2: Int32 = 0, a3: Int32 = 0
                        var xRow = inputStart
                        var fRow = filterStart + outC &* channelStride
                        for _ in 0..<(span == 0 ? 0 : rows) {
                            var x = xRow
                            var f = fRow
                            for _ in 0..<words {
                                let word = HalfwordPairs.load(x)
                                let even = HalfwordPairs.add(HalfwordPairs.evenBytes(word), offsets)
                                let odd = HalfwordPairs.add(HalfwordPairs.oddBytes(word), offsets)
                                a0 = accumulate(HalfwordPairs.load(f), even, odd, a0)
                                a1 = accumulate(HalfwordPairs.load(f + channelStride), even, odd, a1)
                                a2 = accumulate(HalfwordPairs.load(f + channelStride &* 2), even, odd, a2)
                                a3 = accumulate(HalfwordPairs.load(f + channelStride &* 3), even, odd, a3)
                                x += 4
                                f += 4
                            }
                            for i in 0..<tail {
                                let v = Int32(x[i]) &+ p.inputOffset
                                a0 &+= Int32(f[i]) &* v
                                a1 &+= Int32(f[channelStride &+ i]) &* v
                                a2 &+= Int32(f[channelStride &* 2 &+ i]) &* v
                                a3 &+= Int32(f[channelStride &* 3 &+ i]) &* v
                            }
                            xRow += inputRowStep
                            fRow += filterRowStep
                        }
                        outputRow[outC] = packedFinish(p, a0, bias: bias, channel: outC)
                        outputRow[outC &+ 1] = packedFinish(p, a1, bias: bias, channel: outC &+ 1)
                        outputRow[outC &+ 2] = packedFinish(p, a2, bias: bias, channel: outC &+ 2)
                        outputRow[outC &+ 3] = packedFinish(p, a3, bias: bias, channel: outC &+ 3)
                        outC &+= 4
                    }
                    while outC < outputDepth {
                        var accumulator: Int32 = 0
                        var xRow = inputStart
                        var fRow = filterStart + outC &* channelStride
                        for _ in 0..<(span == 0 ? 0 : rows) {
                            for i in 0..<span { accumulator &+= Int32(fRow[i]) &* (Int32(xRow[i]) &+ p.inputOffset) }
                            xRow += inputRowStep
                            fRow += filterRowStep
                        }
                        outputRow[outC] = packedFinish(p, accumulator, bias: bias, channel: outC)
                        outC &+= 1
                    }
                }
            }
        }
    }

    /// Adds four filter bytes times four offset inputs (as even and odd pairs) to `accumulator`.
    @inline(__always)
    static func accumulate(_ filterWord: Int32, _ even: Int32, _ odd: Int32, _ accumulator: Int32) -> Int32 {
        let sum = HalfwordPairs.dotAccumulate(HalfwordPairs.evenBytes(filterWord), even, accumulator)
        return HalfwordPairs.dotAccumulate(HalfwordPairs.oddBytes(filterWord), odd, sum)
    }

    /// Adds the bias, requantizes without branches, offsets and clamps one accumulator.
    @inline(__always)
    static func packedFinish(_ p: Parameters, _ accumulator: Int32, bias: UnsafePointer<Int32>?, channel: Int) -> Int8 {
        var value = accumulator
        if let bias { value &+= bias[channel] }
        value = FixedPoint.multiplyByNonNegativeQuantizedMultiplier(value, p.multipliers[channel], p.shifts[channel])
        return Int8(truncatingIfNeeded: p.activation.clamp(value &+ p.outputOffset))
    }
}
