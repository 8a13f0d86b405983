/// Reference int8 FULLY_CONNECTED, bit-exact with TFLM's `reference_integer_ops::FullyConnected`.
public enum FullyConnected {
    /// Quantization constants, precomputed by the model writer.
    public struct Parameters: Equatable, Sendable {
        /// `-inputZeroPoint`.
        public var inputOffset: Int32
        /// `-weightsZeroPoint` (zero for symmetric weights).
        public var weightsOffset: Int32
        /// `outputZeroPoint`.
        public var outputOffset: Int32
        /// Q31 multiplier of `inputScale · weightsScale / outputScale`.
        public var multiplier: Int32
        /// Its power-of-two shift.
        public var shift: Int32
        /// Output clamp.
        public var activation: ActivationRange

        /// Creates parameters.
        public init(inputOffset: Int32, weightsOffset: Int32, outputOffset: Int32, multiplier: Int32, shift: Int32, activation: ActivationRange) {
            self.inputOffset = inputOffset
            self.weightsOffset = weightsOffset
            self.outputOffset = outputOffset
            self.multiplier = multiplier
            self.shift = shift
            self.activation = activation
        }
    }

    /// Words this operator's parameters take in a model file.
    public static let parameterWords = 7

    /// `output[b, o] = clamp(zp + requantize(Σ_i (w[o,i] + wOffset)(x[b,i] + xOffset) + bias[o]))`.
    public static func run(
        _ p: Parameters, input: UnsafePointer<Int8>, weights: UnsafePointer<Int8>, bias: UnsafePointer<Int32>?,
        output: UnsafeMutablePointer<Int8>, batches: Int, inputDepth: Int, outputDepth: Int
    ) {
        for b in 0..<batches {
            let row = input + b * inputDepth
            for o in 0..<outputDepth {
                let w = weights + o * inputDepth
                var accumulator: Int32 = 0
                for i in 0..<inputDepth {
                    accumulator &+= (Int32(w[i]) &+ p.weightsOffset) &* (Int32(row[i]) &+ p.inputOffset)
                }
                if let bias { accumulator &+= bias[o] }
                accumulator = FixedPoint.multiplyByQuantizedMultiplier(accumulator, p.multiplier, p.shift)
                output[b * outputDepth + o] = Int8(truncatingIfNeeded: p.activation.clamp(accumulator &+ p.outputOffset))
            }
        }
    }
}
