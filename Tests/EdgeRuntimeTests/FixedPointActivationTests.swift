import EdgeRuntime
import Testing
import TestSupport

/// The fixed-point functions behind LOGISTIC, TANH, HARD_SWISH and RSQRT against `TFLMReference`,
/// gemmlowp's and TFLite's C++ restated with gemmlowp's fixed-point type.
@Suite struct FixedPointActivationTests {
    @Test func exponentialLogisticAndTanhAgree() {
        var random = SampleGraphs.Generator(seed: 9)
        var values: [Int32] = [0, -1, 1, Int32.min + 1, -(1 << 27), -(15 << 27)]
        for _ in 0..<3_000 { values.append(-Int32(truncatingIfNeeded: random.next() & 0x7FFF_FFFF)) }
        for a in values {
            #expect(FixedPoint.exponentialOfNegative(a, integerBits: 5) == FixedPoint.exponentialOfNegative(q5: a))
            for q4 in [a, 0 &- a] {
                #expect(FixedPoint.logistic(q4: q4) == TFLMReference.logistic(q4: q4), "logistic \(q4)")
                #expect(FixedPoint.tanh(q4: q4) == TFLMReference.tanh(q4: q4), "tanh \(q4)")
            }
        }
    }

    @Test func inverseSquareRootAgrees() {
        var values = Array(Int32(-255)...4096) + [1 << 28, (1 << 29) - 1, 1 << 29, Int32.max]
        var random = SampleGraphs.Generator(seed: 4)
        for _ in 0..<1_000 { values.append(Int32(truncatingIfNeeded: random.next() & 0x7FFF_FFFF)) }
        for value in values {
            let runtime = FixedPoint.inverseSquareRoot(value)
            let reference = TFLMReference.inverseSqrt(value)
            #expect(runtime.multiplier == reference.multiplier && Int(runtime.shift) == reference.shift, "v = \(value)")
        }
    }

    @Test func int16RoundingDivisionKeepsTFLitesMaskForLargeExponents() {
        for x in [Int16.min, -300, -1, 0, 1, 300, Int16.max] {
            for exponent in Int32(0)...31 {
                let expected = TFLMReference.roundingDivide16(Int32(x), Int(exponent))
                #expect(Int32(FixedPoint16.roundingDivideByPowerOfTwo(x, exponent)) == expected, "\(x) >> \(exponent)")
            }
        }
        #expect(FixedPoint16.roundingDivideByPowerOfTwo(5, 20) == 1 && FixedPoint16.roundingDivideByPowerOfTwo(-5, 20) == -1)
        #expect(FixedPoint16.roundingDivideByPowerOfTwo(0, 16) == 1, "gemmlowp's 16-bit mask: 0 rounds up past 15 bits")
    }

    @Test func int16Multiplies() {
        let values: [Int16] = [Int16.min, -32767, -16384, -3, -1, 0, 1, 2, 16383, 32767]
        for a in values {
            for b in values {
                let product = Int32(a) * Int32(b)
                let rounded = a == Int16.min && b == Int16.min ? 32767 : (product + (product >= 0 ? 16384 : -16383)) / 32768
                #expect(Int32(FixedPoint16.saturatingRoundingDoublingHighMultiply(a, b)) == Int32(Int16(truncatingIfNeeded: rounded)))
                let truncated = a == Int16.min && b == Int16.min ? 32767 : product / 32768
                #expect(Int32(FixedPoint16.saturatingDoublingHighMultiply(a, b)) == Int32(Int16(truncatingIfNeeded: truncated)))
            }
            #expect(FixedPoint16.saturatingLeftShift(a, 30) == (a > 0 ? Int16.max : a < 0 ? Int16.min : 0))
        }
    }
}
