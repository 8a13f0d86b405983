/// Per-tensor asymmetric int8 quantization of an activation, `real = scale · (q − zeroPoint)`,
/// with zero exactly representable (TFLite's activation scheme).
public struct AffineQuantization: Sendable, Equatable {
    /// The step between neighbouring int8 values.
    public var scale: Float
    /// The int8 value that represents real zero.
    public var zeroPoint: Int32

    /// Creates the parameters directly.
    public init(scale: Float, zeroPoint: Int32) {
        self.scale = scale
        self.zeroPoint = zeroPoint
    }

    /// Parameters covering `range` (widened to contain zero) with the 256 int8 values.
    public init(covering range: ClosedRange<Float>) {
        let lower = min(range.lowerBound, 0), upper = max(range.upperBound, 0)
        let width = upper - lower
        scale = width > 0 && width.isFinite ? width / 255 : 1
        zeroPoint = Int32(max(-128, min(127, (-128 - lower / scale).rounded())))
    }

    /// `clamp(round(x / scale) + zeroPoint)`, rounding half away from zero like the runtime's QUANTIZE.
    public func quantize(_ value: Float) -> Int8 {
        let shifted = (value / scale).rounded() + Float(zeroPoint)
        return Int8(max(-128, min(127, shifted.isNaN ? Float(zeroPoint) : shifted)))
    }

    /// `scale · (q − zeroPoint)`.
    public func dequantize(_ value: Int8) -> Float {
        scale * Float(Int32(value) - zeroPoint)
    }

    /// The value `quantize` then `dequantize` gives: clipped to the representable range and rounded to a step.
    public func roundTrip(_ value: Float) -> Float {
        dequantize(quantize(value))
    }
}
