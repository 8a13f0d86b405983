extension Conv2D {
    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit, faster: the filter window is clipped once per output position, and each filter row
    /// inside the image is one contiguous dot product over `width · inputDepth` values
    /// (`Σ f·(x + offset) = Σ f·x + offset · Σ f`).
    public static func runOptimized(
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
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                let originY = outY * w.strideHeight - w.padTop
                for outX in 0..<outputShape.width {
                    let originX = outX * w.strideWidth - w.padLeft
                    let firstX = max(0, -originX)
                    let endX = min(filterWidth, inputShape.width - originX)
                    guard endX > firstX else {
                        for outC in 0..<outputShape.channels {
                            output[outputShape.offset(b, outY, outX, outC)] = finish(p, 0, bias: bias, channel: outC)
                        }
                        continue
                    }
                    let span = (endX - firstX) * inputDepth
                    let outputRow = output + outputShape.offset(b, outY, outX, 0)
                    for outC in 0..<outputShape.channels {
                        var accumulator: Int32 = 0
                        for filterY in 0..<filterHeight {
                            let inY = originY + w.dilationHeight * filterY
                            if inY < 0 || inY >= inputShape.height { continue }
                            let inputSpan = input + inputShape.offset(b, inY, originX + firstX, 0)
                            let filterSpan = filter + ((outC * filterHeight + filterY) * filterWidth + firstX) * inputDepth
                            let dot = DotProduct.productsAndSum(filterSpan, inputSpan, count: span)
                            accumulator &+= dot.products &+ dot.sumOfFirst &* p.inputOffset
                        }
                        outputRow[outC] = finish(p, accumulator, bias: bias, channel: outC)
                    }
                }
            }
        }
    }

    /// Adds the bias, requantizes, offsets and clamps one accumulator.
    @inline(__always)
    static func finish(_ p: Parameters, _ accumulator: Int32, bias: UnsafePointer<Int32>?, channel: Int) -> Int8 {
        perChannelOutput(accumulator, channel: channel, bias: bias, multipliers: p.multipliers, shifts: p.shifts, outputOffset: p.outputOffset, activation: p.activation)
    }
}
