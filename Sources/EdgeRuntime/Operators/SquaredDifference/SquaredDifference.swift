/// Int8 SQUARED_DIFFERENCE with TFLite broadcasting, bit-exact with TFLM's `SquaredDifference` for
/// int8: each input `(x − zp) · 2^7` scaled by its multiplier below one, the difference squared in
/// int32, requantized by `(2·max(s1,s2))² / (2^14 · s_out)` (which may exceed one), plus the output
/// zero point, clamped to int8. There is no fused activation.
public enum SquaredDifference {
    /// Quantization constants, precomputed by the model writer.
    public struct Parameters: Equatable, Sendable {
        /// `-zeroPoint` of the first input.
        public var input1Offset: Int32
        /// `-zeroPoint` of the second input.
        public var input2Offset: Int32
        /// `outputZeroPoint`.
        public var outputOffset: Int32
        /// Left shift applied to both inputs (7 for int8).
        public var leftShift: Int32
        /// Q31 multiplier of `s1 / (2 · max scale)`.
        public var input1Multiplier: Int32
        /// Its shift (≤ 0).
        public var input1Shift: Int32
        /// Q31 multiplier of `s2 / (2 · max scale)`.
        public var input2Multiplier: Int32
        /// Its shift (≤ 0).
        public var input2Shift: Int32
        /// Q31 multiplier of `(2 · max scale)² / (2^(2·leftShift) · s_out)`.
        public var outputMultiplier: Int32
        /// Its shift (`-31...30`).
        public var outputShift: Int32

        /// Creates parameters.
        public init(input1Offset: Int32, input2Offset: Int32, outputOffset: Int32, leftShift: Int32, input1Multiplier: Int32, input1Shift: Int32, input2Multiplier: Int32, input2Shift: Int32, outputMultiplier: Int32, outputShift: Int32) {
            self.input1Offset = input1Offset
            self.input2Offset = input2Offset
            self.outputOffset = outputOffset
            self.leftShift = leftShift
            self.input1Multiplier = input1Multiplier
            self.input1Shift = input1Shift
            self.input2Multiplier = input2Multiplier
            self.input2Shift = input2Shift
            self.outputMultiplier = outputMultiplier
            self.outputShift = outputShift
        }
    }

    /// Words before the layout.
    public static let layoutWord = 10
    /// Words of a SQUARED_DIFFERENCE record: the parameters, then a ``BroadcastLayout``.
    public static let parameterWords = layoutWord + BroadcastLayout.wordCount

    /// `(first − second)²` over the validated layout at `layout` into `output`.
    public static func run(
        _ p: Parameters, layout: UnsafePointer<Int32>, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>,
        output: UnsafeMutablePointer<Int8>
    ) {
        BinaryElementwise.run(p, layout: layout, first: first, second: second, output: output)
    }
}

extension SquaredDifference.Parameters: BinaryElementFunction {
    @inline(__always)
    func prepareFirst(_ x: Int8) -> Int32 {
        FixedPoint.multiplyByNonNegativeSmallerThanOne((input1Offset &+ Int32(x)) &<< leftShift, input1Multiplier, input1Shift)
    }

    @inline(__always)
    func prepareSecond(_ y: Int8) -> Int32 {
        FixedPoint.multiplyByNonNegativeSmallerThanOne((input2Offset &+ Int32(y)) &<< leftShift, input2Multiplier, input2Shift)
    }

    @inline(__always)
    func combine(_ a: Int32, _ b: Int32) -> Int8 {
        let difference = a &- b
        let scaled = FixedPoint.multiplyByNonNegativeQuantizedMultiplier(difference &* difference, outputMultiplier, outputShift)
        return Int8(truncatingIfNeeded: min(max(scaled &+ outputOffset, -128), 127))
    }
}
