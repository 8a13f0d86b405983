extension FullyConnected {
    /// The same result as ``run(_:input:weights:bias:output:batches:inputDepth:outputDepth:)``, bit for bit,
    /// faster: each output is one vectorizable dot product, with the zero-point terms expanded
    /// (`Σ (w + a)(x + b) = Σ w·x + b·Σ w + a·Σ x + n·a·b`).
    public static func runOptimized(
        _ p: Parameters, input: UnsafePointer<Int8>, weights: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, batches: Int, inputDepth: Int, outputDepth: Int
    ) {
        for b in 0..<batches {
            let row = input + b * inputDepth
            let inputSum = DotProduct.sum(row, count: inputDepth)
            let constantTerm = Int32(truncatingIfNeeded: inputDepth) &* p.weightsOffset &* p.inputOffset &+ p.weightsOffset &* inputSum
            for o in 0..<outputDepth {
                let dot = DotProduct.productsAndSum(weights + o * inputDepth, row, count: inputDepth)
                var accumulator = dot.products &+ p.inputOffset &* dot.sumOfFirst &+ constantTerm
                if let bias { accumulator &+= bias[o] }
                accumulator = p.requantize(accumulator, channel: o)
                output[b * outputDepth + o] = Int8(truncatingIfNeeded: p.activation.clamp(accumulator &+ p.outputOffset))
            }
        }
    }
}
