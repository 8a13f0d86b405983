extension FullyConnected {
    /// The same result as ``run(_:input:weights:bias:output:batches:inputDepth:outputDepth:)``, bit for bit,
    /// shaped for the Armv7E-M DSP instructions (``HalfwordPairs``): four outputs at a time; every four
    /// input bytes become two pairs of offset halfwords once, then each output takes four weight bytes
    /// and two dual multiply-accumulates (`Σ (w + a)(x + b) = Σ w·(x + b) + a·Σ (x + b)`, wrapping Int32).
    @_optimize(speed)
    public static func runPacked(
        _ p: Parameters, input: UnsafePointer<Int8>, weights: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, batches: Int, inputDepth: Int, outputDepth: Int
    ) {
        let offsets = HalfwordPairs.splat(p.inputOffset)
        let words = inputDepth / 4
        let tail = inputDepth & 3
        for b in 0..<batches {
            let row = input + b &* inputDepth
            var weightsTerm: Int32 = 0
            if p.weightsOffset != 0 {
                var rowSum: Int32 = 0
                for i in 0..<inputDepth { rowSum &+= Int32(row[i]) &+ p.inputOffset }
                weightsTerm = p.weightsOffset &* rowSum
            }
            let outputRow = output + b &* outputDepth
            var o = 0
            while o &+ 4 <= outputDepth {
                var a0: Int32 = 0, a1: Int32 = 0, a2: Int32 = 0, a3: Int32 = 0
                var x = row
                var w = weights + o &* inputDepth
                for _ in 0..<words {
                    let word = HalfwordPairs.load(x)
                    let even = HalfwordPairs.add(HalfwordPairs.evenBytes(word), offsets)
                    let odd = HalfwordPairs.add(HalfwordPairs.oddBytes(word), offsets)
                    a0 = Conv2D.accumulate(HalfwordPairs.load(w), even, odd, a0)
                    a1 = Conv2D.accumulate(HalfwordPairs.load(w + inputDepth), even, odd, a1)
                    a2 = Conv2D.accumulate(HalfwordPairs.load(w + inputDepth &* 2), even, odd, a2)
                    a3 = Conv2D.accumulate(HalfwordPairs.load(w + inputDepth &* 3), even, odd, a3)
                    x += 4
                    w += 4
                }
                for i in 0..<tail {
                    let v = Int32(x[i]) &+ p.inputOffset
                    a0 &+= Int32(w[i]) &* v
                    a1 &+= Int32(w[inputDepth &+ i]) &* v
                    a2 &+= Int32(w[inputDepth &* 2 &+ i]) &* v
                    a3 &+= Int32(w[inputDepth &* 3 &+ i]) &* v
                }
                outputRow[o] = packedFinish(p, a0 &+ weightsTerm, bias: bias, index: o)
                outputRow[o &+ 1] = packedFinish(p, a1 &+ weightsTerm, bias: bias, index: o &+ 1)
                outputRow[o &+ 2] = packedFinish(p, a2 &+ weightsTerm, bias: bias, index: o &+ 2)
                outputRow[o &+ 3] = packedFinish(p, a3 &+ weightsTerm, bias: bias, index: o &+ 3)
                o &+= 4
            }
            while o < outputDepth {
                let w = weights + o &* inputDepth
                var accumulator: Int32 = 0
                for i in 0..<inputDepth { accumulator &+= Int32(w[i]) &* (Int32(row[i]) &+ p.inputOffset) }
                outputRow[o] = packedFinish(p, accumulator &+ weightsTerm, bias: bias, index: o)
                o &+= 1
            }
        }
    }

    /// Adds the bias, requantizes without branches, offsets and clamps one accumulator.
    @inline(__always)
    static func packedFinish(_ p: Parameters, _ accumulator: Int32, bias: UnsafePointer<Int32>?, index: Int) -> Int8 {
        var value = accumulator
        if let bias { value &+= bias[index] }
        value = FixedPoint.multiplyByNonNegativeQuantizedMultiplier(value, p.multiplier, p.shift)
        return Int8(truncatingIfNeeded: p.activation.clamp(value &+ p.outputOffset))
    }
}
