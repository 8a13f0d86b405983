extension DepthwiseConv2D {
    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit, shaped for the Armv7E-M DSP instructions (``HalfwordPairs``).
    ///
    /// With depth multiplier 1: four channels at a time, over every output pixel. The filter's bytes
    /// for the four channels are split into even and odd halfword pairs once per block (up to 64 taps);
    /// each tap then loads four input bytes, splits them the same way and does four 16-bit
    /// multiply-accumulates. For windows inside the image the input offset and bias are folded into the
    /// accumulators' start (`bias + b·Σ f`, once per block) and one loop walks the taps; at the border
    /// the inputs are offset as they go. Other multipliers and filters of more than 64 taps use the
    /// reference kernel; the last `depth % 4` channels the reference arithmetic.
    @_optimize(speed)
    public static func runPacked(
        _ p: Parameters, input: UnsafePointer<Int8>, inputShape: Shape4,
        filter: UnsafePointer<Int8>, filterHeight: Int, filterWidth: Int,
        bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        let taps = filterHeight &* filterWidth
        let w = p.window
        let depth = outputShape.channels
        // Channels in blocks of four; the rest (all of them for other multipliers or larger filters)
        // one by one with the reference arithmetic.
        let blockedChannels = p.depthMultiplier == 1 && taps <= 64 ? depth & ~3 : 0
        let rowStep = w.dilationHeight &* inputShape.width &* depth
        let tapStep = w.dilationWidth &* depth
        let offsets = HalfwordPairs.splat(p.inputOffset)
        // Each tap's filter bytes for the current four channels, split into even and odd halfword
        // pairs once per block, with the step to the next tap's input.
        var filterHalves = InlineArray<192, Int32>(repeating: 0)
        let spanWidth = (filterWidth &- 1) &* w.dilationWidth &+ 1
        var channel = 0
        while channel < blockedChannels {
            // Start values for windows inside the image: bias + offset · Σ filter, per channel.
            var start0 = bias?[channel] ?? 0, start1 = bias?[channel &+ 1] ?? 0
            var start2 = bias?[channel &+ 2] ?? 0, start3 = bias?[channel &+ 3] ?? 0
            var f = filter + channel
            withUnsafeMutableBytes(of: &filterHalves) { raw in
                var halves = raw.baseAddress!.assumingMemoryBound(to: Int32.self)
                for index in 0..<taps {
                    let filterWord = HalfwordPairs.load(f)
                    halves[0] = HalfwordPairs.evenBytes(filterWord)
                    halves[1] = HalfwordPairs.oddBytes(filterWord)
                    multiplyAccumulate(offsets, offsets, halves, &start0, &start1, &start2, &start3)
                    // The step to the next tap's input: along the row, or to the next row's start.
                    let endOfRow = index % filterWidth == filterWidth &- 1
                    halves[2] = Int32(truncatingIfNeeded: endOfRow ? rowStep &- (filterWidth &- 1) &* tapStep : tapStep)
                    halves += 3
                    f += depth
                }
            }
            let requantization = BlockRequantization(
                multipliers: p.multipliers, shifts: p.shifts, bias: bias, channel: channel, windowSize: taps,
                outputOffset: p.outputOffset, activation: p.activation)
            for b in 0..<outputShape.batches {
                for outY in 0..<outputShape.height {
                    let originY = outY &* w.strideHeight &- w.padTop
                    // Filter rows whose input row is inside the image: firstY..<endY.
                    let firstY = originY < 0 ? (w.dilationHeight &- 1 &- originY) / w.dilationHeight : 0
                    let endY = min(filterHeight, (inputShape.height &- originY &+ w.dilationHeight &- 1) / w.dilationHeight)
                    let rows = max(0, endY &- firstY)
                    var outputPixel = output + outputShape.offset(b, outY, 0, channel)
                    for outX in 0..<outputShape.width {
                        let originX = outX &* w.strideWidth &- w.padLeft
                        var a0: Int32, a1: Int32, a2: Int32, a3: Int32
                        if rows == filterHeight && originX >= 0 && originX &+ spanWidth <= inputShape.width {
                            (a0, a1, a2, a3) = (start0, start1, start2, start3)
                            let xRow = input + inputShape.offset(b, originY, originX, channel)
                            withUnsafeBytes(of: &filterHalves) { raw in
                                var tap = raw.baseAddress!.assumingMemoryBound(to: Int32.self)
                                var x = xRow
                                var remaining = taps
                                while remaining > 0 {
                                    let word = HalfwordPairs.load(x)
                                    multiplyAccumulate(
                                        HalfwordPairs.evenBytes(word), HalfwordPairs.oddBytes(word), tap, &a0, &a1, &a2, &a3)
                                    x += Int(tap[2])
                                    tap += 3
                                    remaining &-= 1
                                }
                            }
                        } else {
                            (a0, a1, a2, a3) = (bias?[channel] ?? 0, bias?[channel &+ 1] ?? 0, bias?[channel &+ 2] ?? 0, bias?[channel &+ 3] ?? 0)
                            let firstX = originX < 0 ? (w.dilationWidth &- 1 &- originX) / w.dilationWidth : 0
                            let endX = min(filterWidth, (inputShape.width &- originX &+ w.dilationWidth &- 1) / w.dilationWidth)
                            let columns = max(0, endX &- firstX)
                            if rows > 0 && columns > 0 {
                                // The clipped window, inputs offset as they go, filters from the unpacked halves.
                                var xRow = input + inputShape.offset(
                                    b, originY &+ firstY &* w.dilationHeight, originX &+ firstX &* w.dilationWidth, channel)
                                withUnsafeBytes(of: &filterHalves) { raw in
                                    var tapRow = raw.baseAddress!.assumingMemoryBound(to: Int32.self) + (firstY &* filterWidth &+ firstX) &* 3
                                    var row = 0
                                    while row < rows {
                                        var x = xRow
                                        var tap = tapRow
                                        var column = 0
                                        while column < columns {
                                            let word = HalfwordPairs.load(x)
                                            multiplyAccumulate(
                                                HalfwordPairs.add(HalfwordPairs.evenBytes(word), offsets),
                                                HalfwordPairs.add(HalfwordPairs.oddBytes(word), offsets), tap, &a0, &a1, &a2, &a3)
                                            x += tapStep
                                            tap += 3
                                            column &+= 1
                                        }
                                        xRow += rowStep
                                        tapRow += filterWidth &* 3
                                        row &+= 1
                                    }
                                }
                            }
                        }
                        requantization.store(a0, a1, a2, a3, to: outputPixel)
                        outputPixel += depth
                    }
                }
            }
            channel &+= 4
        }
        while channel < depth {
            let requantization = ChannelRequantization(multiplier: p.multipliers[channel], shift: p.shifts[channel])
            let channelBias = bias?[channel] ?? 0
            for b in 0..<outputShape.batches {
                for outY in 0..<outputShape.height {
                    for outX in 0..<outputShape.width {
                        let accumulator = accumulate(
                            p, input: input, inputShape: inputShape, filter: filter, filterHeight: filterHeight,
                            filterWidth: filterWidth, outputDepth: depth, batch: b, originY: outY &* w.strideHeight &- w.padTop,
                            originX: outX &* w.strideWidth &- w.padLeft, inputChannel: channel / p.depthMultiplier, outputChannel: channel)
                        output[outputShape.offset(b, outY, outX, channel)] =
                            requantization.output(accumulator &+ channelBias, offset: p.outputOffset, activation: p.activation)
                    }
                }
            }
            channel &+= 1
        }
    }

    /// One filter tap for four channels: the inputs of channels 0 and 2 (`evenInputs`) and 1 and 3
    /// (`oddInputs`) as halfword pairs, times the tap's unpacked filter pairs (`halves[0]`, `halves[1]`),
    /// added to the four accumulators with 16-bit multiply-accumulates.
    @inline(__always)
    static func multiplyAccumulate(
        _ evenInputs: Int32, _ oddInputs: Int32, _ halves: UnsafePointer<Int32>,
        _ a0: inout Int32, _ a1: inout Int32, _ a2: inout Int32, _ a3: inout Int32
    ) {
        a0 = HalfwordPairs.lowAccumulate(halves[0], evenInputs, a0)
        a2 = HalfwordPairs.highAccumulate(halves[0], evenInputs, a2)
        a1 = HalfwordPairs.lowAccumulate(halves[1], oddInputs, a1)
        a3 = HalfwordPairs.highAccumulate(halves[1], oddInputs, a3)
    }
}
