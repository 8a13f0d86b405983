/// Integer fixed-point arithmetic exactly as TFLite and gemmlowp define it.
///
/// Every requantization in the runtime goes through these functions; docs/QUANTIZATION.md gives
/// the formulas. All of them use wrapping integer operations where C++ would overflow silently.
public enum FixedPoint {
    /// `(a · b · 2) >> 32` with rounding to nearest, saturating the single overflow case
    /// (`Int32.min · Int32.min`). gemmlowp's `SaturatingRoundingDoublingHighMul`.
    @inline(__always)
    public static func saturatingRoundingDoublingHighMultiply(_ a: Int32, _ b: Int32) -> Int32 {
        if a == b && a == Int32.min { return Int32.max }
        return nudgedHighHalf(a, b)
    }

    /// `(a·b + 2³⁰) >> 31`, which equals gemmlowp's `(a·b + nudge) / 2³¹` (nudge `2³⁰` or `1 − 2³⁰`
    /// by the product's sign, division truncating toward zero) for every product but `Int32.min²`.
    /// Computed on the two words of the product: one multiply-accumulate-long on Arm (the generic
    /// Int64 conversions are not inlined at -Osize).
    @inline(__always)
    static func nudgedHighHalf(_ a: Int32, _ b: Int32) -> Int32 {
        let product = a.multipliedFullWidth(by: b)
        let (low, carry) = product.low.addingReportingOverflow(1 << 30)
        return ((product.high &+ (carry ? 1 : 0)) &<< 1) | Int32(bitPattern: low &>> 31)
    }

    /// `(a·b + 2³¹) >> 32`: the high word of the product, rounded to nearest (ties up). Written so
    /// that LLVM selects one `SMMULR` on Armv7E-M: the product's two words joined back into one
    /// 64-bit value (the generic `Int64(_:)` conversion hides the sign extensions from it).
    @inline(__always)
    static func roundingHighWord(_ a: Int32, _ b: Int32) -> Int32 {
        let product = a.multipliedFullWidth(by: b)
        let wide = (UInt64(UInt32(bitPattern: product.high)) &<< 32) | UInt64(product.low)
        return Int32(truncatingIfNeeded: (wide &+ 0x8000_0000) &>> 32)
    }

    /// `x / 2^exponent` rounded to nearest, ties away from zero. gemmlowp's `RoundingDivideByPOT`.
    /// `exponent` must be in `0...31`.
    @inline(__always)
    public static func roundingDivideByPowerOfTwo(_ x: Int32, _ exponent: Int32) -> Int32 {
        let mask = Int32(bitPattern: (UInt32(1) &<< UInt32(truncatingIfNeeded: exponent)) &- 1)
        let remainder = x & mask
        let threshold = (mask &>> 1) &+ (x < 0 ? 1 : 0)
        return (x &>> exponent) &+ (remainder > threshold ? 1 : 0)
    }

    /// `x · multiplier · 2^shift` with TFLite's double rounding: a left shift (for `shift > 0`),
    /// the doubling high multiply, then a rounding right shift. `MultiplyByQuantizedMultiplier`.
    @inline(__always)
    public static func multiplyByQuantizedMultiplier(_ x: Int32, _ multiplier: Int32, _ shift: Int32) -> Int32 {
        let leftShift = shift > 0 ? shift : 0
        let rightShift = shift > 0 ? 0 : -shift
        return roundingDivideByPowerOfTwo(
            saturatingRoundingDoublingHighMultiply(x &* (1 &<< leftShift), multiplier), rightShift)
    }

    /// The same result as ``multiplyByQuantizedMultiplier(_:_:_:)`` for a non-negative `multiplier`
    /// (model validation guarantees it, so the doubling high multiply cannot saturate) and `shift` in
    /// `-31...30`, without branches.
    @inline(__always)
    public static func multiplyByNonNegativeQuantizedMultiplier(_ x: Int32, _ multiplier: Int32, _ shift: Int32) -> Int32 {
        let leftShift = shift > 0 ? shift : 0
        return multiplyByNonNegativeQuantizedMultiplier(x, multiplier, leftShift: leftShift, rightShift: leftShift &- shift)
    }

    /// The same with the shift already split: `leftShift = max(shift, 0)` before the high multiply,
    /// `rightShift = max(-shift, 0)` after it (kernels split it once per channel).
    @inline(__always)
    public static func multiplyByNonNegativeQuantizedMultiplier(
        _ x: Int32, _ multiplier: Int32, leftShift: Int32, rightShift: Int32
    ) -> Int32 {
        roundingDivideByPowerOfTwo(nudgedHighHalf(x &<< leftShift, multiplier), rightShift)
    }

    /// The same result as ``multiplyBySmallerThanOne(_:_:_:)`` for a non-negative `multiplier` and
    /// `leftShift` in `-31...0` (validation guarantees both where it is used), without the saturation test.
    @inline(__always)
    public static func multiplyByNonNegativeSmallerThanOne(_ x: Int32, _ multiplier: Int32, _ leftShift: Int32) -> Int32 {
        roundingDivideByPowerOfTwo(nudgedHighHalf(x, multiplier), 0 &- leftShift)
    }

    /// `MultiplyByQuantizedMultiplierSmallerThanOneExp`: the high multiply, then a rounding
    /// right shift by `-leftShift` (`leftShift <= 0`).
    @inline(__always)
    public static func multiplyBySmallerThanOne(_ x: Int32, _ multiplier: Int32, _ leftShift: Int32) -> Int32 {
        roundingDivideByPowerOfTwo(saturatingRoundingDoublingHighMultiply(x, multiplier), -leftShift)
    }

    /// `MultiplyByQuantizedMultiplierGreaterThanOne`: a left shift, then the high multiply.
    @inline(__always)
    public static func multiplyByGreaterThanOne(_ x: Int32, _ multiplier: Int32, _ leftShift: Int32) -> Int32 {
        saturatingRoundingDoublingHighMultiply(x &* (1 &<< leftShift), multiplier)
    }

    /// `x · 2^exponent`, saturating for positive exponents and rounding for negative ones.
    /// gemmlowp's `SaturatingRoundingMultiplyByPOT`.
    @inline(__always)
    public static func saturatingRoundingMultiplyByPowerOfTwo(_ x: Int32, _ exponent: Int32) -> Int32 {
        if exponent == 0 { return x }
        if exponent < 0 { return roundingDivideByPowerOfTwo(x, -exponent) }
        let threshold = Int32((1 << (31 - exponent)) - 1)
        if x > threshold { return Int32.max }
        if x < -threshold { return Int32.min }
        return x &<< exponent
    }

    /// gemmlowp's `RoundingHalfSum`: `(a + b) / 2`, rounded away from zero.
    @inline(__always)
    static func roundingHalfSum(_ a: Int32, _ b: Int32) -> Int32 {
        let sum = Int64(a) + Int64(b)
        let sign: Int64 = sum >= 0 ? 1 : -1
        return Int32(truncatingIfNeeded: (sum + sign) / 2)
    }

    /// `exp(a)` for a ≤ 0, input with 5 integer bits (Q5.26), result with 0 integer bits (Q0.31).
    /// gemmlowp's `exp_on_negative_values` specialised to the softmax's `FixedPoint<int32, 5>`.
    public static func exponentialOfNegative(q5 a: Int32) -> Int32 {
        let fractionalBits: Int32 = 26
        let oneQuarter: Int32 = 1 << (fractionalBits - 2)
        let mask = oneQuarter &- 1
        let moduloQuarterMinusQuarter = (a & mask) &- oneQuarter
        // Rescale the Q5.26 value in (-1/4, 0] to Q0.31: multiply by 2^5, saturating.
        var result = exponentialOnIntervalMinusQuarterToZero(
            q0: saturatingRoundingMultiplyByPowerOfTwo(moduloQuarterMinusQuarter, 5))
        let remainder = moduloQuarterMinusQuarter &- a
        // Barrel shifter: multiply by exp(-2^k) for every set bit k of the remainder, k = -2 ... 4.
        var exponent: Int32 = -2
        while exponent <= 4 {
            if remainder & (1 &<< (fractionalBits + exponent)) != 0 {
                result = saturatingRoundingDoublingHighMultiply(result, barrelShifterMultiplier(exponent))
            }
            exponent += 1
        }
        // Five integer bits: no clamp below -32 is needed (kIntegerBits > 5 is false).
        if a == 0 { result = Int32.max }
        return result
    }

    /// `exp(-2^exponent)` in Q0.31, for `exponent` in -2 ... 4.
    @inline(__always)
    static func barrelShifterMultiplier(_ exponent: Int32) -> Int32 {
        switch exponent {
        case -2: return 1_672_461_947
        case -1: return 1_302_514_674
        case 0: return 790_015_084
        case 1: return 290_630_308
        case 2: return 39_332_535
        case 3: return 720_401
        default: return 242
        }
    }

    /// `exp(a)` for a in [-1/4, 0), Q0.31 in and out, by a Taylor expansion around -1/8.
    static func exponentialOnIntervalMinusQuarterToZero(q0 a: Int32) -> Int32 {
        let constantTerm: Int32 = 1_895_147_668  // exp(-1/8)
        let oneThird: Int32 = 715_827_883
        let x = a &+ (1 << 28)  // a + 1/8
        let x2 = saturatingRoundingDoublingHighMultiply(x, x)
        let x3 = saturatingRoundingDoublingHighMultiply(x2, x)
        let x4 = saturatingRoundingDoublingHighMultiply(x2, x2)
        let x4OverFour = saturatingRoundingMultiplyByPowerOfTwo(x4, -2)
        let inner = saturatingRoundingDoublingHighMultiply(x4OverFour &+ x3, oneThird) &+ x2
        let polynomial = saturatingRoundingMultiplyByPowerOfTwo(inner, -1)
        return constantTerm &+ saturatingRoundingDoublingHighMultiply(constantTerm, x &+ polynomial)
    }

    /// `1 / (1 + x)` for x in [0, 1), Q0.31 in and out, by three Newton-Raphson steps.
    /// gemmlowp's `one_over_one_plus_x_for_x_in_0_1`.
    static func reciprocalOfOnePlus(q0 a: Int32) -> Int32 {
        let halfDenominator = roundingHalfSum(a, Int32.max)  // Q0.31
        let fortyEightOverSeventeen: Int32 = 1_515_870_810  // Q2.29
        let minusThirtyTwoOverSeventeen: Int32 = -1_010_580_540  // Q2.29
        var x = fortyEightOverSeventeen &+ saturatingRoundingDoublingHighMultiply(halfDenominator, minusThirtyTwoOverSeventeen)
        let oneQ2: Int32 = 1 << 29
        for _ in 0..<3 {
            let halfDenominatorTimesX = saturatingRoundingDoublingHighMultiply(halfDenominator, x)  // Q2
            let oneMinus = oneQ2 &- halfDenominatorTimesX  // Q2
            let product = saturatingRoundingDoublingHighMultiply(x, oneMinus)  // Q4
            x = x &+ saturatingRoundingMultiplyByPowerOfTwo(product, 2)  // Rescale Q4 -> Q2
        }
        // ExactMulByPot<-1> turns Q2 into Q1 (same raw); Rescale<0> from Q1 shifts left by one.
        return saturatingRoundingMultiplyByPowerOfTwo(x, 1)
    }

    /// TFLite's `GetReciprocal`: the reciprocal of a Q(integerBits) sum as a Q0.31 value and the
    /// number of bits the sum exceeds one by.
    public static func reciprocal(_ x: Int32, integerBits: Int32) -> (value: Int32, bitsOverUnit: Int32) {
        let headroomPlusOne = Int32(UInt32(bitPattern: x).leadingZeroBitCount)
        let bitsOverUnit = integerBits - headroomPlusOne
        let shiftedSumMinusOne = Int32(
            bitPattern: (UInt32(bitPattern: x) &<< UInt32(headroomPlusOne)) &- (UInt32(1) << 31))
        return (reciprocalOfOnePlus(q0: shiftedSumMinusOne), bitsOverUnit)
    }
}
