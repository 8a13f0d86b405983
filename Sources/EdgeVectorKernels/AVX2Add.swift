#if arch(x86_64)
/// TFLite's int8 ADD for x86-64 with AVX2, eight elements at a time, bit for bit: each input offset,
/// shifted left, scaled by its multiplier below one; the sum scaled to the output, offset, clamped.
public enum AVX2Add {
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

    /// Adds the first `count / 8 · 8` elements; returns how many it did (the caller does the rest).
    @inline(never)
    public static func run(
        _ c: Constants, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int
    ) -> Int {
        let offset1 = Int32x8(repeating: c.input1Offset), offset2 = Int32x8(repeating: c.input2Offset)
        let left = Int32x8(repeating: c.leftShift), zero = Int32x8.zero
        let multiplier1 = Int32x8(repeating: c.input1Multiplier), right1 = Int32x8(repeating: -c.input1Shift)
        let multiplier2 = Int32x8(repeating: c.input2Multiplier), right2 = Int32x8(repeating: -c.input2Shift)
        let multiplierOut = Int32x8(repeating: c.outputMultiplier), rightOut = Int32x8(repeating: -c.outputShift)
        let offsetOut = Int32x8(repeating: c.outputOffset)
        let low = Int32x8(repeating: c.minimum), high = Int32x8(repeating: c.maximum)
        var i = 0
        while i &+ 8 <= count {
            let x = Int32x8.shiftedLeft(Int16x8(widening: first + i).widened &+ offset1, by: left)
            let y = Int32x8.shiftedLeft(Int16x8(widening: second + i).widened &+ offset2, by: left)
            let scaledX = AVX2Requantize.requantize(x, multiplier: multiplier1, leftShift: zero, rightShift: right1)
            let scaledY = AVX2Requantize.requantize(y, multiplier: multiplier2, leftShift: zero, rightShift: right2)
            let sum = AVX2Requantize.requantize(scaledX &+ scaledY, multiplier: multiplierOut, leftShift: zero, rightShift: rightOut)
            AVX2Requantize.storeBytes(Int32x8.minimum(Int32x8.maximum(sum &+ offsetOut, low), high), to: output + i)
            i &+= 8
        }
        return i
    }
}
#endif
