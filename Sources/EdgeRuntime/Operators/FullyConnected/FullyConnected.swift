/// Reference int8 FULLY_CONNECTED, bit-exact with TFLM's `reference_integer_ops::FullyConnected`.
public enum FullyConnected {
    /// Quantization constants, precomputed by the model writer.
    public struct Parameters: Equatable {
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
        /// Per-channel weights (the converter's default): one Q31 multiplier per output, replacing
        /// `multiplier`; `nil` for per-tensor weights.
        public var channelMultipliers: UnsafePointer<Int32>?
        /// One shift per output, with `channelMultipliers`.
        public var channelShifts: UnsafePointer<Int32>?

        /// Creates parameters; pass the per-channel tables for per-channel weights.
        public init(
            inputOffset: Int32, weightsOffset: Int32, outputOffset: Int32, multiplier: Int32, shift: Int32,
            activation: ActivationRange, channelMultipliers: UnsafePointer<Int32>? = nil, channelShifts: UnsafePointer<Int32>? = nil
        ) {
            self.channelMultipliers = channelMultipliers
            self.channelShifts = channelShifts
            self.inputOffset = inputOffset
            self.weightsOffset = weightsOffset
            self.outputOffset = outputOffset
            self.multiplier = multiplier
            self.shift = shift
            self.activation = activation
        }
    }

    /// Words this operator's parameters take in a model file (per-channel weights add a multiplier
    /// and a shift per output after them).
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
                accumulator = p.requantize(accumulator, channel: o)
                output[b * outputDepth + o] = Int8(truncatingIfNeeded: p.activation.clamp(accumulator &+ p.outputOffset))
            }
        }
    }
}

extension FullyConnected.Parameters {
    /// `accumulator · multiplier · 2^shift` with TFLite's double rounding, with output `channel`'s
    /// multiplier for per-channel weights (TFLM's `FullyConnectedPerChannel`) or the one for the tensor.
    @inline(__always)
    func requantize(_ accumulator: Int32, channel: Int) -> Int32 {
        if let channelMultipliers, let channelShifts {
            return FixedPoint.multiplyByQuantizedMultiplier(accumulator, channelMultipliers[channel], channelShifts[channel])
        }
        return FixedPoint.multiplyByQuantizedMultiplier(accumulator, multiplier, shift)
    }
}
