extension DepthwiseConv2D {
    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit, shaped for the Armv7E-M DSP instructions (``HalfwordPairs``): with depth multiplier 1,
    /// four channels at a time; each filter tap loads four input and four filter bytes, splits both into
    /// even and odd halfword pairs and does four 16-bit multiply-accumulates. Other multipliers, and the
    /// last `depth % 4` channels, use the reference arithmetic.
    public static func runPacked(
        _ p: Parameters, input: UnsafePointer<Int8>, inputShape: Shape4,
        filter: UnsafePointer<Int8>, filterHeight: Int, filterWidth: Int,
        bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        guard p.depthMultiplier == 1 else {
            run(p, input: input, inputShape: inputShape, filter: filter, filterHeight: filterHeight, filterWidth: filterWidth,
                bias: bias, output: output, outputShape: outputShape)
            return
        }
        let w = p.window
        let depth = outputShape.channels
        let rowStep = w.dilationHeight &* inputShape.width &* depth
        let tapStep = w.dilationWidth &* depth
        let filterRowStep = filterWidth &* depth
        let offsets = HalfwordPairs.splat(p.inputOffset)
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                let originY = outY &* w.strideHeight &- w.padTop
                // Filter rows whose input row is inside the image: firstY..<endY.
                let firstY = originY < 0 ? (w.dilationHeight &- 1 &- originY) / w.dilationHeight : 0
                let endY = min(filterHeight, (inputShape.height &- originY &+ w.dilationHeight &- 1) / w.dilationHeight)
                let rows = max(0, endY &- firstY)
                for outX in 0..<outputShape.width {
                    let originX = outX &* w.strideWidth &- w.padLeft
                    let firstX = originX < 0 ? (w.dilationWidth &- 1 &- originX) / w.dilationWidth : 0
                    let endX = min(filterWidth, (inputShape.width &- originX &+ w.dilationWidth &- 1) / w.dilationWidth)
                    let columns = max(0, endX &- firstX)
                    let outputPixel = output + outputShape.offset(b, outY, outX, 0)
                    let windowStart = rows > 0 && columns > 0
                        ? inputShape.offset(b, originY &+ firstY &* w.dilationHeight, originX &+ firstX &* w.dilationWidth, 0) : 0
                    let filterStart = (firstY &* filterWidth &+ firstX) &* depth
                    var channel = 0
                    while channel &+ 4 <= depth {
                        var a0: Int32 = 0, a1: Int32 = 0, a2: Int32 = 0, a3: Int32 = 0
                        var xRow = input + windowStart + channel
                        var fRow = filter + filterStart + channel
                        for _ in 0..<rows {
                            var x = xRow
                            var f = fRow
                            for _ in 0..<columns {
                                let inputWord = HalfwordPairs.load(x)
                                let filterWord = HalfwordPairs.load(f)
                                let evenInputs = HalfwordPairs.add(HalfwordPairs.evenBytes(inputWord), offsets)
                                let oddInputs = HalfwordPairs.add(HalfwordPairs.oddBytes(inputWord), offsets)
                                let evenFilters = HalfwordPairs.evenBytes(filterWord)
                                let oddFilters = HalfwordPairs.oddBytes(filterWord)
                                a0 = HalfwordPairs.lowAccumulate(evenFilters, evenInputs, a0)
                                a2 = HalfwordPairs.highAccumulate(evenFilters, evenInputs, a2)
                                a1 = HalfwordPairs.lowAccumulate(oddFilters, oddInputs, a1)
                                a3 = HalfwordPairs.highAccumulate(oddFilters, oddInputs, a3)
                                x += tapStep
                                f += depth
                            }
                            xRow += rowStep
                            fRow += filterRowStep
                        }
                        outputPixel[channel] = packedFinish(p, a0, bias: bias, channel: channel)
                        outputPixel[channel &+ 1] = packedFinish(p, a1, bias: bias, channel: channel &+ 1)
                        outputPixel[channel &+ 2] = packedFinish(p, a2, bias: bias, channel: channel &+ 2)
                        outputPixel[channel &+ 3] = packedFinish(p, a3, bias: bias, channel: channel &+ 3)
                        channel &+= 4
                    }
                    while channel < depth {
                        var accumulator: Int32 = 0
                        var xRow = input + windowStart + channel
                        var fRow = filter + filterStart + channel
                        for _ in 0..<rows {
                            var x = xRow
                            var f = fRow
                            for _ in 0..<columns {
                                accumulator &+= Int32(f[0]) &* (Int32(x[0]) &+ p.inputOffset)
                                x += tapStep
                                f += depth
                            }
                            xRow += rowStep
                            fRow += filterRowStep
                        }
                        outputPixel[channel] = packedFinish(p, accumulator, bias: bias, channel: channel)
                        channel &+= 1
                    }
                }
            }
        }
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
