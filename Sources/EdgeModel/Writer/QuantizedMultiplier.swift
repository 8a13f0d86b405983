import Foundation

/// A real multiplier as TFLite stores it: a Q31 significand and a power-of-two shift, so that
/// `real ≈ multiplier · 2^(shift − 31)`. Computed exactly as TFLite's `QuantizeMultiplier`.
public struct QuantizedMultiplier: Equatable, Sendable {
    /// The significand in [2^30, 2^31), or zero.
    public var multiplier: Int32
    /// The power-of-two exponent; negative means a right shift.
    public var shift: Int32

    /// Quantizes `real`. Multipliers below 2^-32 become multiplier 0, shift 0 (TFLite flushes
    /// them to zero rather than shifting every bit out).
    public init(_ real: Double) {
        guard real != 0, real.isFinite else {
            multiplier = 0
            shift = 0
            return
        }
        // Foundation's `frexp` drops the sign (it returns `significand / 2`), C's keeps it: TFLite
        // rounds a negative fraction (a negative LEAKY_RELU alpha), and only +2^31 is halved.
        if real < 0 {
            let magnitude = frexp(-real)
            let negative = -Int64((magnitude.0 * Double(Int64(1) << 31)).rounded(.toNearestOrAwayFromZero))
            multiplier = magnitude.1 < -31 ? 0 : Int32(clamping: negative)
            shift = magnitude.1 < -31 ? 0 : Int32(clamping: magnitude.1)
            return
        }
        let fraction = frexp(real)
        var significand = Int64((fraction.0 * Double(Int64(1) << 31)).rounded(.toNearestOrAwayFromZero))
        var exponent = fraction.1
        if significand == Int64(1) << 31 {
            significand /= 2
            exponent += 1
        }
        if exponent < -31 {
            exponent = 0
            significand = 0
        }
        multiplier = Int32(clamping: significand)
        shift = Int32(clamping: exponent)
    }

    /// The real value this multiplier stands for.
    public var realValue: Double { Double(multiplier) * pow(2, Double(shift) - 31) }
}
