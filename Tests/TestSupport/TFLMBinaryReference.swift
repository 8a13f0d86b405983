import EdgeModel
import EdgeRuntime

/// An independent restatement of TFLM's integer arithmetic and of its binary element-wise kernels
/// (add.h, sub.h, mul.h, squared_difference.cc, maximum_minimum.h, prelu.h), written with 64-bit
/// intermediates straight from the C++ rather than through the runtime's `FixedPoint`, for tests to
/// compare the runtime's kernels against.
public enum TFLMBinaryReference {
    // MARK: gemmlowp / common.h

    /// `SaturatingRoundingDoublingHighMul`.
    public static func doublingHighMultiply(_ a: Int32, _ b: Int32) -> Int32 {
        if a == Int32.min && b == Int32.min { return Int32.max }
        let product = Int64(a) * Int64(b)
        let nudge: Int64 = product >= 0 ? 1 << 30 : 1 - (1 << 30)
        return Int32(truncatingIfNeeded: (product + nudge) / (Int64(1) << 31))
    }

    /// `RoundingDivideByPOT`.
    public static func roundingDivide(_ x: Int32, byPowerOfTwo exponent: Int32) -> Int32 {
        let mask = (Int64(1) << Int64(exponent)) - 1
        let remainder = Int64(x) & mask
        let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
        return Int32(truncatingIfNeeded: (Int64(x) >> Int64(exponent)) + (remainder > threshold ? 1 : 0))
    }

    /// `MultiplyByQuantizedMultiplier` (double rounding).
    public static func multiply(_ x: Int32, _ multiplier: Int32, _ shift: Int32) -> Int32 {
        let left = shift > 0 ? shift : 0
        let right = shift > 0 ? 0 : -shift
        return roundingDivide(doublingHighMultiply(x &* (Int32(1) << left), multiplier), byPowerOfTwo: right)
    }

    /// `MultiplyByQuantizedMultiplierSmallerThanOneExp`.
    public static func multiplySmallerThanOne(_ x: Int32, _ multiplier: Int32, _ leftShift: Int32) -> Int32 {
        roundingDivide(doublingHighMultiply(x, multiplier), byPowerOfTwo: -leftShift)
    }

    static func clamp(_ value: Int32, _ low: Int32, _ high: Int32) -> Int8 { Int8(min(high, max(low, value))) }

    // MARK: Element functions

    /// `AddFunc` (integer_ops/add.h); `subtract` gives the lambda of `BroadcastQuantSubSlow`.
    public static func add(_ x: Int8, _ y: Int8, _ p: Add.Parameters, subtract: Bool = false) -> Int8 {
        let shifted1 = (p.input1Offset + Int32(x)) &* (Int32(1) << p.leftShift)
        let shifted2 = (p.input2Offset + Int32(y)) &* (Int32(1) << p.leftShift)
        let scaled1 = multiplySmallerThanOne(shifted1, p.input1Multiplier, p.input1Shift)
        let scaled2 = multiplySmallerThanOne(shifted2, p.input2Multiplier, p.input2Shift)
        let raw = subtract ? scaled1 &- scaled2 : scaled1 &+ scaled2
        let output = multiplySmallerThanOne(raw, p.outputMultiplier, p.outputShift) &+ p.outputOffset
        return clamp(output, p.activation.minimum, p.activation.maximum)
    }

    /// The lambda of `BroadcastMul6DSlow` (integer_ops/mul.h).
    public static func mul(_ x: Int8, _ y: Int8, _ p: Mul.Parameters) -> Int8 {
        let product = (p.input1Offset + Int32(x)) &* (p.input2Offset + Int32(y))
        let output = p.outputOffset &+ multiply(product, p.outputMultiplier, p.outputShift)
        return clamp(output, p.activation.minimum, p.activation.maximum)
    }

    /// `SquaredDifference(T x, T y, const ArithmeticParams&)` (squared_difference.cc).
    public static func squaredDifference(_ x: Int8, _ y: Int8, _ p: SquaredDifference.Parameters) -> Int8 {
        let shifted1 = (p.input1Offset + Int32(x)) &* (Int32(1) << p.leftShift)
        let shifted2 = (p.input2Offset + Int32(y)) &* (Int32(1) << p.leftShift)
        let scaled1 = multiplySmallerThanOne(shifted1, p.input1Multiplier, p.input1Shift)
        let scaled2 = multiplySmallerThanOne(shifted2, p.input2Multiplier, p.input2Shift)
        let difference = scaled1 &- scaled2
        let output = multiply(difference &* difference, p.outputMultiplier, p.outputShift) &+ p.outputOffset
        return clamp(output, -128, 127)
    }

    /// The lambda of `BroadcastPrelu4DSlow` (prelu.h).
    public static func prelu(_ x: Int8, _ alpha: Int8, _ p: Prelu.Parameters) -> Int8 {
        let input = p.inputOffset + Int32(x)
        let output: Int32
        if input >= 0 {
            output = multiply(input, p.identityMultiplier, p.identityShift)
        } else {
            output = multiply(input &* (p.alphaOffset + Int32(alpha)), p.slopeMultiplier, p.slopeShift)
        }
        return clamp(output &+ p.outputOffset, -128, 127)
    }

    /// `el1 > el2 ? el1 : el2` and `el1 < el2 ? el1 : el2` (micro/kernels/maximum_minimum.h).
    public static func maximum(_ x: Int8, _ y: Int8) -> Int8 { x > y ? x : y }
    /// See ``maximum(_:_:)``.
    public static func minimum(_ x: Int8, _ y: Int8) -> Int8 { x < y ? x : y }

    /// `function` over a broadcast case, each output element reading the input elements TFLite's
    /// index computation names.
    public static func broadcast(_ c: BroadcastCase, _ first: [Int8], _ second: [Int8], _ function: (Int8, Int8) -> Int8) -> [Int8] {
        (0..<c.outputCount).map { element in
            function(first[c.naiveIndex(c.first, outputElement: element)], second[c.naiveIndex(c.second, outputElement: element)])
        }
    }

    // MARK: Prepare

    /// `CalculateActivationRangeQuantized` for int8 (`Quantize` divides in float).
    public static func activationRange(_ activation: FusedActivation, scale: Float, zeroPoint: Int32) -> ActivationRange {
        func quantize(_ x: Float) -> Int32 { zeroPoint + Int32((x / scale).rounded(.toNearestOrAwayFromZero)) }
        switch activation {
        case .none: return ActivationRange(minimum: -128, maximum: 127)
        case .relu: return ActivationRange(minimum: max(-128, quantize(0)), maximum: 127)
        case .relu6: return ActivationRange(minimum: max(-128, quantize(0)), maximum: min(127, quantize(6)))
        case .reluMinusOneToOne: return ActivationRange(minimum: max(-128, quantize(-1)), maximum: min(127, quantize(1)))
        }
    }

    /// `CalculateOpDataAdd`, and `CalculateOpDataSub` of the TFLM the runtime matches (both in double).
    public static func addParameters(
        _ a: QuantizationParameters, _ b: QuantizationParameters, _ y: QuantizationParameters, _ activation: FusedActivation
    ) -> Add.Parameters {
        let twice = 2 * Double(max(a.scale, b.scale))
        let m1 = QuantizedMultiplier(Double(a.scale) / twice)
        let m2 = QuantizedMultiplier(Double(b.scale) / twice)
        let mOut = QuantizedMultiplier(twice / (Double(1 << 20) * Double(y.scale)))
        return Add.Parameters(
            input1Offset: -a.zeroPoint, input2Offset: -b.zeroPoint, outputOffset: y.zeroPoint, leftShift: 20,
            input1Multiplier: m1.multiplier, input1Shift: m1.shift, input2Multiplier: m2.multiplier, input2Shift: m2.shift,
            outputMultiplier: mOut.multiplier, outputShift: mOut.shift,
            activation: activationRange(activation, scale: y.scale, zeroPoint: y.zeroPoint))
    }

    /// `CalculateOpDataMul`.
    public static func mulParameters(
        _ a: QuantizationParameters, _ b: QuantizationParameters, _ y: QuantizationParameters, _ activation: FusedActivation
    ) -> Mul.Parameters {
        let m = QuantizedMultiplier(Double(a.scale) * Double(b.scale) / Double(y.scale))
        return Mul.Parameters(
            input1Offset: -a.zeroPoint, input2Offset: -b.zeroPoint, outputOffset: y.zeroPoint, outputMultiplier: m.multiplier,
            outputShift: m.shift, activation: activationRange(activation, scale: y.scale, zeroPoint: y.zeroPoint))
    }

    /// `PrepareQuantized` of squared_difference.cc with left shift 7.
    public static func squaredDifferenceParameters(
        _ a: QuantizationParameters, _ b: QuantizationParameters, _ y: QuantizationParameters
    ) -> SquaredDifference.Parameters {
        let twice = 2.0 * Double(max(a.scale, b.scale))
        let m1 = QuantizedMultiplier(Double(a.scale) / twice)
        let m2 = QuantizedMultiplier(Double(b.scale) / twice)
        let mOut = QuantizedMultiplier((twice * twice) / (Double(1 << 14) * Double(y.scale)))
        return SquaredDifference.Parameters(
            input1Offset: -a.zeroPoint, input2Offset: -b.zeroPoint, outputOffset: y.zeroPoint, leftShift: 7,
            input1Multiplier: m1.multiplier, input1Shift: m1.shift, input2Multiplier: m2.multiplier, input2Shift: m2.shift,
            outputMultiplier: mOut.multiplier, outputShift: mOut.shift)
    }

    /// `CalculatePreluParams`.
    public static func preluParameters(
        _ x: QuantizationParameters, _ alpha: QuantizationParameters, _ y: QuantizationParameters
    ) -> Prelu.Parameters {
        let m1 = QuantizedMultiplier(Double(x.scale) / Double(y.scale))
        let m2 = QuantizedMultiplier(Double(x.scale) * Double(alpha.scale) / Double(y.scale))
        return Prelu.Parameters(
            inputOffset: -x.zeroPoint, alphaOffset: -alpha.zeroPoint, outputOffset: y.zeroPoint,
            identityMultiplier: m1.multiplier, identityShift: m1.shift, slopeMultiplier: m2.multiplier, slopeShift: m2.shift)
    }
}
