#if arch(x86_64)
import Builtin

/// The x86-64 kernels (AVX2), eight channels at a time. The doubling high multiply
/// `(a·b + 2³⁰) >> 31` (gemmlowp's rounding for every product but `Int32.min²`, which a non-negative
/// multiplier excludes) runs on the even and the odd lanes as two `vpmuldq`; the rounding right shift
/// uses per-lane shifts (`vpsravd`), its threshold as the scalar `roundingDivideByPowerOfTwo`.
extension VectorRequantize {
    /// Requantizes `rows` rows of `groups · 8` accumulators (channels `0 ..< 8·groups`; row `r` at
    /// `accumulators + r·accumulatorStride`) into `output + r·outputStride`.
    @inline(never)
    public static func requantize(
        _ accumulators: UnsafePointer<Int32>, accumulatorStride: Int, rows: Int, channels: Channels, groups: Int,
        outputOffset: Int32, minimum: Int32, maximum: Int32, output: UnsafeMutablePointer<Int8>, outputStride: Int
    ) {
        let offset = Int32x8(repeating: outputOffset)
        let low = Int32x8(repeating: minimum), high = Int32x8(repeating: maximum)
        for row in 0..<rows {
            let source = accumulators + row &* accumulatorStride
            let destination = output + row &* outputStride
            for group in 0..<groups {
                let c = group &* 8
                let x = Int32x8(loading: source + c) &+ Int32x8(loading: channels.bias + c)
                let scaled = requantize(
                    x, multiplier: Int32x8(loading: channels.multipliers + c),
                    leftShift: Int32x8(loading: channels.leftShifts + c), rightShift: Int32x8(loading: channels.rightShifts + c))
                let clamped = Int32x8.minimum(Int32x8.maximum(scaled &+ offset, low), high)
                storeBytes(clamped, to: destination + c)
            }
        }
    }

    /// `MultiplyByQuantizedMultiplier` on eight lanes.
    @inline(__always)
    static func requantize(_ x: Int32x8, multiplier: Int32x8, leftShift: Int32x8, rightShift: Int32x8) -> Int32x8 {
        let high = doublingHighMultiply(Int32x8.shiftedLeft(x, by: leftShift), multiplier)
        return roundingDivide(high, byPowerOfTwo: rightShift)
    }

    /// `(a·b + 2³⁰) >> 31` per lane, for `b ≥ 0`.
    @inline(__always)
    static func doublingHighMultiply(_ a: Int32x8, _ b: Int32x8) -> Int32x8 {
        let thirtyTwo = SIMD4<Int64>(repeating: 32)._storage._value
        let nudge = SIMD4<Int64>(repeating: 1 << 30)._storage._value
        let one = SIMD4<Int64>(repeating: 1)._storage._value
        let thirtyOne = SIMD4<Int64>(repeating: 31)._storage._value
        // Even lanes: the low word of each 64-bit lane, sign-extended.
        let aEven = Builtin.ashr_Vec4xInt64(Builtin.shl_Vec4xInt64(a.wide, thirtyTwo), thirtyTwo)
        let bEven = Builtin.ashr_Vec4xInt64(Builtin.shl_Vec4xInt64(b.wide, thirtyTwo), thirtyTwo)
        let even = Builtin.lshr_Vec4xInt64(Builtin.add_Vec4xInt64(Builtin.mul_Vec4xInt64(aEven, bEven), nudge), thirtyOne)
        // Odd lanes: the high word.
        let aOdd = Builtin.ashr_Vec4xInt64(a.wide, thirtyTwo)
        let bOdd = Builtin.ashr_Vec4xInt64(b.wide, thirtyTwo)
        let odd = Builtin.shl_Vec4xInt64(Builtin.add_Vec4xInt64(Builtin.mul_Vec4xInt64(aOdd, bOdd), nudge), one)
        let lowWords = SIMD4<Int64>(repeating: 0xFFFF_FFFF)._storage._value
        let highWords = SIMD4<Int64>(repeating: ~0xFFFF_FFFF)._storage._value
        let merged = Builtin.or_Vec4xInt64(Builtin.and_Vec4xInt64(even, lowWords), Builtin.and_Vec4xInt64(odd, highWords))
        return Int32x8(Builtin.bitcast_Vec4xInt64_Vec8xInt32(merged))
    }

    /// `x / 2^exponent` rounded to nearest, ties away from zero, per lane (`exponent` in `0...31`).
    @inline(__always)
    static func roundingDivide(_ x: Int32x8, byPowerOfTwo exponent: Int32x8) -> Int32x8 {
        let mask = Int32x8.shiftedLeft(Int32x8(repeating: 1), by: exponent) &- Int32x8(repeating: 1)
        let remainder = x & mask
        let threshold = Int32x8.shiftedRight(mask, by: Int32x8(repeating: 1)) &- Int32x8.shiftedRight(x, by: Int32x8(repeating: 31))
        return Int32x8.shiftedRight(x, by: exponent) &- Int32x8.greaterMask(remainder, threshold)
    }

    /// Eight lanes already in `-128...127`, stored as eight bytes (`vpackssdw`, `vpacksswb`).
    @inline(__always)
    static func storeBytes(_ x: Int32x8, to output: UnsafeMutablePointer<Int8>) {
        let halves = Builtin.int_x86_avx2_packssdw(x.value, x.value)
        let bytes = Builtin.int_x86_avx2_packsswb(halves, halves)
        var lanes = SIMD8<Int32>()
        lanes._storage._value = Builtin.bitcast_Vec32xInt8_Vec8xInt32(bytes)
        let raw = UnsafeMutableRawPointer(output)
        raw.storeBytes(of: lanes[0], as: Int32.self)
        raw.storeBytes(of: lanes[4], toByteOffset: 4, as: Int32.self)
    }
}
#endif
