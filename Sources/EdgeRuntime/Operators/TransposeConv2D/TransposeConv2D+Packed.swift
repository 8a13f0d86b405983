extension TransposeConv2D {
    /// Filter taps that reach one output pixel at most: `⌈Kh/sh⌉·⌈Kw/sw⌉`.
    static func tapsPerPixel(filterHeight: Int, filterWidth: Int, strideHeight: Int, strideWidth: Int) -> Int {
        ((filterHeight + strideHeight - 1) / strideHeight) * ((filterWidth + strideWidth - 1) / strideWidth)
    }

    /// Arena bytes ``runPacked(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:scratch:)``
    /// needs: four windows of up to ``tapsPerPixel(filterHeight:filterWidth:strideHeight:strideWidth:)``
    /// input pixels as offset halfword pairs (``PackedWindows``), then one pixel of zero points for
    /// taps that fall outside the input. The model writer plans it for every TRANSPOSE_CONV.
    public static func packedScratchBytes(
        filterHeight: Int, filterWidth: Int, strideHeight: Int, strideWidth: Int, inputDepth: Int
    ) -> Int {
        let taps = tapsPerPixel(filterHeight: filterHeight, filterWidth: filterWidth, strideHeight: strideHeight, strideWidth: strideWidth)
        return PackedWindows.byteCount(windowSize: taps * inputDepth) + inputDepth
    }

    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit, shaped for the Armv7E-M DSP instructions (``HalfwordPairs``).
    ///
    /// The reference kernel asks, for every output and tap, whether the tap reaches an input pixel.
    /// Here the answer is arithmetic: output column `x` is reached by the taps `fx ≡ x + padLeft (mod
    /// sw)`, so the columns of one residue share their taps. Four such columns (`x, x+sw, x+2sw, x+3sw`)
    /// gather their input pixels once as offset halfword pairs (a pixel outside the input reads the
    /// zero point, which adds nothing), and every output channel then runs the dual multiply-accumulates
    /// of ``Conv2D`` tap by tap. Inputs whose depth is not a multiple of four, or a scratch buffer
    /// smaller than ``packedScratchBytes(filterHeight:filterWidth:strideHeight:strideWidth:inputDepth:)``,
    /// use the reference kernel.
    @_optimize(speed)
    public static func runPacked(
        _ p: Parameters, input: UnsafePointer<Int8>, inputShape: Shape4,
        filter: UnsafePointer<Int8>, filterHeight: Int, filterWidth: Int,
        bias: UnsafePointer<Int32>?, output: UnsafeMutablePointer<Int8>, outputShape: Shape4,
        scratch: UnsafeMutableRawBufferPointer
    ) {
        let w = p.window
        let depth = inputShape.channels
        let taps = tapsPerPixel(filterHeight: filterHeight, filterWidth: filterWidth, strideHeight: w.strideHeight, strideWidth: w.strideWidth)
        guard depth & 3 == 0, let scratchStart = scratch.baseAddress,
              scratch.count >= packedScratchBytes(
                filterHeight: filterHeight, filterWidth: filterWidth, strideHeight: w.strideHeight,
                strideWidth: w.strideWidth, inputDepth: depth) else {
            run(p, input: input, inputShape: inputShape, filter: filter, filterHeight: filterHeight, filterWidth: filterWidth,
                bias: bias, output: output, outputShape: outputShape)
            return
        }
        let windows = PackedWindows(words: scratchStart.assumingMemoryBound(to: Int32.self))
        let outside = (scratchStart + PackedWindows.byteCount(windowSize: taps &* depth)).assumingMemoryBound(to: Int8.self)
        outside.update(repeating: Int8(truncatingIfNeeded: 0 &- p.inputOffset), count: depth)
        let outputDepth = outputShape.channels
        let filterStride = filterHeight &* filterWidth &* depth

        // Input pixel (row `inY`) that tap column `fx` of output column `x` reads, or the zero points.
        func source(_ b: Int, _ inY: Int, _ x: Int, _ fx: Int) -> UnsafePointer<Int8> {
            let t = x &+ w.padLeft &- fx
            let inX = t / w.strideWidth
            guard t >= 0, inX < inputShape.width else { return UnsafePointer(outside) }
            return input + inputShape.offset(b, inY, inX, 0)
        }

        for b in 0..<outputShape.batches {
            for y in 0..<outputShape.height {
                // The filter rows that reach this output row: fy ≡ y + padTop (mod sh), inside the input.
                let firstRow = (y &+ w.padTop) % w.strideHeight
                for firstColumn in 0..<min(w.strideWidth, outputShape.width) {
                    let phase = (firstColumn &+ w.padLeft) % w.strideWidth
                    let columns = (outputShape.width &- firstColumn &+ w.strideWidth &- 1) / w.strideWidth
                    var group = 0
                    while group < columns {
                        // Four columns of this residue; past the last one, the last one again.
                        let x0 = firstColumn &+ group &* w.strideWidth
                        let last = firstColumn &+ (columns &- 1) &* w.strideWidth
                        let x1 = min(x0 &+ w.strideWidth, last), x2 = min(x0 &+ 2 &* w.strideWidth, last)
                        let x3 = min(x0 &+ 3 &* w.strideWidth, last)
                        var packedTaps = 0
                        var fy = firstRow
                        while fy < filterHeight {
                            let t = y &+ w.padTop &- fy
                            if t >= 0 && t / w.strideHeight < inputShape.height {
                                let inY = t / w.strideHeight
                                var fx = phase
                                while fx < filterWidth {
                                    windows.pack(
                                        (source(b, inY, x0, fx), source(b, inY, x1, fx), source(b, inY, x2, fx), source(b, inY, x3, fx)),
                                        count: depth, inputOffset: p.inputOffset, atValue: packedTaps &* depth)
                                    packedTaps &+= 1
                                    fx &+= w.strideWidth
                                }
                            }
                            fy &+= w.strideHeight
                        }
                        let outputs = (output + outputShape.offset(b, y, x0, 0), output + outputShape.offset(b, y, x1, 0),
                                       output + outputShape.offset(b, y, x2, 0), output + outputShape.offset(b, y, x3, 0))
                        for channel in 0..<outputDepth {
                            let start = bias?[channel] ?? 0
                            var (a0, a1, a2, a3) = (start, start, start, start)
                            // The same taps in the same order as packed.
                            var tap = 0
                            var fy = firstRow
                            while fy < filterHeight {
                                let t = y &+ w.padTop &- fy
                                if t >= 0 && t / w.strideHeight < inputShape.height {
                                    var fx = phase
                                    while fx < filterWidth {
                                        let taps = filter + (channel &* filterStride &+ (fy &* filterWidth &+ fx) &* depth)
                                        windows.multiplyAccumulate(taps, count: depth, from: tap &* depth, &a0, &a1, &a2, &a3)
                                        tap &+= 1
                                        fx &+= w.strideWidth
                                    }
                                }
                                fy &+= w.strideHeight
                            }
                            let requantization = ChannelRequantization(multiplier: p.multipliers[channel], shift: p.shifts[channel])
                            outputs.0[channel] = requantization.output(a0, offset: p.outputOffset, activation: p.activation)
                            outputs.1[channel] = requantization.output(a1, offset: p.outputOffset, activation: p.activation)
                            outputs.2[channel] = requantization.output(a2, offset: p.outputOffset, activation: p.activation)
                            outputs.3[channel] = requantization.output(a3, offset: p.outputOffset, activation: p.activation)
                        }
                        group &+= 4
                    }
                }
            }
        }
    }
}
