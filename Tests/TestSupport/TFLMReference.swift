import Foundation

/// TFLM's int8 element-wise activations restated for tests from TFLite's and gemmlowp's C++
/// source, independently of the runtime's kernels: 64-bit intermediates and truncating division
/// where the C++ has them, gemmlowp's fixed-point type with its integer bits carried by each value,
/// and each kernel's `Prepare` in double. The runtime must agree with it on every int8 input.
public enum TFLMReference {
    // MARK: Scalar operations (gemmlowp/fixedpoint.h, tensorflow/lite/kernels/internal/common.h)

    /// `SaturatingRoundingDoublingHighMul`: `(a·b + nudge) / 2^31` truncated, nudge ±2^30.
    public static func doublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
        if a == Int32.min && b == Int32.min { return Int32.max }
        let product = Int64(a) * Int64(b)
        let nudge: Int64 = product >= 0 ? 1 << 30 : 1 - (1 << 30)
        return Int32((product + nudge) / (1 << 31))
    }

    /// `RoundingDivideByPOT` for int32: `x / 2^exponent` rounded half away from zero.
    public static func roundingDivide(_ x: Int32, _ exponent: Int) -> Int32 {
        Int32((Double(x) / pow(2, Double(exponent))).rounded(.toNearestOrAwayFromZero))
    }

    /// `SaturatingRoundingMultiplyByPOT`: a saturating left shift or a rounding right shift.
    public static func multiplyByPowerOfTwo(_ x: Int32, _ exponent: Int) -> Int32 {
        if exponent <= 0 { return roundingDivide(x, -exponent) }
        return Int32(clamping: Int64(x) << Int64(exponent))
    }

    /// `MultiplyByQuantizedMultiplier` (double rounding); the left shift wraps as TFLite's does.
    public static func multiplyByQuantizedMultiplier(_ x: Int32, _ multiplier: Int32, _ shift: Int) -> Int32 {
        let shifted = Int32(truncatingIfNeeded: Int64(x) << Int64(max(shift, 0)))
        return roundingDivide(doublingHighMul(shifted, multiplier), max(-shift, 0))
    }

    /// C's `frexp`: `x = fraction · 2^exponent`, `0.5 ≤ |fraction| < 1`, sign kept.
    public static func frexp(_ x: Double) -> (fraction: Double, exponent: Int) {
        guard x != 0, x.isFinite else { return (x, 0) }
        let exponent = Int(x.exponent) + 1
        return (x / pow(2, Double(exponent)), exponent)
    }

    /// TFLite's `QuantizeMultiplier`.
    public static func quantizeMultiplier(_ real: Double) -> (multiplier: Int32, shift: Int) {
        if real == 0 { return (0, 0) }
        var (fraction, shift) = frexp(real)
        var fixed = Int64((fraction * 2_147_483_648).rounded(.toNearestOrAwayFromZero))
        if fixed == 1 << 31 {
            fixed /= 2
            shift += 1
        }
        if shift < -31 { return (0, 0) }
        return (Int32(fixed), shift)
    }

    // MARK: gemmlowp's FixedPoint<int32, integerBits>

    /// A raw int32 with `integerBits` integer bits.
    struct Fixed {
        var raw: Int32
        var integerBits: Int
        var fractionalBits: Int { 31 - integerBits }

        static func * (a: Fixed, b: Fixed) -> Fixed {
            Fixed(raw: doublingHighMul(a.raw, b.raw), integerBits: a.integerBits + b.integerBits)
        }
        static func + (a: Fixed, b: Fixed) -> Fixed {
            precondition(a.integerBits == b.integerBits)
            return Fixed(raw: a.raw &+ b.raw, integerBits: a.integerBits)
        }
        static func - (a: Fixed, b: Fixed) -> Fixed {
            precondition(a.integerBits == b.integerBits)
            return Fixed(raw: a.raw &- b.raw, integerBits: a.integerBits)
        }
        static prefix func - (a: Fixed) -> Fixed { Fixed(raw: 0 &- a.raw, integerBits: a.integerBits) }
        /// `One()`: `2^fractionalBits`, or the largest raw value with no integer bits.
        static func one(_ integerBits: Int) -> Fixed {
            Fixed(raw: integerBits == 0 ? Int32.max : 1 << (31 - integerBits), integerBits: integerBits)
        }
        /// `Rescale<bits>`.
        func rescaled(_ bits: Int) -> Fixed {
            Fixed(raw: multiplyByPowerOfTwo(raw, integerBits - bits), integerBits: bits)
        }
    }

    static func exponentialOnMinusQuarterToZero(_ a: Fixed) -> Fixed {
        let constantTerm = Fixed(raw: 1_895_147_668, integerBits: 0)
        let oneThird = Fixed(raw: 715_827_883, integerBits: 0)
        let x = a + Fixed(raw: 1 << 28, integerBits: 0)
        let x2 = x * x
        let x3 = x2 * x
        let x4 = x2 * x2
        let x4Over4 = Fixed(raw: multiplyByPowerOfTwo(x4.raw, -2), integerBits: 0)
        let inner = (x4Over4 + x3) * oneThird + x2
        let polynomial = Fixed(raw: multiplyByPowerOfTwo(inner.raw, -1), integerBits: 0)
        return constantTerm + constantTerm * (x + polynomial)
    }

    /// `exp_on_negative_values`.
    static func exponentialOfNegative(_ a: Fixed) -> Fixed {
        let quarter = Fixed(raw: 1 << (a.fractionalBits - 2), integerBits: a.integerBits)
        let moduloMinusQuarter = Fixed(raw: a.raw & (quarter.raw - 1), integerBits: a.integerBits) - quarter
        var result = exponentialOnMinusQuarterToZero(moduloMinusQuarter.rescaled(0))
        let remainder = (moduloMinusQuarter - a).raw
        let multipliers: [Int: Int32] = [-2: 1_672_461_947, -1: 1_302_514_674, 0: 790_015_084, 1: 290_630_308, 2: 39_332_535, 3: 720_401, 4: 242]
        for exponent in -2...4 where a.integerBits > exponent {
            if remainder & (1 << (a.fractionalBits + exponent)) != 0 {
                result = result * Fixed(raw: multipliers[exponent]!, integerBits: 0)
            }
        }
        precondition(a.integerBits <= 5, "the clamp below -32 is not restated")
        return a.raw == 0 ? Fixed.one(0) : result
    }

    /// The Newton–Raphson division shared by `one_over_one_plus_x_for_x_in_0_1` and
    /// `one_minus_x_over_one_plus_x_for_x_in_0_1`: `1 / (1 + a)` in Q2.29.
    static func reciprocalOfOnePlusQ2(_ a: Fixed) -> Fixed {
        let sum = Int64(a.raw) + Int64(Int32.max)
        let halfDenominator = Fixed(raw: Int32((sum + (sum >= 0 ? 1 : -1)) / 2), integerBits: 0)
        var x = Fixed(raw: 1_515_870_810, integerBits: 2) + halfDenominator * Fixed(raw: -1_010_580_540, integerBits: 2)
        for _ in 0..<3 {
            let oneMinus = Fixed.one(2) - halfDenominator * x
            x = x + (x * oneMinus).rescaled(2)
        }
        return x
    }

    /// gemmlowp's `logistic` of a Q4.27 raw value, Q0.31 raw out.
    public static func logistic(q4 raw: Int32) -> Int32 {
        let a = Fixed(raw: raw, integerBits: 4)
        if raw == 0 { return 1 << 30 }
        let magnitude = raw > 0 ? a : -a
        let reciprocal = reciprocalOfOnePlusQ2(exponentialOfNegative(-magnitude))
        let positive = Fixed(raw: reciprocal.raw, integerBits: 1).rescaled(0)  // ExactMulByPot<-1>
        return raw > 0 ? positive.raw : (Fixed.one(0) - positive).raw
    }

    /// gemmlowp's `tanh` of a Q4.27 raw value, Q0.31 raw out.
    public static func tanh(q4 raw: Int32) -> Int32 {
        let a = Fixed(raw: raw, integerBits: 4)
        if raw == 0 { return 0 }
        let n = raw < 0 ? a : -a
        let doubled = Fixed(raw: n.raw, integerBits: 5)  // ExactMulByPot<1>
        let t = (reciprocalOfOnePlusQ2(exponentialOfNegative(doubled)) - Fixed.one(2)).rescaled(0)
        return raw < 0 ? (-t).raw : t.raw
    }

    /// TFLite's `GetInvSqrtQuantizedMultiplierExp(input, kReverseShift)`.
    public static func inverseSqrt(_ input: Int32) -> (multiplier: Int32, shift: Int) {
        if input <= 1 { return (Int32.max, 0) }
        var value = input
        var shift = 11
        while value >= 1 << 29 {
            value /= 4
            shift += 1
        }
        let leftShiftPairs = (value.leadingZeroBitCount - 1) / 2 - 1
        shift -= leftShiftPairs
        value <<= 2 * leftShiftPairs
        let input = Fixed(raw: value >> 1, integerBits: 3)
        let halfInput = Fixed(raw: multiplyByPowerOfTwo(input.raw, -1), integerBits: 3)
        let threeHalves = Fixed(raw: (1 << 28) + (1 << 27), integerBits: 3)
        var x = Fixed.one(3)
        for _ in 0..<5 {
            let cube = (x * x * x).rescaled(3)
            x = (threeHalves * x - halfInput * cube).rescaled(3)
        }
        var multiplier = (x * Fixed(raw: 1_518_500_250, integerBits: 0)).raw
        if shift < 0 {
            multiplier = Int32(truncatingIfNeeded: Int64(multiplier) << Int64(-shift))
            shift = 0
        }
        return (multiplier, -shift)
    }
}
