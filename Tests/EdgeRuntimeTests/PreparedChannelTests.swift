@testable import EdgeRuntime
import Testing
import TestSupport

/// The short road of the packed kernels' requantization (``PreparedChannel``) gives TFLite's
/// `MultiplyByQuantizedMultiplier` bit for bit on every accumulator its bound admits, and is not
/// taken where the bound does not hold.
@Suite struct PreparedChannelTests {
    func reference(_ accumulator: Int32, _ multiplier: Int32, _ shift: Int32) -> Int32 {
        FixedPoint.multiplyByQuantizedMultiplier(accumulator, multiplier, shift)
    }

    @Test func shortRoadMatchesTheReferenceOnRandomChannels() {
        var random = SampleGraphs.Generator(seed: 41)
        var shortChannels = 0
        for _ in 0..<4000 {
            let shift = Int32(random.integer(in: -31...30))
            let multiplier = random.integer(in: 0...9) == 0 ? Int32(random.integer(in: 0...Int(Int32.max))) : Int32(random.integer(in: (1 << 30)...Int(Int32.max)))
            let windowSize = [1, 9, 27, 144, 1152, 4608, 32768][random.integer(in: 0...6)]
            let bias = Int32(random.integer(in: -(1 << 24)...(1 << 24)))
            let channel = PreparedChannel(bias: bias, multiplier: multiplier, shift: shift, windowSize: windowSize)
            guard channel.isShort != 0 else { continue }
            shortChannels += 1
            // Every accumulator the bound admits may occur: its ends, small values and random ones.
            let bound = Int(bias.magnitude) + windowSize * 255 * 128
            let accumulators = [0, 1, -1, 2, -2, bound, -bound, bound - 1, -bound + 1] + (0..<40).map { _ in random.integer(in: -bound...bound) }
            for value in accumulators {
                let accumulator = Int32(value)
                #expect(PreparedChannel.shortScaled(accumulator, channel) == reference(accumulator, multiplier, shift),
                        "accumulator \(accumulator), multiplier \(multiplier), shift \(shift)")
                #expect(PreparedChannel.scaled(accumulator, channel) == reference(accumulator, multiplier, shift))
            }
        }
        #expect(shortChannels > 1000)
    }

    /// Ties of the second rounding: with the multiplier one half, the doubling high multiply is exact
    /// and every odd multiple of half a step appears.
    @Test func tiesRoundAwayFromZero() {
        for shift in Int32(-8)...(-1) {
            let channel = PreparedChannel(bias: 0, multiplier: 1 << 30, shift: shift, windowSize: 1)
            #expect(channel.isShort == 1)
            for accumulator in Int32(-4096)...4096 {
                #expect(PreparedChannel.shortScaled(accumulator, channel) == reference(accumulator, 1 << 30, shift))
            }
        }
    }

    @Test func shortRoadIsClosedWhereItsProofFails() {
        // No right shift: the rounding correction would be wrong.
        #expect(PreparedChannel(bias: 0, multiplier: 1 << 30, shift: 0, windowSize: 9).isShort == 0)
        #expect(PreparedChannel(bias: 0, multiplier: 1 << 30, shift: 3, windowSize: 9).isShort == 0)
        // Accumulators that may leave ±2³⁰ after the left shift.
        #expect(PreparedChannel(bias: 0, multiplier: 1 << 30, shift: -1, windowSize: 40_000).isShort == 0)
        #expect(PreparedChannel(bias: Int32.min, multiplier: 1 << 30, shift: -1, windowSize: 1).isShort == 0)
        #expect(PreparedChannel(bias: 1 << 29, multiplier: 1 << 30, shift: -1, windowSize: 17_000).isShort == 0)
        // The reference road still gives TFLite's bits there.
        let wide = PreparedChannel(bias: Int32.max, multiplier: Int32.max, shift: -1, windowSize: 1)
        for accumulator: Int32 in [Int32.max, Int32.min, Int32.min + 1, 1 << 30, -(1 << 30) - 1] {
            #expect(PreparedChannel.scaled(accumulator, wide) == reference(accumulator, Int32.max, -1))
        }
    }
}
