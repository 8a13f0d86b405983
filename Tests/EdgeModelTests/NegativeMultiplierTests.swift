import Testing

@testable import EdgeModel

/// `QuantizedMultiplier` of a negative real (a LEAKY_RELU with a negative slope): the sign is kept,
/// as C's `frexp` keeps it in TFLite's `QuantizeMultiplier`.
@Suite struct NegativeMultiplierTests {
    @Test func negativeMultipliersKeepTheirSign() {
        let threeQuarters = QuantizedMultiplier(-0.75)
        #expect(threeQuarters.multiplier == -1_610_612_736 && threeQuarters.shift == 0)
        // TFLite halves a significand that rounds up to +2^31, not one that rounds to -2^31.
        let almostOne = QuantizedMultiplier(-0.9999999999)
        #expect(almostOne.multiplier == Int32.min && almostOne.shift == 0)
        for real in [0.75, 0.58307886, 1e-5, 3.5, 1e-12] {
            let positive = QuantizedMultiplier(real)
            let negative = QuantizedMultiplier(-real)
            #expect(negative.multiplier == -positive.multiplier && negative.shift == positive.shift, "\(real)")
        }
    }
}
