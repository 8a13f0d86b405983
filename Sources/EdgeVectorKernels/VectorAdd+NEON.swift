#if arch(arm64)
/// The AArch64 kernel (Advanced SIMD), eight elements at a time as two groups of four.
extension VectorAdd {
    /// Adds the first `count / 8 · 8` elements; returns how many it did (the caller does the rest).
    @inline(never)
    public static func run(
        _ c: Constants, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int
    ) -> Int {
        let offset1 = Int32x4(repeating: c.input1Offset), offset2 = Int32x4(repeating: c.input2Offset)
        let left = Int32x4(repeating: c.leftShift), zero = Int32x4.zero
        let multiplier1 = Int32x4(repeating: c.input1Multiplier), shift1 = Int32x4(repeating: c.input1Shift)
        let multiplier2 = Int32x4(repeating: c.input2Multiplier), shift2 = Int32x4(repeating: c.input2Shift)
        let multiplierOut = Int32x4(repeating: c.outputMultiplier), shiftOut = Int32x4(repeating: c.outputShift)
        let offsetOut = Int32x4(repeating: c.outputOffset)
        let low = Int32x4(repeating: c.minimum), high = Int32x4(repeating: c.maximum)
        var i = 0
        while i &+ 8 <= count {
            for half in 0..<2 {
                let at = i &+ half &* 4
                let x = Int32x4.shiftedLeft(Int32x4(wideningBytes: first + at) &+ offset1, by: left)
                let y = Int32x4.shiftedLeft(Int32x4(wideningBytes: second + at) &+ offset2, by: left)
                let scaledX = VectorRequantize.requantize(x, multiplier: multiplier1, leftShift: zero, negatedRightShift: shift1)
                let scaledY = VectorRequantize.requantize(y, multiplier: multiplier2, leftShift: zero, negatedRightShift: shift2)
                let sum = VectorRequantize.requantize(scaledX &+ scaledY, multiplier: multiplierOut, leftShift: zero, negatedRightShift: shiftOut)
                Int32x4.minimum(Int32x4.maximum(sum &+ offsetOut, low), high).storeBytes(to: output + at)
            }
            i &+= 8
        }
        return i
    }
}
#endif
