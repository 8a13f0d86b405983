/// Reference int8 ADD, bit-exact with TFLM's `reference_integer_ops::AddFunc`: both inputs are scaled
/// to a common 2^20-upscaled representation, summed, and requantized to the output scale.
///
/// Two forms: ``parameterWords`` words for inputs of one shape (read as flat runs, the form of files
/// written before broadcasting), and ``broadcastParameterWords``: the same words followed by a
/// ``BroadcastLayout`` for TFLite broadcasting, either input possibly constant.
public enum Add {
    /// Quantization constants, precomputed by the model writer.
    public struct Parameters: Equatable, Sendable {
        /// `-zeroPoint` of the first input.
        public var input1Offset: Int32
        /// `-zeroPoint` of the second input.
        public var input2Offset: Int32
        /// `outputZeroPoint`.
        public var outputOffset: Int32
        /// Left shift applied to both inputs (20 for int8).
        public var leftShift: Int32
        /// Q31 multiplier of `scale1 / (2 · max scale)`.
        public var input1Multiplier: Int32
        /// Its shift (≤ 0).
        public var input1Shift: Int32
        /// Q31 multiplier of `scale2 / (2 · max scale)`.
        public var input2Multiplier: Int32
        /// Its shift (≤ 0).
        public var input2Shift: Int32
        /// Q31 multiplier of `2 · max scale / (2^leftShift · outputScale)`.
        public var outputMultiplier: Int32
        /// Its shift (≤ 0).
        public var outputShift: Int32
        /// Output clamp.
        public var activation: ActivationRange

        /// Creates parameters.
        public init(input1Offset: Int32, input2Offset: Int32, outputOffset: Int32, leftShift: Int32, input1Multiplier: Int32, input1Shift: Int32, input2Multiplier: Int32, input2Shift: Int32, outputMultiplier: Int32, outputShift: Int32, activation: ActivationRange) {
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
            self.activation = activation
        }
    }

    /// Words these parameters take in a model file.
    public static let parameterWords = 12
    /// Words of the broadcasting form: the parameters, then a ``BroadcastLayout`` at word 12.
    public static let broadcastParameterWords = parameterWords + BroadcastLayout.wordCount

    /// Adds `first` and `second` over the validated layout at `layout` into `output` (the
    /// broadcasting form).
    public static func run(
        _ p: Parameters, layout: UnsafePointer<Int32>, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>,
        output: UnsafeMutablePointer<Int8>
    ) {
        BinaryElementwise.run(p, layout: layout, first: first, second: second, output: output)
    }

    /// Adds `count` elements of `first` and `second` into `output`.
    public static func run(
        _ p: Parameters, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>,
        output: UnsafeMutablePointer<Int8>, count: Int
    ) {
        for i in 0..<count {
            let shifted1 = (p.input1Offset &+ Int32(first[i])) &* (1 &<< p.leftShift)
            let shifted2 = (p.input2Offset &+ Int32(second[i])) &* (1 &<< p.leftShift)
            let scaled1 = FixedPoint.multiplyBySmallerThanOne(shifted1, p.input1Multiplier, p.input1Shift)
            let scaled2 = FixedPoint.multiplyBySmallerThanOne(shifted2, p.input2Multiplier, p.input2Shift)
            let sum = FixedPoint.multiplyBySmallerThanOne(scaled1 &+ scaled2, p.outputMultiplier, p.outputShift)
            output[i] = Int8(truncatingIfNeeded: p.activation.clamp(sum &+ p.outputOffset))
        }
    }
}
