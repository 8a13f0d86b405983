import Foundation

/// Each operator's `Prepare` (the words it computes from the scales) and `Eval` (one int8 input to
/// one int8 output), restated from TFLM's kernels.
extension TFLMReference {
    /// The quantization of one tensor.
    public struct Quantization: Sendable {
        /// The scale.
        public var scale: Float
        /// The zero point.
        public var zeroPoint: Int32
        /// Creates a quantization.
        public init(_ scale: Float, _ zeroPoint: Int32) {
            self.scale = scale
            self.zeroPoint = zeroPoint
        }
    }

    /// Clamps to int8.
    static func int8(_ value: Int32) -> Int8 { Int8(min(max(value, -128), 127)) }

    // MARK: LOGISTIC and TANH (logistic_common.cc, tanh.cc, reference/integer_ops/{logistic,tanh}.h)

    /// `input_zero_point, input_range_radius, input_multiplier, input_left_shift`.
    public static func sigmoidPrepare(_ x: Quantization) -> [Int32] {
        let real = Double(x.scale) * Double(1 << (31 - 4))
        let (fraction, shift) = frexp(real)
        let multiplier = Int32((fraction * Double(Int64(1) << 31)).rounded(.toNearestOrAwayFromZero))
        let radius = Int32(floor(Double((1 << 4) - 1) * Double(1 << 27) / pow(2, Double(shift))))
        return [x.zeroPoint, radius, multiplier, Int32(shift)]
    }

    public static func logistic(_ words: [Int32], _ q: Int8) -> Int8 {
        let input = Int32(q) - words[0]
        if input <= -words[1] { return -128 }
        if input >= words[1] { return 127 }
        let q4 = multiplyByQuantizedMultiplier(input, words[2], Int(words[3]))
        return int8(roundingDivide(logistic(q4: q4), 31 - 8) - 128)
    }

    public static func tanh(_ words: [Int32], _ q: Int8) -> Int8 {
        let input = Int32(q) - words[0]
        if input <= -words[1] { return -128 }
        if input >= words[1] { return 127 }
        let q4 = multiplyByQuantizedMultiplier(input, words[2], Int(words[3]))
        return int8(roundingDivide(tanh(q4: q4), 31 - 7))
    }

    // MARK: HARD_SWISH (hard_swish_common.cc, reference/hard_swish.h)

    /// `DownScaleInt32ToInt16Multiplier`.
    static func int16Multiplier(_ m: Int32) -> Int32 { m >= Int32.max - (1 << 15) ? 32767 : (m + (1 << 15)) >> 16 }

    /// `input_zero_point, output_zero_point, output_multiplier_fixedpoint_int16,
    /// output_multiplier_exponent, reluish_multiplier_fixedpoint_int16, reluish_multiplier_exponent`.
    public static func hardSwishPrepare(_ x: Quantization, _ y: Quantization) -> [Int32] {
        let highResolution = (Float(1) / 128) * x.scale
        let output = quantizeMultiplier(Double(highResolution / y.scale))
        let reluish = quantizeMultiplier(Double(highResolution / (Float(3) / 32768)))
        return [x.zeroPoint, y.zeroPoint, int16Multiplier(output.multiplier), Int32(output.shift),
                int16Multiplier(reluish.multiplier), Int32(reluish.shift)]
    }

    /// gemmlowp's 16-bit `SaturatingRoundingDoublingHighMul`.
    static func doublingHighMul16(_ a: Int32, _ b: Int32) -> Int32 {
        if a == -32768 && b == -32768 { return 32767 }
        let product = a * b
        return Int32(Int16(truncatingIfNeeded: (product + (product >= 0 ? 1 << 14 : 1 - (1 << 14))) / (1 << 15)))
    }

    /// gemmlowp's `RoundingDivideByPOT<int16_t>`: its mask is `(1 << exponent) − 1` cut to 16 bits.
    public static func roundingDivide16(_ x: Int32, _ exponent: Int) -> Int32 {
        let mask = Int32(Int16(truncatingIfNeeded: (Int64(1) << Int64(exponent)) - 1))
        let threshold = Int32(Int16(truncatingIfNeeded: (mask >> 1) + (x < 0 ? 1 : 0)))
        let quotient = Int32(Int16(truncatingIfNeeded: x >> Int32(exponent)))
        return Int32(Int16(truncatingIfNeeded: quotient + ((x & mask) > threshold ? 1 : 0)))
    }

    static func saturatingLeftShift16(_ x: Int32, _ amount: Int) -> Int32 { min(max(x << amount, -32768), 32767) }

    public static func hardSwish(_ words: [Int32], _ q: Int8) -> Int8 {
        let inputValue = Int32(Int16(truncatingIfNeeded: Int32(q) - words[0]))
        let highResolution = Int32(Int16(truncatingIfNeeded: inputValue * 128))
        let preshiftOutput = doublingHighMul16(highResolution, words[2])
        let exponent = Int(words[5])
        var reluish = highResolution
        if exponent > 0 { reluish = saturatingLeftShift16(reluish, exponent - 1) }
        reluish = doublingHighMul16(reluish, words[4])
        if exponent > 0 { reluish = saturatingLeftShift16(reluish, 1) }
        if exponent < 0 { reluish = roundingDivide16(reluish, -exponent) }
        reluish = Int32(Int16(truncatingIfNeeded: (reluish + (1 << 15)) >> 1))
        let product = Int32(Int16(truncatingIfNeeded: (reluish * preshiftOutput) / (1 << 15)))  // SaturatingDoublingHighMul
        let shifted = roundingDivide16(product, -Int(words[3]))
        return int8(Int32(Int16(truncatingIfNeeded: shifted + words[1])))
    }

    // MARK: LEAKY_RELU (leaky_relu_common.cc, reference/leaky_relu.h)

    /// `input_offset, output_offset, output_multiplier_alpha, output_shift_alpha,
    /// output_multiplier_identity, output_shift_identity`.
    public static func leakyReluPrepare(_ x: Quantization, _ y: Quantization, alpha: Float) -> [Int32] {
        let alphaMultiplier = quantizeMultiplier(Double(x.scale * alpha / y.scale))
        let identity = quantizeMultiplier(Double(x.scale / y.scale))
        return [x.zeroPoint, y.zeroPoint, alphaMultiplier.multiplier, Int32(alphaMultiplier.shift),
                identity.multiplier, Int32(identity.shift)]
    }

    public static func leakyRelu(_ words: [Int32], _ q: Int8) -> Int8 {
        let input = Int32(q) - words[0]
        if input >= 0 { return int8(words[1] + multiplyByQuantizedMultiplier(input, words[4], Int(words[5]))) }
        let scaled = multiplyByQuantizedMultiplier(input, abs(words[2]), Int(words[3]))
        return int8(words[1] + (words[2] < 0 ? -scaled : scaled))
    }

    // MARK: RELU and RELU6 (activations_common.cc, activations.h)

    /// `input_offset, output_offset, output_multiplier, output_shift, activation min, activation max`.
    public static func reluPrepare(_ x: Quantization, _ y: Quantization) -> [Int32] {
        let m = quantizeMultiplier(Double(x.scale / y.scale))
        let minimum = max(-128, y.zeroPoint + Int32((Float(0) / y.scale).rounded()))
        return [x.zeroPoint, y.zeroPoint, m.multiplier, Int32(m.shift), minimum, 127]
    }

    public static func relu(_ words: [Int32], _ q: Int8) -> Int8 {
        let value = words[1] + multiplyByQuantizedMultiplier(Int32(q) - words[0], words[2], Int(words[3]))
        return Int8(min(max(value, words[4]), words[5]))
    }

    /// `zero, six` from `FloatToQuantizedType<int8_t>(6.0f, scale, zero_point)`.
    public static func relu6Prepare(_ x: Quantization) -> [Int32] {
        [x.zeroPoint, Int32(int8(Int32((Float(6) / x.scale).rounded()) + x.zeroPoint))]
    }

    public static func relu6(_ words: [Int32], _ q: Int8) -> Int8 { Int8(min(max(Int32(q), words[0]), words[1])) }

    // MARK: RSQRT (elementwise.cc)

    /// `input_offset, output_offset, multiplier, shift` of `1 / (sqrtf(s_in) · s_out)`.
    public static func rsqrtPrepare(_ x: Quantization, _ y: Quantization) -> [Int32] {
        let m = quantizeMultiplier(1.0 / Double(x.scale.squareRoot() * y.scale))
        return [x.zeroPoint, y.zeroPoint, m.multiplier, Int32(m.shift)]
    }

    /// For inputs at or above the zero point (TFLM stops with an error below it).
    public static func rsqrt(_ words: [Int32], _ q: Int8) -> Int8 {
        let value = Int32(q) - words[0]
        if value == 0 { return 127 }
        let inverse = inverseSqrt(value)
        let data = multiplyByQuantizedMultiplier(1, inverse.multiplier, inverse.shift + 20)
        return int8(multiplyByQuantizedMultiplier(data, words[2], Int(words[3]) - 20) + words[1])
    }

    // MARK: DEQUANTIZE, NEG, QUANTIZE (dequantize.h, neg.h, quantize.h)

    /// The float island a converter leaves for LayerNormalization's NEG.
    public static func negatedRequantization(_ q: Int8, _ x: Quantization, _ y: Quantization) -> Int8 {
        let real = Float(Double(x.scale) * Double(Int32(q) - x.zeroPoint))
        let negated = -real
        return int8(Int32((negated / y.scale).rounded()) + y.zeroPoint)
    }
}
