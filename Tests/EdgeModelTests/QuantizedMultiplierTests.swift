import EdgeModel
import EdgeRuntime
import Foundation
import Testing
import TestSupport

@Suite struct QuantizedMultiplierTests {
    @Test func representsTheRealValueClosely() {
        var random = SampleGraphs.Generator(seed: 3)
        for _ in 0..<1000 {
            let real = Double(0.5 + random.unit() / 2) * pow(2, Double(random.integer(in: -30...8)))
            let m = QuantizedMultiplier(real)
            #expect(m.multiplier >= 1 << 30)
            #expect(abs(m.realValue - real) <= real * 1e-9)
        }
    }

    @Test func roundsUpToTheNextPowerOfTwo() {
        // A significand that rounds to 2^31 is halved and the shift grows.
        let m = QuantizedMultiplier(0.999_999_999_9)
        #expect(m.multiplier == 1 << 30 && m.shift == 1)
    }

    @Test func flushesTinyMultipliersToZero() {
        #expect(QuantizedMultiplier(pow(2, -33)) == QuantizedMultiplier(0))
        #expect(QuantizedMultiplier(pow(2, -32) * 0.75) == QuantizedMultiplier(0))
        #expect(QuantizedMultiplier(pow(2, -31)).multiplier == 1 << 30)
    }

    @Test func kernelRequantizationMatchesRealArithmetic() {
        // Double-rounded fixed point stays within one unit of the exactly rounded real product.
        var random = SampleGraphs.Generator(seed: 4)
        for _ in 0..<5000 {
            let real = Double(random.unit() + 1e-3) * pow(2, Double(random.integer(in: -20...0)))
            let m = QuantizedMultiplier(real)
            let x = Int32(random.integer(in: -1_000_000...1_000_000))
            let fixed = FixedPoint.multiplyByQuantizedMultiplier(x, m.multiplier, m.shift)
            let exact = (Double(x) * m.realValue).rounded()
            #expect(abs(Double(fixed) - exact) <= 1)
        }
    }

    @Test func fixedPointEdgeCases() {
        #expect(FixedPoint.saturatingRoundingDoublingHighMultiply(.min, .min) == .max)
        #expect(FixedPoint.roundingDivideByPowerOfTwo(5, 1) == 3)
        #expect(FixedPoint.roundingDivideByPowerOfTwo(-5, 1) == -3)
        #expect(FixedPoint.roundingDivideByPowerOfTwo(-6, 2) == -2)
        #expect(FixedPoint.roundingDivideByPowerOfTwo(7, 0) == 7)
        #expect(FixedPoint.saturatingRoundingMultiplyByPowerOfTwo(1 << 29, 3) == .max)
        #expect(FixedPoint.saturatingRoundingMultiplyByPowerOfTwo(-(1 << 29), 3) == .min)
    }

    @Test func fixedPointExponentialTracksExp() {
        // exp on (−32, 0] in Q5.26 → Q0.31, within a few parts per million of the real function.
        for step in 0..<2000 {
            let x = -Double(step) / 64
            let raw = Int32((x * Double(1 << 26)).rounded())
            let value = Double(FixedPoint.exponentialOfNegative(q5: raw)) / Double(Int64(1) << 31)
            #expect(abs(value - exp(Double(raw) / Double(1 << 26))) < 2e-6)
        }
    }

    @Test func fixedPointReciprocal() {
        for sum in stride(from: 1.0, to: 4000.0, by: 37.3) {
            let raw = Int32(sum * Double(1 << 19))  // Q12.19
            let reciprocal = FixedPoint.reciprocal(raw, integerBits: 12)
            let value = Double(reciprocal.value) / Double(Int64(1) << 31) / pow(2, Double(reciprocal.bitsOverUnit))
            #expect(abs(value - 1 / (Double(raw) / Double(1 << 19))) < 1e-6 / sum)
        }
    }
}
