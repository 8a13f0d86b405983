import EdgeRuntime
import Testing
import TestSupport

/// The packed kernels' building blocks: the halfword-pair operations (the portable forms of the
/// Armv7E-M DSP instructions) and the branch-free requantization, checked against plain arithmetic
/// and against TFLite's `MultiplyByQuantizedMultiplier` at the edges of its range.
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
        #expect(HalfwordPairs.load(UnsafePointer(bytes) + 1) == Int32(bitPattern: 0x04_03_02_01))  // unaligned
    }

    @Test func branchFreeRequantizationMatchesTFLite() {
        var random = SampleGraphs.Generator(seed: 21)
        let edges: [Int32] = [.min, .min + 1, -1 << 30, -65_537, -2, -1, 0, 1, 2, 65_535, 1 << 30, .max - 1, .max]
        let multipliers: [Int32] = [0, 1, 1 << 30, (1 << 30) + 1, 1_518_500_250, .max - 1, .max]
        for shift in Int32(-31)...30 {
            for multiplier in multipliers {
                for x in edges {
                    // A left shift that overflows wraps in both (TFLite's int32 multiply by 1 << shift).
                    #expect(FixedPoint.multiplyByNonNegativeQuantizedMultiplier(x, multiplier, shift)
                            == FixedPoint.multiplyByQuantizedMultiplier(x, multiplier, shift))
                }
            }
        }
        for _ in 0..<20_000 {
            let x = Int32(truncatingIfNeeded: random.integer(in: Int(Int32.min)...Int(Int32.max)))
            let multiplier = Int32(random.integer(in: 0...Int(Int32.max)))
            let shift = Int32(random.integer(in: -31...30))
            #expect(FixedPoint.multiplyByNonNegativeQuantizedMultiplier(x, multiplier, shift)
                    == FixedPoint.multiplyByQuantizedMultiplier(x, multiplier, shift))
        }
    }
}
