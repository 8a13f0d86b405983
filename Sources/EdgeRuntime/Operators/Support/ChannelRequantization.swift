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

/// Four consecutive channels' requantization, prepared once per block of four channels; the short
/// road of ``PreparedChannel`` when all four channels can take it.
struct BlockRequantization {
    let channels: (PreparedChannel, PreparedChannel, PreparedChannel, PreparedChannel)
    let isShort: Bool
    let outputOffset: Int32
    let activation: ActivationRange

    /// `windowSize` bounds the products an accumulator sums, as for ``PreparedChannel``.
    @inline(__always)
    init(
        multipliers: UnsafePointer<Int32>, shifts: UnsafePointer<Int32>, bias: UnsafePointer<Int32>?, channel: Int,
        windowSize: Int, outputOffset: Int32, activation: ActivationRange
    ) {
        func prepared(_ c: Int) -> PreparedChannel {
            PreparedChannel(bias: bias?[c] ?? 0, multiplier: multipliers[c], shift: shifts[c], windowSize: windowSize)
        }
        channels = (prepared(channel), prepared(channel &+ 1), prepared(channel &+ 2), prepared(channel &+ 3))
        isShort = channels.0.isShort & channels.1.isShort & channels.2.isShort & channels.3.isShort != 0
        self.outputOffset = outputOffset
        self.activation = activation
    }

    /// Writes the four channels' outputs at `output[0...3]`.
    @inline(__always)
    func store(_ a0: Int32, _ a1: Int32, _ a2: Int32, _ a3: Int32, to output: UnsafeMutablePointer<Int8>) {
        var (v0, v1, v2, v3) = (a0, a1, a2, a3)
        if isShort {
            v0 = PreparedChannel.shortScaled(v0, channels.0)
            v1 = PreparedChannel.shortScaled(v1, channels.1)
            v2 = PreparedChannel.shortScaled(v2, channels.2)
            v3 = PreparedChannel.shortScaled(v3, channels.3)
        } else {
            v0 = PreparedChannel.scaled(v0, channels.0)
            v1 = PreparedChannel.scaled(v1, channels.1)
            v2 = PreparedChannel.scaled(v2, channels.2)
            v3 = PreparedChannel.scaled(v3, channels.3)
        }
        output[0] = Int8(truncatingIfNeeded: activation.clamp(v0 &+ outputOffset))
        output[1] = Int8(truncatingIfNeeded: activation.clamp(v1 &+ outputOffset))
        output[2] = Int8(truncatingIfNeeded: activation.clamp(v2 &+ outputOffset))
        output[3] = Int8(truncatingIfNeeded: activation.clamp(v3 &+ outputOffset))
    }
}

/// One output channel's requantization prepared once per run, in the operator's scratch,
/// for kernels whose loop over pixels would otherwise split the shift again for every few outputs
/// (the packed CONV_2D).
///
/// A channel whose accumulators provably stay small takes a shorter road to TFLite's bits. With
/// `|accumulator| ≤ |bias| + 255·128·windowSize` (int8 inputs offset by at most 255, int8 filters)
/// and that bound times `2^leftShift` below 2³⁰, doubling the shifted accumulator cannot overflow, and
/// the doubling high multiply `(x·m + 2³⁰) >> 31` equals the rounded high word `(2x·m + 2³¹) >> 32`
/// (one `SMMULR`). Its magnitude stays below 2³⁰, so for a right shift `r ≥ 1`,
/// `RoundingDivideByPOT(h, r)` is `(h + 2ʳ⁻¹ − [h < 0]) >> r` without overflow. Other channels go
/// the reference way (docs/QUANTIZATION.md).
struct PreparedChannel {
    let multiplier: Int32
    /// `2^(leftShift + 1)`: the short road's doubling left shift as a factor (0 off the short road).
    let scale: Int32
    let leftShift: Int8
    let rightShift: Int8
    /// 1 when the short road gives TFLite's bits for every accumulator this channel can produce.
    let isShort: Int8

    /// `bias` and `windowSize` (the number of products an accumulator sums) bound the accumulators.
    @inline(__always)
    init(bias: Int32, multiplier: Int32, shift: Int32, windowSize: Int) {
        self.multiplier = multiplier
        let left = shift > 0 ? shift : 0
        let right = left &- shift
        leftShift = Int8(truncatingIfNeeded: left)
        rightShift = Int8(truncatingIfNeeded: right)
        let bound = UInt64(bias.magnitude) &+ UInt64(windowSize) &* (255 &* 128)
        let short = right > 0 && bound < (UInt64(1) &<< (30 &- UInt64(left)))
        isShort = short ? 1 : 0
        scale = short ? 1 &<< (left &+ 1) : 0
    }

    /// The short road for `channel` (whose ``isShort`` must be 1), before the output offset.
    @inline(__always)
    static func shortScaled(_ accumulator: Int32, _ channel: PreparedChannel) -> Int32 {
        let right = Int32(channel.rightShift)
        return shortScaled(accumulator, multiplier: channel.multiplier, scale: channel.scale, nudge: 1 &<< (right &- 1), rightShift: right)
    }

    /// TFLite's arithmetic for `channel`, before the output offset.
    @inline(__always)
    static func scaled(_ accumulator: Int32, _ channel: PreparedChannel) -> Int32 {
        scaled(accumulator, multiplier: channel.multiplier, leftShift: Int32(channel.leftShift), rightShift: Int32(channel.rightShift))
    }

    /// The short road: `accumulator` requantized (``isShort`` must be 1; `nudge` is `2^(rightShift − 1)`),
    /// before the output offset.
    @inline(__always)
    static func shortScaled(_ accumulator: Int32, multiplier: Int32, scale: Int32, nudge: Int32, rightShift: Int32) -> Int32 {
        let high = FixedPoint.roundingHighWord(accumulator &* scale, multiplier)
        return (high &+ (high &>> 31) &+ nudge) &>> rightShift
    }

    /// TFLite's arithmetic, for the channels the short road does not take.
    @inline(never)
    static func scaled(_ accumulator: Int32, multiplier: Int32, leftShift: Int32, rightShift: Int32) -> Int32 {
        FixedPoint.multiplyByNonNegativeQuantizedMultiplier(accumulator, multiplier, leftShift: leftShift, rightShift: rightShift)
    }
}
