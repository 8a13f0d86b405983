extension DepthwiseConv2D {
    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit, faster: with depth multiplier 1, sixteen channels at a time accumulate in one SIMD
    /// register over the clipped filter window. Other multipliers use the reference loop.
    public static func runOptimized(
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
        let offset = SIMD16<Int32>(repeating: p.inputOffset)
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                let originY = outY * w.strideHeight - w.padTop
                for outX in 0..<outputShape.width {
                    let originX = outX * w.strideWidth - w.padLeft
                    let outputPixel = output + outputShape.offset(b, outY, outX, 0)
                    var channel = 0
                    while channel + 16 <= depth {
                        var accumulator = SIMD16<Int32>(repeating: 0)
                        for filterY in 0..<filterHeight {
                            let inY = originY + w.dilationHeight * filterY
                            if inY < 0 || inY >= inputShape.height { continue }
                            for filterX in 0..<filterWidth {
                                let inX = originX + w.dilationWidth * filterX
                                if inX < 0 || inX >= inputShape.width { continue }
                                let x = UnsafeRawPointer(input + inputShape.offset(b, inY, inX, channel)).loadUnaligned(as: SIMD16<Int8>.self)
                                let f = UnsafeRawPointer(filter + (filterY * filterWidth + filterX) * depth + channel).loadUnaligned(as: SIMD16<Int8>.self)
                                accumulator &+= SIMD16<Int32>(truncatingIfNeeded: f) &* (SIMD16<Int32>(truncatingIfNeeded: x) &+ offset)
                            }
                        }
                        for lane in 0..<16 {
                            outputPixel[channel + lane] = finish(p, accumulator[lane], bias: bias, channel: channel + lane)
                        }
                        channel += 16
                    }
                    while channel < depth {
                        let accumulator = accumulate(
                            p, input: input, inputShape: inputShape, filter: filter, filterHeight: filterHeight,
                            filterWidth: filterWidth, outputDepth: depth, batch: b, originY: originY, originX: originX,
                            inputChannel: channel, outputChannel: channel)
                        outputPixel[channel] = finish(p, accumulator, bias: bias, channel: channel)
                        channel += 1
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
