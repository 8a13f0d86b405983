extension FullyConnected {
    /// The same result as ``run(_:input:weights:bias:output:batches:inputDepth:outputDepth:)``, bit for bit,
    /// shaped for 32-bit cores without wide SIMD (Cortex-M, RISC-V): four outputs at a time share each
    /// offset input value (`Σ (w + a)(x + b) = Σ w·(x + b) + a·Σ (x + b)`, wrapping Int32 as the reference).
    public static func runBlocked(
        _ p: Parameters, input: UnsafePointer<Int8>, weights: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, batches: Int, inputDepth: Int, outputDepth: Int
    ) {
        for b in 0..<batches {
            let row = input + b * inputDepth
            var rowSum: Int32 = 0
            for i in 0..<inputDepth { rowSum &+= Int32(row[i]) &+ p.inputOffset }
            let weightsTerm = p.weightsOffset &* rowSum
            var o = 0
            while o < outputDepth {
                let lanes = min(4, outputDepth - o)
                var a0: Int32 = 0, a1: Int32 = 0, a2: Int32 = 0, a3: Int32 = 0
                let w0 = weights + o * inputDepth
                if lanes == 4 {
                    let w1 = w0 + inputDepth, w2 = w1 + inputDepth, w3 = w2 + inputDepth
                    for i in 0..<inputDepth {
                        let v = Int32(row[i]) &+ p.inputOffset
                        a0 &+= Int32(w0[i]) &* v
                        a1 &+= Int32(w1[i]) &* v
                        a2 &+= Int32(w2[i]) &* v
                        a3 &+= Int32(w3[i]) &* v
                    }
                } else {
                    for i in 0..<inputDepth { a0 &+= Int32(w0[i]) &* (Int32(row[i]) &+ p.inputOffset) }
                    if lanes > 1 { for i in 0..<inputDepth { a1 &+= Int32(w0[inputDepth + i]) &* (Int32(row[i]) &+ p.inputOffset) } }
                    if lanes > 2 { for i in 0..<inputDepth { a2 &+= Int32(w0[2 * inputDepth + i]) &* (Int32(row[i]) &+ p.inputOffset) } }
                }
                let outputRow = output + b * outputDepth
                outputRow[o] = finish(p, a0 &+ weightsTerm, bias: bias, index: o)
                if lanes > 1 { outputRow[o + 1] = finish(p, a1 &+ weightsTerm, bias: bias, index: o + 1) }
                if lanes > 2 { outputRow[o + 2] = finish(p, a2 &+ weightsTerm, bias: bias, index: o + 2) }
                if lanes > 3 { outputRow[o + 3] = finish(p, a3 &+ weightsTerm, bias: bias, index: o + 3) }
                o += lanes
            }
        }
    }

    /// Adds the bias, requantizes, offsets and clamps one accumulator.
    @inline(__always)
    static func finish(_ p: Parameters, _ accumulator: Int32, bias: UnsafePointer<Int32>?, index: Int) -> Int8 {
        var value = accumulator
        if let bias { value &+= bias[index] }
        value = p.requantize(value, channel: index)
        return Int8(truncatingIfNeeded: p.activation.clamp(value &+ p.outputOffset))
    }
}
