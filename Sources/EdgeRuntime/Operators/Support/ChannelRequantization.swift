/// One output channel's requantization for the packed kernels, with its shift split once into the
/// left shift before and the rounding right shift after the high multiply (TFLite's double rounding;
/// validation keeps the multiplier non-negative, so the high multiply cannot saturate).
struct ChannelRequantization {
    let multiplier: Int32
    let leftShift: Int32
    let rightShift: Int32

    @inline(__always)
    init(multiplier: Int32, shift: Int32) {
        self.multiplier = multiplier
        leftShift = shift > 0 ? shift : 0
        rightShift = leftShift &- shift
    }

    /// The int8 output for `accumulator` (bias included): requantized, offset and clamped.
    @inline(__always)
    func output(_ accumulator: Int32, offset: Int32, activation: ActivationRange) -> Int8 {
        let value = FixedPoint.multiplyByNonNegativeQuantizedMultiplier(
            accumulator, multiplier, leftShift: leftShift, rightShift: rightShift)
        return Int8(truncatingIfNeeded: activation.clamp(value &+ offset))
    }
}

/// Four consecutive channels' requantization, read once per block of four channels.
struct BlockRequantization {
    let channels: (ChannelRequantization, ChannelRequantization, ChannelRequantization, ChannelRequantization)
    let outputOffset: Int32
    let activation: ActivationRange

    @inline(__always)
    init(multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>, channel: Int, outputOffset: Int32, activation: ActivationRange) {
        channels = (ChannelRequantization(multiplier: multipliers[channel], shift: shifts[channel]),
                    ChannelRequantization(multiplier: multipliers[channel &+ 1], shift: shifts[channel &+ 1]),
                    ChannelRequantization(multiplier: multipliers[channel &+ 2], shift: shifts[channel &+ 2]),
                    ChannelRequantization(multiplier: multipliers[channel &+ 3], shift: shifts[channel &+ 3]))
        self.outputOffset = outputOffset
        self.activation = activation
    }

    /// Writes the four channels' outputs at `output[0...3]`.
    @inline(__always)
    func store(_ a0: Int32, _ a1: Int32, _ a2: Int32, _ a3: Int32, to output: UnsafeMutablePointer<Int8>) {
        output[0] = channels.0.output(a0, offset: outputOffset, activation: activation)
        output[1] = channels.1.output(a1, offset: outputOffset, activation: activation)
        output[2] = channels.2.output(a2, offset: outputOffset, activation: activation)
        output[3] = channels.3.output(a3, offset: outputOffset, activation: activation)
    }
}
