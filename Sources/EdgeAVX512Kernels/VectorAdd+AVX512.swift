#if arch(x86_64)
import EdgeVectorKernels

/// ``VectorAdd``'s element-wise ADD sixteen elements at a time (AVX-512 F), the same three
/// requantizations as the AVX2 kernel, which does a last group of eight.
public enum VectorAddAVX512 {
    /// Adds the first `count / 8 · 8` elements; returns how many it did (the caller does the rest),
    /// as ``VectorAdd/run(_:first:second:output:count:)``.
    @inline(never)
    public static func run(
        _ c: VectorAdd.Constants, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>,
        count: Int
    ) -> Int {
        let offset1 = Int32x16(repeating: c.input1Offset), offset2 = Int32x16(repeating: c.input2Offset)
        let left = Int32x16(repeating: c.leftShift)
        let scaling1 = Int32x16.Scaling(multiplier: c.input1Multiplier, rightShift: -c.input1Shift)
        let scaling2 = Int32x16.Scaling(multiplier: c.input2Multiplier, rightShift: -c.input2Shift)
        let scalingOut = Int32x16.Scaling(multiplier: c.outputMultiplier, rightShift: -c.outputShift)
        let offsetOut = Int32x16(repeating: c.outputOffset)
        let low = Int32x16(repeating: c.minimum), high = Int32x16(repeating: c.maximum)
        var i = 0
        while i &+ 16 <= count {
            let x = Int32x16.shiftedLeft(Int32x16(widening: first + i) &+ offset1, by: left)
            let y = Int32x16.shiftedLeft(Int32x16(widening: second + i) &+ offset2, by: left)
            let sum = scalingOut.apply(scaling1.apply(x) &+ scaling2.apply(y))
            Int32x16.minimum(Int32x16.maximum(sum &+ offsetOut, low), high).storeBytes(to: output + i)
            i &+= 16
        }
        return i &+ VectorAdd.run(c, first: first + i, second: second + i, output: output + i, count: count &- i)
    }
}
#endif
