extension DepthwiseConv2D {
    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit, shaped for 32-bit cores without wide SIMD (Cortex-M, RISC-V): with depth
    /// multiplier 1, four channels at a time accumulate in scalar registers over the clipped filter
    /// window, instead of sixteen lanes that such cores would spill. Other multipliers use the reference loop.
    public static func runBlocked(
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
        let rowStep = w.dilationHeight * inputShape.width * depth
        let tapStep = w.dilationWidth * depth
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                let originY = outY * w.strideHeight - w.padTop
                // Filter rows whose input row is inside the image: firstY..<endY.
                let firstY = originY < 0 ? (-originY + w.dilationHeight - 1) / w.dilationHeight : 0
                let endY = min(filterHeight, (inputShape.height - originY + w.dilationHeight - 1) / w.dilationHeight)
                for outX in 0..<outputShape.width {
                    let originX = outX * w.strideWidth - w.padLeft
                    let firstX = originX < 0 ? (-originX + w.dilationWidth - 1) / w.dilationWidth : 0
                    let endX = min(filterWidth, (inputShape.width - originX + w.dilationWidth - 1) / w.dilationWidth)
                    let outputPixel = output + outputShape.offset(b, outY, outX, 0)
                    let windowStart = firstY < endY && firstX < endX
                        ? inputShape.offset(b, originY + firstY * w.dilationHeight, originX + firstX * w.dilationWidth, 0) : 0
                    var channel = 0
                    while channel < depth {
                        let lanes = min(4, depth - channel)
                        var a0: Int32 = 0, a1: Int32 = 0, a2: Int32 = 0, a3: Int32 = 0
                        var xRow = input + windowStart + channel
                        var fRow = filter + (firstY * filterWidth + firstX) * depth + channel
                        for _ in firstY..<max(firstY, endY) {
                            var x = xRow
                            var f = fRow
                            for _ in firstX..<max(firstX, endX) {
                                a0 &+= Int32(f[0]) &* (Int32(x[0]) &+ p.inputOffset)
                                if lanes == 4 {
                                    a1 &+= Int32(f[1]) &* (Int32(x[1]) &+ p.inputOffset)
                                    a2 &+= Int32(f[2]) &* (Int32(x[2]) &+ p.inputOffset)
                                    a3 &+= Int32(f[3]) &* (Int32(x[3]) &+ p.inputOffset)
                                } else {
                                    if lanes > 1 { a1 &+= Int32(f[1]) &* (Int32(x[1]) &+ p.inputOffset) }
                                    if lanes > 2 { a2 &+= Int32(f[2]) &* (Int32(x[2]) &+ p.inputOffset) }
                                }
                                x += tapStep
                                f += depth
                            }
                            xRow += rowStep
                            fRow += filterWidth * depth
                        }
                        outputPixel[channel] = finish(p, a0, bias: bias, channel: channel)
                        if lanes > 1 { outputPixel[channel + 1] = finish(p, a1, bias: bias, channel: channel + 1) }
                        if lanes > 2 { outputPixel[channel + 2] = finish(p, a2, bias: bias, channel: channel + 2) }
                        if lanes > 3 { outputPixel[channel + 3] = finish(p, a3, bias: bias, channel: channel + 3) }
                        channel += lanes
                    }
                }
            }
        }
    }
}
