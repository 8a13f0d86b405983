#if arch(x86_64)
/// The x86-64 kernel (AVX2), eight elements at a time.
extension VectorAdd {
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
            let scaledX = VectorRequantize.requantize(x, multiplier: multiplier1, leftShift: zero, rightShift: right1)
            let scaledY = VectorRequantize.requantize(y, multiplier: multiplier2, leftShift: zero, rightShift: right2)
            let sum = VectorRequantize.requantize(scaledX &+ scaledY, multiplier: multiplierOut, leftShift: zero, rightShift: rightOut)
            VectorRequantize.storeBytes(Int32x8.minimum(Int32x8.maximum(sum &+ offsetOut, low), high), to: output + i)
            i &+= 8
        }
        return i
    }
}
#endif
