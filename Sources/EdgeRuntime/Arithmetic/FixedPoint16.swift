/// The 16-bit fixed-point operations of TFLite's quantized HARD_SWISH, with C++'s integer promotions:
/// each operation computes in 32 (or 64) bits and stores its result in an `int16_t`.
public enum FixedPoint16 {
    /// gemmlowp's `SaturatingRoundingDoublingHighMul<int16_t>`: `(a·b + nudge) / 2^15`, truncating
    /// division, nudge `2^14` or `1 − 2^14` by the product's sign; `−2^15 · −2^15` saturates.
    @inline(__always)
    public static func saturatingRoundingDoublingHighMultiply(_ a: Int16, _ b: Int16) -> Int16 {
        if a == b && a == Int16.min { return Int16.max }
        let product = Int32(a) &* Int32(b)
        let nudge: Int32 = product >= 0 ? 1 << 14 : 1 - (1 << 14)
        return Int16(truncatingIfNeeded: (product &+ nudge) / (1 << 15))
    }

    /// TFLite's `SaturatingDoublingHighMul` (Arm's SQDMULH): `a·b / 2^15` truncated toward zero.
    @inline(__always)
    public static func saturatingDoublingHighMultiply(_ a: Int16, _ b: Int16) -> Int16 {
        if a == b && a == Int16.min { return Int16.max }
        return Int16(truncatingIfNeeded: (Int32(a) &* Int32(b)) / (1 << 15))
    }

    /// gemmlowp's `RoundingDivideByPOT<int16_t>` for `exponent` in `0...31`. The mask is
    /// `(1 << exponent) − 1` stored in 16 bits, so exponents of 16 and more give TFLite's result for
    /// them too (−1 for negative `x`, 1 otherwise), not a plain rounding shift.
    @inline(__always)
    public static func roundingDivideByPowerOfTwo(_ x: Int16, _ exponent: Int32) -> Int16 {
        let mask = Int16(truncatingIfNeeded: (Int64(1) &<< Int64(exponent)) &- 1)
        let remainder = x & mask
        let threshold = (mask &>> 1) &+ (x < 0 ? 1 : 0)
        let quotient = Int16(truncatingIfNeeded: Int32(x) &>> exponent)
        return quotient &+ (remainder > threshold ? 1 : 0)
    }

    /// TFLite's `SaturatingLeftShift` for HARD_SWISH: `value · 2^amount` clamped to int16
    /// (`amount` in `0...30`).
    @inline(__always)
    public static func saturatingLeftShift(_ value: Int16, _ amount: Int32) -> Int16 {
        let shifted = Int64(value) &<< Int64(amount)
        return Int16(truncatingIfNeeded: min(max(shifted, Int64(Int16.min)), Int64(Int16.max)))
    }
}
