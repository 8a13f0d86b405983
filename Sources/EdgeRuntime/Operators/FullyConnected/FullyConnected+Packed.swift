extension FullyConnected {
    /// Arena bytes ``runPacked(_:input:weights:bias:output:batches:inputDepth:outputDepth:scratch:)``
    /// needs as scratch: one input row of `inputDepth` values as offset halfword pairs. The model
    /// writer plans a scratch buffer of this size for every FULLY_CONNECTED in the arena.
    public static func packedScratchBytes(inputDepth: Int) -> Int {
        4 * (inputDepth / 4 * 2 + inputDepth % 4)
    }

    /// The same result as ``run(_:input:weights:bias:output:batches:inputDepth:outputDepth:)``, bit for bit,
    /// shaped for the Armv7E-M DSP instructions (``HalfwordPairs``): each input row is stored once as
    /// offset halfword pairs in `scratch` (planned in the arena), then four outputs at a time read four
    /// weight bytes each, split them into two pairs and do two dual multiply-accumulates
    /// (`Σ (w + a)(x + b) = Σ w·(x + b) + a·Σ (x + b)`, wrapping Int32 as the reference). A scratch
    /// buffer smaller than ``packedScratchBytes(inputDepth:)`` means the reference kernel.
    @_optimize(speed)
    public static func runPacked(
        _ p: Parameters, input: UnsafePointer<Int8>, weights: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, batches: Int, inputDepth: Int, outputDepth: Int,
        scratch: UnsafeMutableRawBufferPointer
    ) {
        guard let scratchStart = scratch.baseAddress, scratch.count >= packedScratchBytes(inputDepth: inputDepth) else {
            run(p, input: input, weights: weights, bias: bias, output: output, batches: batches, inputDepth: inputDepth, outputDepth: outputDepth)
            return
        }
        let packed = PackedRow(words: scratchStart.assumingMemoryBound(to: Int32.self))
        let requantization = ChannelRequantization(multiplier: p.multiplier, shift: p.shift)
        for b in 0..<batches {
            let row = input + b &* inputDepth
            var weightsTerm: Int32 = 0
            if p.weightsOffset != 0 {
                var rowSum: Int32 = 0
                for i in 0..<inputDepth { rowSum &+= Int32(row[i]) &+ p.inputOffset }
                weightsTerm = p.weightsOffset &* rowSum
            }
            packed.pack(row, count: inputDepth, inputOffset: p.inputOffset)
            let outputRow = output + b &* outputDepth
            var o = 0
            while o &+ 4 <= outputDepth {
                var a0 = (bias?[o] ?? 0) &+ weightsTerm, a1 = (bias?[o &+ 1] ?? 0) &+ weightsTerm
                var a2 = (bias?[o &+ 2] ?? 0) &+ weightsTerm, a3 = (bias?[o &+ 3] ?? 0) &+ weightsTerm
                packed.multiplyAccumulate(weights + o &* inputDepth, stride: inputDepth, count: inputDepth, &a0, &a1, &a2, &a3)
                if let multipliers = p.channelMultipliers, let shifts = p.channelShifts {
                    // Each channel's shift split again per row: preparing the short road would cost more.
                    func store(_ a: Int32, _ c: Int) {
                        outputRow[c] = ChannelRequantization(multiplier: multipliers[c], shift: shifts[c])
                            .output(a, offset: p.outputOffset, activation: p.activation)
                    }
                    store(a0, o)
                    store(a1, o &+ 1)
                    store(a2, o &+ 2)
                    store(a3, o &+ 3)
                } else {
                    outputRow[o] = requantization.output(a0, offset: p.outputOffset, activation: p.activation)
                    outputRow[o &+ 1] = requantization.output(a1, offset: p.outputOffset, activation: p.activation)
                    outputRow[o &+ 2] = requantization.output(a2, offset: p.outputOffset, activation: p.activation)
                    outputRow[o &+ 3] = requantization.output(a3, offset: p.outputOffset, activation: p.activation)
                }
                o &+= 4
            }
            while o < outputDepth {
                let w = weights + o &* inputDepth
                var accumulator = (bias?[o] ?? 0) &+ weightsTerm
                for i in 0..<inputDepth { accumulator &+= Int32(w[i]) &* (Int32(row[i]) &+ p.inputOffset) }
                let channel = p.channelMultipliers.map { ChannelRequantization(multiplier: $0[o], shift: p.channelShifts![o]) }
                outputRow[o] = (channel ?? requantization).output(accumulator, offset: p.outputOffset, activation: p.activation)
                o &+= 1
            }
        }
    }
}

/// One input row of int8 values stored as offset 16-bit pairs in a fully-connected layer's scratch
/// buffer: for every four bytes the even pair then the odd pair; the last `count % 4` values one
/// word each.
struct PackedRow {
    /// The packed words, in the operator's scratch buffer.
    let words: UnsafeMutablePointer<Int32>

    /// Packs one row of `count` bytes with `inputOffset` added.
    @inline(__always)
    func pack(_ row: UnsafePointer<Int8>, count: Int, inputOffset: Int32) {
        let offsets = HalfwordPairs.splat(inputOffset)
        var out = words
        var i = 0
        while i < (count &>> 2) &<< 2 {
            let word = HalfwordPairs.load(row + i)
            out[0] = HalfwordPairs.add(HalfwordPairs.evenBytes(word), offsets)
            out[1] = HalfwordPairs.add(HalfwordPairs.oddBytes(word), offsets)
            out += 2
            i &+= 4
        }
        while i < count {
            out[0] = Int32(row[i]) &+ inputOffset
            out += 1
            i &+= 1
        }
    }

    /// Adds `Σ w·x` over the `count` values of a row packed by ``pack(_:count:inputOffset:)`` and four
    /// weight rows (`weights`, `weights + stride`, …) to `a0`…`a3`.
    @inline(__always)
    func multiplyAccumulate(
        _ weights: UnsafePointer<Int8>, stride: Int, count: Int,
        _ a0: inout Int32, _ a1: inout Int32, _ a2: inout Int32, _ a3: inout Int32
    ) {
        var x = UnsafePointer(words)
        var w0 = weights, w1 = weights + stride, w2 = weights + stride &* 2, w3 = weights + stride &* 3
        var remaining = count &>> 2
        if remaining > 0 { repeat {
            let even = x[0], odd = x[1]
            a0 = Self.accumulate(HalfwordPairs.load(w0), even, odd, a0)
            a1 = Self.accumulate(HalfwordPairs.load(w1), even, odd, a1)
            a2 = Self.accumulate(HalfwordPairs.load(w2), even, odd, a2)
            a3 = Self.accumulate(HalfwordPairs.load(w3), even, odd, a3)
            x += 2
            w0 += 4
            w1 += 4
            w2 += 4
            w3 += 4
            remaining &-= 1
        } while remaining != 0 }
        var tail = count & 3
        while tail > 0 {
            let v = x[0]
            a0 &+= Int32(w0[0]) &* v
            a1 &+= Int32(w1[0]) &* v
            a2 &+= Int32(w2[0]) &* v
            a3 &+= Int32(w3[0]) &* v
            x += 1
            w0 += 1
            w1 += 1
            w2 += 1
            w3 += 1
            tail &-= 1
        }
    }

    /// Adds four weight bytes times four inputs (as even and odd halfword pairs) to `accumulator`.
    @inline(__always)
    static func accumulate(_ weightWord: Int32, _ even: Int32, _ odd: Int32, _ accumulator: Int32) -> Int32 {
        let sum = HalfwordPairs.dotAccumulate(HalfwordPairs.evenBytes(weightWord), even, accumulator)
        return HalfwordPairs.dotAccumulate(HalfwordPairs.oddBytes(weightWord), odd, sum)
    }
}
