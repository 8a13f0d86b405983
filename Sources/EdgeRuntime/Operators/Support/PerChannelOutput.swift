/// The last step of a per-channel convolution, shared by CONV_2D and DEPTHWISE_CONV_2D (reference
/// and optimized): add the bias, requantize with the channel's multiplier and shift, add the output
/// zero point, clamp to the fused activation.
@inline(__always)
func perChannelOutput(
    _ accumulator: Int32, channel: Int, bias: UnsafePointer<Int32>?, multipliers: UnsafePointer<Int32>,
    shifts: UnsafePointer<Int32>, outputOffset: Int32, activation: ActivationRange
) -> Int8 {
    var value = accumulator
    if let bias { value &+= bias[channel] }
    value = FixedPoint.multiplyByQuantizedMultiplier(value, multipliers[channel], shifts[channel])
    return Int8(truncatingIfNeeded: activation.clamp(value &+ outputOffset))
}
