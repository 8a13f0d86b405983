#if arch(x86_64)
import Builtin
import EdgeVectorKernels

/// ``VectorAdd``'s element-wise ADD sixteen elements at a time (AVX-512 F), the same three
/// requantizations as the AVX2 kernel, which does a last group of eight. An input's scaling, of
/// `(x + offset)·2^L` with `x + offset` of nine bits, is done in 32-bit lanes where its constants
/// allow (``InputScaling``), else as the output's is (``Int32x16/Scaling``, 64-bit products).
public enum VectorAddAVX512 {
    /// Adds the first `count / 8 · 8` elements; returns how many it did (the caller does the rest),
    /// as ``VectorAdd/run(_:first:second:output:count:)``.
    @inline(never)
    public static func run(
        _ c: VectorAdd.Constants, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>,
        count: Int
    ) -> Int {
        var i = 0
        if let narrow1 = InputScaling(multiplier: c.input1Multiplier, shift: c.input1Shift, leftShift: c.leftShift),
           let narrow2 = InputScaling(multiplier: c.input2Multiplier, shift: c.input2Shift, leftShift: c.leftShift) {
            i = add(c, first: first, second: second, output: output, count: count, { narrow1.apply($0) }, { narrow2.apply($0) })
        } else {
            let left = Int32x16(repeating: c.leftShift)
            let scaling1 = Int32x16.Scaling(multiplier: c.input1Multiplier, rightShift: -c.input1Shift)
            let scaling2 = Int32x16.Scaling(multiplier: c.input2Multiplier, rightShift: -c.input2Shift)
            i = add(c, first: first, second: second, output: output, count: count,
                { scaling1.apply(Int32x16.shiftedLeft($0, by: left)) }, { scaling2.apply(Int32x16.shiftedLeft($0, by: left)) })
        }
        return i &+ VectorAdd.run(c, first: first + i, second: second + i, output: output + i, count: count &- i)
    }

    /// The whole vectors of sixteen: each input plus its offset, scaled by `scale1` and `scale2`,
    /// summed, requantized, offset and clamped. Returns the elements done.
    @inline(__always)
    static func add(
        _ c: VectorAdd.Constants, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, count: Int,
        _ scale1: (Int32x16) -> Int32x16, _ scale2: (Int32x16) -> Int32x16
    ) -> Int {
        let offset1 = Int32x16(repeating: c.input1Offset), offset2 = Int32x16(repeating: c.input2Offset)
        let scalingOut = Int32x16.Scaling(multiplier: c.outputMultiplier, rightShift: -c.outputShift)
        let offsetOut = Int32x16(repeating: c.outputOffset)
        let low = Int32x16(repeating: c.minimum), high = Int32x16(repeating: c.maximum)
        var i = 0
        while i &+ 16 <= count {
            let x = scale1(Int32x16(widening: first + i) &+ offset1), y = scale2(Int32x16(widening: second + i) &+ offset2)
            Int32x16.minimum(Int32x16.maximum(scalingOut.apply(x &+ y) &+ offsetOut, low), high).storeBytes(to: output + i)
            i &+= 16
        }
        return i
    }

    /// `MultiplyByQuantizedMultiplierSmallerThanOneExp(v·2^L, M, −e)` for `|v| < 2⁸` (an int8 plus
    /// its offset) in 32-bit lanes. ``Int32x16/Scaling``'s single floor, with `v·2^L` for `x`,
    /// divides through by `2^L` into `⌊(v·M + c) / 2^K⌋`, `K = 31 + e − L`,
    /// `c = 2^(30−L) + [e > 0]·(2^(K−1) − [v·M < −2^(30−L)]·2^(31−L))`; and with `M = Mₕ·2^K + Mₗ`
    /// (`Mₗ < 2^K`) that is `v·Mₕ + ⌊(v·Mₗ + c) / 2^K⌋`, both products in 32 bits where
    /// `9 ≤ K ≤ 22`. Where `M > 2^(30−L)`, `v·M < −2^(30−L)` exactly when `v < 0`. `L ≤ 23` keeps
    /// `v·2^L` inside Int32, where TFLite's shifted input does not wrap.
    struct InputScaling {
        let high: Int32x16, lowPart: Int32x16, rounding: Int32x16, negative: Int32x16, shift: Int32x16

        /// `nil` where the constants leave the 32-bit form (the caller takes the 64-bit one).
        @inline(__always)
        init?(multiplier: Int32, shift: Int32, leftShift: Int32) {
            let e = -shift, k = 31 &+ e &- leftShift
            guard (0...31).contains(e), (0...23).contains(leftShift), (9...22).contains(k), multiplier > Int32(1) << (30 &- leftShift) else { return nil }
            high = Int32x16(repeating: multiplier >> k)
            lowPart = Int32x16(repeating: multiplier & ((Int32(1) << k) &- 1))
            rounding = Int32x16(repeating: (Int32(1) << (30 &- leftShift)) &+ (e > 0 ? Int32(1) << (k &- 1) : 0))
            negative = Int32x16(repeating: e > 0 ? Int32(1) << (31 &- leftShift) : 0)
            self.shift = Int32x16(repeating: k)
        }

        /// `v` (an input plus its offset) scaled.
        @inline(__always)
        func apply(_ v: Int32x16) -> Int32x16 {
            let below = Int32x16.shiftedRight(v, by: Int32x16(repeating: 31)) & negative
            return (v &* high) &+ Int32x16.shiftedRight((v &* lowPart) &+ rounding &- below, by: shift)
        }
    }
}
#endif
