/// Int8 MUL with TFLite broadcasting, bit-exact with TFLM's `reference_integer_ops::MulElementwise`
/// and `BroadcastMul6DSlow`: `(x − zp1) · (y − zp2)` in int32, requantized by one multiplier
/// (`s1 · s2 / s_out`, which may exceed one), plus the output zero point, clamped.
public enum Mul {
    /// Quantization constants, precomputed by the model writer.
    public struct Parameters: Equatable, Sendable {
        /// `-zeroPoint` of the first input.
        public var input1Offset: Int32
        /// `-zeroPoint` of the second input.
        public var input2Offset: Int32
        /// `outputZeroPoint`.
        public var outputOffset: Int32
        /// Q31 multiplier of `s1 · s2 / s_out`.
        public var outputMultiplier: Int32
        /// Its shift (`-31...30`; positive shifts left before the high multiply).
        public var outputShift: Int32
        /// Output clamp (the fused activation).
        public var activation: ActivationRange

        /// Creates parameters.
        public init(input1Offset: Int32, input2Offset: Int32, outputOffset: Int32, outputMultiplier: Int32, outputShift: Int32, activation: ActivationRange) {
            self.input1Offset = input1Offset
            self.input2Offset = input2Offset
            self.outputOffset = outputOffset
            self.outputMultiplier = outputMultiplier
            self.outputShift = outputShift
            self.activation = activation
        }
    }

    /// Words before the layout.
    public static let layoutWord = 7
    /// Words of a MUL record: the parameters, then a ``BroadcastLayout``.
    public static let parameterWords = layoutWord + BroadcastLayout.wordCount

    /// Multiplies `first` and `second` over the validated layout at `layout` into `output`.
    public static func run(
        _ p: Parameters, layout: UnsafePointer<Int32>, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>,
        output: UnsafeMutablePointer<Int8>
    ) {
        BinaryElementwise.run(p, layout: layout, first: first, second: second, output: output)
    }
}

extension Mul.Parameters: BinaryElementFunction {
    @inline(__always)
    func prepareFirst(_ x: Int8) -> Int32 { input1Offset &+ Int32(x) }

    @inline(__always)
    func prepareSecond(_ y: Int8) -> Int32 { input2Offset &+ Int32(y) }

    @inline(__always)
    func combine(_ a: Int32, _ b: Int32) -> Int8 {
        let product = FixedPoint.multiplyByNonNegativeQuantizedMultiplier(a &* b, outputMultiplier, outputShift)
        return Int8(truncatingIfNeeded: activation.clamp(outputOffset &+ product))
    }
}
