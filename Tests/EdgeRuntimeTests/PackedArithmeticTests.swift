import EdgeRuntime
import Testing
import TestSupport

/// The packed kernels' building blocks: the halfword-pair operations (the portable forms of the
/// Armv7E-M DSP instructions) and the requantization, checked against plain arithmetic and against
/// gemmlowp's formulas written out literally in 64-bit arithmetic, at the edges of their range.
@Suite struct PackedArithmeticTests {
    @Test func halfwordPairsSplitAndCombineBytes() {
        let word = Int32(bitPattern: 0x80_7F_FE_01)  // bytes 0..3: 0x01, 0xFE (-2), 0x7F, 0x80 (-128)
        #expect(HalfwordPairs.evenBytes(word) == Int32(bitPattern: 0x007F_0001))
        #expect(HalfwordPairs.oddBytes(word) == Int32(bitPattern: 0xFF80_FFFE))
        let pair = HalfwordPairs.add(HalfwordPairs.oddBytes(word), HalfwordPairs.splat(-127))
        #expect(Int16(truncatingIfNeeded: pair) == -129 && Int16(truncatingIfNeeded: pair >> 16) == -255)
        #expect(HalfwordPairs.dotAccumulate(HalfwordPairs.evenBytes(word), HalfwordPairs.oddBytes(word), 10) == 10 + 1 * -2 + 127 * -128)
        #expect(HalfwordPairs.lowAccumulate(HalfwordPairs.evenBytes(word), HalfwordPairs.oddBytes(word), 0) == -2)
        #expect(HalfwordPairs.highAccumulate(HalfwordPairs.evenBytes(word), HalfwordPairs.oddBytes(word), 0) == 127 * -128)
        let bytes: [Int8] = [9, 1, 2, 3, 4, -5]
        let unaligned = bytes.withUnsafeBufferPointer { HalfwordPairs.load($0.baseAddress! + 1) }
        #expect(unaligned == Int32(bitPattern: 0x04_03_02_01))
    }

    /// gemmlowp's `SaturatingRoundingDoublingHighMul` then `RoundingDivideByPOT`, as TFLite's
    /// `MultiplyByQuantizedMultiplier` composes them, in Int64 as the C++ writes them.
    func literalMultiply(_ x: Int32, _ multiplier: Int32, _ shift: Int32) -> Int32 {
        let shifted = x &* (1 &<< Int32(max(shift, 0)))
        var high = Int32.max
        if !(shifted == multiplier && shifted == .min) {
            let product = Int64(shifted) * Int64(multiplier)
            let nudge: Int64 = product >= 0 ? (1 << 30) : (1 - (1 << 30))
            high = Int32(truncatingIfNeeded: (product + nudge) / (1 << 31))
        }
        let exponent = Int64(max(-shift, 0))
        let mask = (Int64(1) << exponent) - 1
        let remainder = Int64(high) & mask
        let threshold = (mask >> 1) + (high < 0 ? 1 : 0)
        return Int32(truncatingIfNeeded: (Int64(high) >> exponent) + (remainder > threshold ? 1 : 0))
    }

    @Test func requantizationMatchesTheLiteralFormula() {
        var random = SampleGraphs.Generator(seed: 21)
        let edges: [Int32] = [.min, .min + 1, -1 << 30, -65_537, -2, -1, 0, 1, 2, 65_535, 1 << 30, .max - 1, .max]
        let multipliers: [Int32] = [0, 1, 1 << 30, (1 << 30) + 1, 1_518_500_250, .max - 1, .max]
        for shift in Int32(-31)...30 {
            for multiplier in multipliers {
                for x in edges {
                    // A left shift that overflows wraps in both (TFLite's int32 multiply by 1 << shift).
                    let expected = literalMultiply(x, multiplier, shift)
                    #expect(FixedPoint.multiplyByQuantizedMultiplier(x, multiplier, shift) == expected)
                    #expect(FixedPoint.multiplyByNonNegativeQuantizedMultiplier(x, multiplier, shift) == expected)
                }
            }
        }
        #expect(FixedPoint.saturatingRoundingDoublingHighMultiply(.min, .min) == .max)
        for _ in 0..<20_000 {
            let x = Int32(truncatingIfNeeded: random.integer(in: Int(Int32.min)...Int(Int32.max)))
            let multiplier = Int32(random.integer(in: 0...Int(Int32.max)))
            let shift = Int32(random.integer(in: -31...30))
            let expected = literalMultiply(x, multiplier, shift)
            #expect(FixedPoint.multiplyByQuantizedMultiplier(x, multiplier, shift) == expected)
            #expect(FixedPoint.multiplyByNonNegativeQuantizedMultiplier(x, multiplier, shift) == expected)
            if shift <= 0 {
                #expect(FixedPoint.multiplyByNonNegativeSmallerThanOne(x, multiplier, shift) == expected)
                #expect(FixedPoint.multiplyBySmallerThanOne(x, multiplier, shift) == expected)
            }
        }
    }
}
