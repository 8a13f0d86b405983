/// gemmlowp's fixed-point logistic, tanh and exponential for any number of integer bits, and
/// TFLite's `GetInvSqrtQuantizedMultiplierExp`: what LOGISTIC, TANH and RSQRT compute with.
/// Additions and negations wrap, as the C++ does on the targets TFLM runs on.
extension FixedPoint {
    /// `exp(a)` for `a ≤ 0` given with `integerBits` integer bits (1...5), Q0.31 out.
    /// gemmlowp's `exp_on_negative_values<int32, integerBits>` (no clamp below −32 is needed up to 5 bits).
    public static func exponentialOfNegative(_ a: Int32, integerBits: Int32) -> Int32 {
        let fractionalBits = 31 &- integerBits
        let oneQuarter: Int32 = 1 &<< (fractionalBits &- 2)
        let moduloQuarterMinusQuarter = (a & (oneQuarter &- 1)) &- oneQuarter
        var result = exponentialOnIntervalMinusQuarterToZero(
            q0: saturatingRoundingMultiplyByPowerOfTwo(moduloQuarterMinusQuarter, integerBits))
        let remainder = moduloQuarterMinusQuarter &- a
        // Multiply by exp(-2^k) for every set bit k of the remainder, k = -2 ..< integerBits.
        var exponent: Int32 = -2
        while exponent < integerBits {
            if remainder & (1 &<< (fractionalBits &+ exponent)) != 0 {
                result = saturatingRoundingDoublingHighMultiply(result, barrelShifterMultiplier(exponent))
            }
            exponent &+= 1
        }
        return a == 0 ? Int32.max : result
    }

    /// `(1 − x) / (1 + x)` for x in [0, 1), Q0.31 in and out: three Newton–Raphson steps on the
    /// half denominator in Q2.29. gemmlowp's `one_minus_x_over_one_plus_x_for_x_in_0_1`.
    static func oneMinusOverOnePlus(q0 a: Int32) -> Int32 {
        let halfDenominator = roundingHalfSum(a, Int32.max)
        let oneQ2: Int32 = 1 << 29
        var x = 1_515_870_810 &+ saturatingRoundingDoublingHighMultiply(halfDenominator, -1_010_580_540)  // 48/17 − 32/17·d
        for _ in 0..<3 {
            let oneMinus = oneQ2 &- saturatingRoundingDoublingHighMultiply(halfDenominator, x)
            x = x &+ saturatingRoundingMultiplyByPowerOfTwo(saturatingRoundingDoublingHighMultiply(x, oneMinus), 2)
        }
        return saturatingRoundingMultiplyByPowerOfTwo(x &- oneQ2, 2)
    }

    /// `1 / (1 + exp(−a))` for `a` in Q4.27, Q0.31 out. gemmlowp's `logistic<int32, 4>`.
    public static func logistic(q4 a: Int32) -> Int32 {
        if a == 0 { return 1 << 30 }
        let magnitude = a > 0 ? a : 0 &- a
        let positive = reciprocalOfOnePlus(q0: exponentialOfNegative(0 &- magnitude, integerBits: 4))
        return a > 0 ? positive : Int32.max &- positive
    }

    /// `tanh(a)` for `a` in Q4.27, Q0.31 out. gemmlowp's `tanh<int32, 4>`: `exp(2n)` of the
    /// non-positive `n = −|a|` reads the same raw value with five integer bits.
    public static func tanh(q4 a: Int32) -> Int32 {
        if a == 0 { return 0 }
        let nonPositive = a < 0 ? a : 0 &- a
        let negatedTanh = oneMinusOverOnePlus(q0: exponentialOfNegative(nonPositive, integerBits: 5))
        return a < 0 ? 0 &- negatedTanh : negatedTanh
    }

    /// `1/√x` as a Q31 multiplier and a left shift (≤ 0), TFLite's `GetInvSqrtQuantizedMultiplierExp`
    /// with `reverse_shift = −1`: five Newton–Raphson steps in Q3.28. Inputs `≤ 1` give
    /// `(Int32.max, 0)`, as in TFLite.
    public static func inverseSquareRoot(_ value: Int32) -> (multiplier: Int32, shift: Int32) {
        guard value > 1 else { return (Int32.max, 0) }
        var input = value
        var shift: Int32 = 11
        while input >= 1 << 29 {
            input /= 4
            shift &+= 1
        }
        let leftShiftPairs = (Int32(UInt32(bitPattern: input).leadingZeroBitCount) &- 1) / 2 &- 1
        shift &-= leftShiftPairs
        input &<<= 2 &* leftShiftPairs
        let halfInput = saturatingRoundingMultiplyByPowerOfTwo(input &>> 1, -1)  // Q3.28
        let threeHalves: Int32 = (1 << 28) + (1 << 27)
        var x: Int32 = 1 << 28  // Q3.28 one
        for _ in 0..<5 {
            let cube = saturatingRoundingMultiplyByPowerOfTwo(
                saturatingRoundingDoublingHighMultiply(saturatingRoundingDoublingHighMultiply(x, x), x), 6)
            let difference = saturatingRoundingDoublingHighMultiply(threeHalves, x)
                &- saturatingRoundingDoublingHighMultiply(halfInput, cube)
            x = saturatingRoundingMultiplyByPowerOfTwo(difference, 3)
        }
        var multiplier = saturatingRoundingDoublingHighMultiply(x, 1_518_500_250)  // · √2/2
        if shift < 0 {
            multiplier = multiplier &<< (0 &- shift)
            shift = 0
        }
        return (multiplier, 0 &- shift)
    }
}
