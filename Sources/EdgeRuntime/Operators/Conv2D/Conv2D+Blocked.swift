extension Conv2D {
    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit, shaped for 32-bit cores without wide SIMD (Cortex-M, RISC-V): four output channels
    /// at a time share each input load and its zero-point offset (`Σ f·(x + offset)` in wrapping Int32,
    /// as the reference), so a multiply-accumulate costs about one filter load and one MAC.
    public static func runBlocked(
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
        let channelStride = filterHeight * filterWidth * inputDepth
        let outputDepth = outputShape.channels
        for b in 0..<outputShape.batches {
            for outY in 0..<outputShape.height {
                let originY = outY * w.strideHeight - w.padTop
                for outX in 0..<outputShape.width {
                    let originX = outX * w.strideWidth - w.padLeft
                    let firstX = max(0, -originX)
                    let span = max(0, min(filterWidth, inputShape.width - originX) - firstX) * inputDepth
                    let outputRow = output + outputShape.offset(b, outY, outX, 0)
                    var outC = 0
                    while outC < outputDepth {
                        let lanes = min(4, outputDepth - outC)
                        var a0: Int32 = 0, a1: Int32 = 0, a2: Int32 = 0, a3: Int32 = 0
                        for filterY in 0..<filterHeight where span > 0 {
                            let inY = originY + w.dilationHeight * filterY
                            if inY < 0 || inY >= inputShape.height { continue }
                            let x = input + inputShape.offset(b, inY, originX + firstX, 0)
                            let f0 = filter + outC * channelStride + (filterY * filterWidth + firstX) * inputDepth
                            if lanes == 4 {
                                let f1 = f0 + channelStride, f2 = f1 + channelStride, f3 = f2 + channelStride
                                for i in 0..<span {
                                    let v = Int32(x[i]) &+ p.inputOffset
                                    a0 &+= Int32(f0[i]) &* v
                                    a1 &+= Int32(f1[i]) &* v
                                    a2 &+= Int32(f2[i]) &* v
                                    a3 &+= Int32(f3[i]) &* v
                                }
                            } else {
                                for lane in 0..<lanes {
                                    let f = f0 + lane * channelStride
                                    var sum: Int32 = 0
                                    for i in 0..<span { sum &+= Int32(f[i]) &* (Int32(x[i]) &+ p.inputOffset) }
                                    switch lane {
                                    case 0: a0 &+= sum
                                    case 1: a1 &+= sum
                                    default: a2 &+= sum
                                    }
                                }
                            }
                        }
                        outputRow[outC] = finish(p, a0, bias: bias, channel: outC)
                        if lanes > 1 { outputRow[outC + 1] = finish(p, a1, bias: bias, channel: outC + 1) }
                        if lanes > 2 { outputRow[outC + 2] = finish(p, a2, bias: bias, channel: outC + 2) }
                        if lanes > 3 { outputRow[outC + 3] = finish(p, a3, bias: bias, channel: outC + 3) }
                        outC += lanes
                    }
                }
            }
        }
    }
}
