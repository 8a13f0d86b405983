/// Int8 PRELU, bit-exact with TFLM's `reference_ops::BroadcastPrelu4DSlow`: the slope tensor `alpha`
/// (usually a constant, broadcast against the input under TFLite's rules) applies below the input's
/// zero point. `x − zp ≥ 0` is requantized by `s_in / s_out`; below it, `(x − zp) · (α − zp_α)` by
/// `s_in · s_α / s_out`; both plus the output zero point, clamped to int8.
public enum Prelu {
    /// Quantization constants, precomputed by the model writer.
    public struct Parameters: Equatable, Sendable {
        /// `-zeroPoint` of the input.
        public var inputOffset: Int32
        /// `-zeroPoint` of the slope.
        public var alphaOffset: Int32
        /// `outputZeroPoint`.
        public var outputOffset: Int32
        /// Q31 multiplier of `s_in / s_out` (inputs at or above the zero point).
        public var identityMultiplier: Int32
        /// Its shift (`-31...30`).
        public var identityShift: Int32
        /// Q31 multiplier of `s_in · s_α / s_out` (inputs below the zero point).
        public var slopeMultiplier: Int32
        /// Its shift (`-31...30`).
        public var slopeShift: Int32

        /// Creates parameters.
        public init(inputOffset: Int32, alphaOffset: Int32, outputOffset: Int32, identityMultiplier: Int32, identityShift: Int32, slopeMultiplier: Int32, slopeShift: Int32) {
            self.inputOffset = inputOffset
            self.alphaOffset = alphaOffset
            self.outputOffset = outputOffset
            self.identityMultiplier = identityMultiplier
            self.identityShift = identityShift
            self.slopeMultiplier = slopeMultiplier
            self.slopeShift = slopeShift
        }
    }

    /// Words before the layout.
    public static let layoutWord = 7
    /// Words of a PRELU record: the parameters, then a ``BroadcastLayout`` (input first, slope second).
    public static let parameterWords = layoutWord + BroadcastLayout.wordCount

    /// PReLU of `input` with slopes `alpha` over the validated layout at `layout` into `output`.
    public static func run(
        _ p: Parameters, layout: UnsafePointer<Int32>, input: UnsafePointer<Int8>, alpha: UnsafePointer<Int8>,
        output: UnsafeMutablePointer<Int8>
    ) {
        BinaryElementwise.run(p, layout: layout, first: input, second: alpha, output: output)
    }
}

extension Prelu.Parameters: BinaryElementFunction {
    @inline(__always)
    func prepareFirst(_ x: Int8) -> Int32 { inputOffset &+ Int32(x) }

    @inline(__always)
    func prepareSecond(_ alpha: Int8) -> Int32 { alphaOffset &+ Int32(alpha) }

    @inline(__always)
    func combine(_ x: Int32, _ alpha: Int32) -> Int8 {
        let scaled = x >= 0
            ? FixedPoint.multiplyByNonNegativeQuantizedMultiplier(x, identityMultiplier, identityShift)
            : FixedPoint.multiplyByNonNegativeQuantizedMultiplier(x &* alpha, slopeMultiplier, slopeShift)
        return Int8(truncatingIfNeeded: min(max(scaled &+ outputOffset, -128), 127))
    }
}
