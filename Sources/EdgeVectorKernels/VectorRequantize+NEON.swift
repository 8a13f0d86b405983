#if arch(arm64)
/// The AArch64 kernels (Advanced SIMD), four channels at a time, twice per group of eight. The
/// doubling high multiply is `sqrdmulh`, which is TFLite's `SaturatingRoundingDoublingHighMul` bit for
/// bit; the rounding right shift is gemmlowp's: one subtracted from negative values (saturating),
/// then `srshl`, which rounds half up — together half away from zero, as `RoundingDivideByPOT`.
extension VectorRequantize {
    /// Requantizes `rows` rows of `groups · 8` accumulators (channels `0 ..< 8·groups`; row `r` at
    /// `accumulators + r·accumulatorStride`) into `output + r·outputStride`.
    @inline(never)
    public static func requantize(
        _ accumulators: UnsafePointer<Int32>, accumulatorStride: Int, rows: Int, channels: Channels, groups: Int,
        outputOffset: Int32, minimum: Int32, maximum: Int32, output: UnsafeMutablePointer<Int8>, outputStride: Int
    ) {
        let offset = Int32x4(repeating: outputOffset)
        let low = Int32x4(repeating: minimum), high = Int32x4(repeating: maximum)
        for row in 0..<rows {
            let source = accumulators + row &* accumulatorStride
            let destination = output + row &* outputStride
            var c = 0
            while c < groups &* 8 {
                let x = Int32x4(loading: source + c) &+ Int32x4(loading: channels.bias + c)
                let scaled = requantize(
                    x, multiplier: Int32x4(loading: channels.multipliers + c), leftShift: Int32x4(loading: channels.leftShifts + c),
                    negatedRightShift: Int32x4.zero &- Int32x4(loading: channels.rightShifts + c))
                Int32x4.minimum(Int32x4.maximum(scaled &+ offset, low), high).storeBytes(to: destination + c)
                c &+= 4
            }
        }
    }

    /// `MultiplyByQuantizedMultiplier` on four lanes; `negatedRightShift` in `-31...0`.
    @inline(__always)
    static func requantize(_ x: Int32x4, multiplier: Int32x4, leftShift: Int32x4, negatedRightShift: Int32x4) -> Int32x4 {
        let high = Int32x4.doublingHighMultiply(Int32x4.shiftedLeft(x, by: leftShift), multiplier)
        // Negative values shifted right move down by one first: `srshl` then rounds their ties away from zero.
        let fixup = (high & negatedRightShift).signs
        return Int32x4.roundingShift(Int32x4.saturatingAdd(high, fixup), by: negatedRightShift)
    }
}
#endif
