#if arch(x86_64) || arch(arm64)
/// TFLite's int8 ADD on vector lanes, bit for bit: each input offset, shifted left, scaled by its
/// multiplier below one; the sum scaled to the output, offset, clamped. Each architecture's file
/// (`+AVX2`, `+NEON`) has the kernel.
public enum VectorAdd {
    /// The layer's constants (TFLite's `ArithmeticParams` for int8 ADD).
    public struct Constants {
        /// `-zeroPoint` of each input, the output zero point, and the shift applied to both inputs first.
        public var input1Offset: Int32, input2Offset: Int32, outputOffset: Int32, leftShift: Int32
        /// The first input's multiplier below one and its shift (`-31...0`).
        public var input1Multiplier: Int32, input1Shift: Int32
        /// The second input's multiplier below one and its shift.
        public var input2Multiplier: Int32, input2Shift: Int32
        /// The sum's multiplier to the output scale and its shift.
        public var outputMultiplier: Int32, outputShift: Int32
        /// The output clamp.
        public var minimum: Int32, maximum: Int32

        /// Creates the constants; every multiplier non-negative, every shift in `-31...0`, `leftShift` in `0...20`.
        public init(
            input1Offset: Int32, input2Offset: Int32, outputOffset: Int32, leftShift: Int32,
            input1Multiplier: Int32, input1Shift: Int32, input2Multiplier: Int32, input2Shift: Int32,
            outputMultiplier: Int32, outputShift: Int32, minimum: Int32, maximum: Int32
        ) {
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
            self.minimum = minimum
            self.maximum = maximum
        }
    }
}
#endif
