#if arch(x86_64)
import Builtin

extension Int32x16 {
    /// Sixteen lanes' `MultiplyByQuantizedMultiplier` (TFLM's requantization, bit for bit) with one
    /// rounding where TFLM has two. TFLM takes `x · 2^l` (wrapping), the doubling high multiply
    /// `y = ⌊(x·M + 2³⁰) / 2³¹⌋` (its nudge toward zero for negative products and truncation come to
    /// this floor), then `y / 2ᵉ` rounded half away from zero: `⌊(y + 2ᵉ⁻¹) / 2ᵉ⌋` for `y ≥ 0`,
    /// `⌊(y + 2ᵉ⁻¹ − 1) / 2ᵉ⌋` for `y < 0`. As `⌊(⌊a⌋ + n) / m⌋ = ⌊(a + n) / m⌋` for whole `n` and `m`,
    /// and `y < 0` exactly when `x·M + 2³⁰ < 0`, both are one floor of a 64-bit sum:
    ///
    ///     z = ⌊(x·M + 2³⁰ + [e > 0]·(2³⁰⁺ᵉ − [x·M < −2³⁰]·2³¹)) / 2³¹⁺ᵉ⌋
    ///
    /// which cannot overflow (`|x·M| < 2⁶²`, `2³⁰⁺ᵉ ≤ 2⁶¹`). Per 64-bit lane that is `vpmuldq`, a
    /// compare, an add, a masked subtract and `vpsravq`, even and odd lanes apart, then merged. The
    /// constants depend on the channel only, so a caller builds them once per sixteen channels.
    @usableFromInline
    struct Scaling {
        @usableFromInline let leftShift: Int32x16
        /// The even lanes' (low words') and the odd lanes' (high words') values, each in its
        /// 64-bit lane's low word.
        @usableFromInline let multiplier: (even: Builtin.Vec8xInt64, odd: Builtin.Vec8xInt64)
        /// `2³⁰ + [e > 0]·2³⁰⁺ᵉ`.
        @usableFromInline let rounding: (even: Builtin.Vec8xInt64, odd: Builtin.Vec8xInt64)
        /// `[e > 0]·2³¹`, taken off where the product is below `−2³⁰`.
        @usableFromInline let negative: (even: Builtin.Vec8xInt64, odd: Builtin.Vec8xInt64)
        /// `31 + e`.
        @usableFromInline let shift: (even: Builtin.Vec8xInt64, odd: Builtin.Vec8xInt64)

        /// Per lane: the non-negative Q31 `multiplier`, `leftShift = max(shift, 0)` and
        /// `rightShift = max(−shift, 0)` (`e`, `0...31`).
        @inline(__always) @usableFromInline
        init(multiplier: Int32x16, leftShift: Int32x16, rightShift: Int32x16) {
            self.leftShift = leftShift
            // Each value in its 64-bit lane's low word, what `vpmuldq` reads.
            let m = Builtin.bitcast_Vec16xInt32_Vec8xInt64(multiplier.value), e = Builtin.bitcast_Vec16xInt32_Vec8xInt64(rightShift.value)
            let even = Self.constants(Builtin.and_Vec8xInt64(e, Wide.splat(0xFFFF_FFFF)))
            let odd = Self.constants(Builtin.ashr_Vec8xInt64(e, Wide.splat(32)))
            self.multiplier = (m, Builtin.lshr_Vec8xInt64(m, Wide.splat(32)))
            rounding = (even.rounding, odd.rounding)
            negative = (even.negative, odd.negative)
            shift = (even.shift, odd.shift)
        }

        /// The same `multiplier` and right shift `e` in every lane, no left shift (ADD's scalings).
        @inline(__always) @usableFromInline
        init(multiplier: Int32, rightShift: Int32) {
            leftShift = .zero
            let m = Wide.splat(Int64(multiplier)), constants = Self.constants(Wide.splat(Int64(rightShift)))
            self.multiplier = (m, m)
            rounding = (constants.rounding, constants.rounding)
            negative = (constants.negative, constants.negative)
            shift = (constants.shift, constants.shift)
        }

        /// The same `multiplier` and TFLite `shift` in every lane (a left shift where it is positive,
        /// a right shift where it is negative).
        @inline(__always) @usableFromInline
        init(multiplier: Int32, shift: Int32) {
            leftShift = Int32x16(repeating: max(shift, 0))
            let m = Wide.splat(Int64(multiplier)), constants = Self.constants(Wide.splat(Int64(max(-shift, 0))))
            self.multiplier = (m, m)
            rounding = (constants.rounding, constants.rounding)
            negative = (constants.negative, constants.negative)
            self.shift = (constants.shift, constants.shift)
        }

        @inline(__always) @usableFromInline
        static func constants(_ e: Builtin.Vec8xInt64) -> (rounding: Builtin.Vec8xInt64, negative: Builtin.Vec8xInt64, shift: Builtin.Vec8xInt64) {
            let positive = Builtin.sextOrBitCast_Vec8xInt1_Vec8xInt64(Builtin.cmp_sgt_Vec8xInt64(e, Wide.splat(0)))
            let half = Builtin.shl_Vec8xInt64(Wide.splat(1), Builtin.add_Vec8xInt64(e, Wide.splat(30)))
            return (
                Builtin.add_Vec8xInt64(Wide.splat(1 << 30), Builtin.and_Vec8xInt64(positive, half)),
                // [e > 0]·2³¹ as arithmetic, not as a mask of `positive`: as a mask, LLVM folds it into
                // the loop's masked subtract and compares `e > 0` again in every iteration.
                Builtin.shl_Vec8xInt64(Builtin.int_smin_Vec8xInt64(e, Wide.splat(1)), Wide.splat(31)),
                Builtin.add_Vec8xInt64(e, Wide.splat(31)))
        }

        /// `x` requantized, as `MultiplyByQuantizedMultiplier(x, M, shift)`.
        @inline(__always) @usableFromInline
        func apply(_ x: Int32x16) -> Int32x16 { applyWithoutLeftShift(Int32x16.shiftedLeft(x, by: leftShift)) }

        /// As ``apply(_:)`` where every left shift is zero.
        @inline(__always) @usableFromInline
        func applyWithoutLeftShift(_ x: Int32x16) -> Int32x16 {
            let shifted = Builtin.bitcast_Vec16xInt32_Vec8xInt64(x.value)
            let even = scale(shifted, multiplier.even, rounding.even, negative.even, shift.even)
            let odd = scale(Builtin.lshr_Vec8xInt64(shifted, Wide.splat(32)), multiplier.odd, rounding.odd, negative.odd, shift.odd)
            let merged = Builtin.or_Vec8xInt64(
                Builtin.and_Vec8xInt64(even, Wide.splat(0xFFFF_FFFF)), Builtin.shl_Vec8xInt64(odd, Wide.splat(32)))
            return Int32x16(Builtin.bitcast_Vec8xInt64_Vec16xInt32(merged))
        }

        /// One half's eight lanes: `⌊(x·M + rounding − [x·M < −2³⁰]·negative) / 2^shift⌋`, `x` and `M`
        /// in their lanes' low words (sign-extended here, in the loop's own block, so that the
        /// instruction selector sees a `vpmuldq`, not a 64-bit `vpmullq`).
        @inline(__always) @usableFromInline
        func scale(
            _ x: Builtin.Vec8xInt64, _ m: Builtin.Vec8xInt64, _ rounding: Builtin.Vec8xInt64, _ negative: Builtin.Vec8xInt64,
            _ shift: Builtin.Vec8xInt64
        ) -> Builtin.Vec8xInt64 {
            let product = Builtin.mul_Vec8xInt64(Wide.signExtendingLowWords(x), Wide.signExtendingLowWords(m))
            let below = Builtin.sextOrBitCast_Vec8xInt1_Vec8xInt64(Builtin.cmp_slt_Vec8xInt64(product, Wide.splat(-(1 << 30))))
            let sum = Builtin.sub_Vec8xInt64(Builtin.add_Vec8xInt64(product, rounding), Builtin.and_Vec8xInt64(below, negative))
            return Builtin.ashr_Vec8xInt64(sum, shift)
        }
    }
}

/// Sixteen Int32 lanes as eight 64-bit lanes.
@usableFromInline
enum Wide {
    @inline(__always) @usableFromInline
    static func splat(_ value: Int64) -> Builtin.Vec8xInt64 { SIMD8<Int64>(repeating: value)._storage._value }

    /// Each 64-bit lane's low word, sign-extended.
    @inline(__always) @usableFromInline
    static func signExtendingLowWords(_ x: Builtin.Vec8xInt64) -> Builtin.Vec8xInt64 {
        Builtin.ashr_Vec8xInt64(Builtin.shl_Vec8xInt64(x, splat(32)), splat(32))
    }
}
#endif
