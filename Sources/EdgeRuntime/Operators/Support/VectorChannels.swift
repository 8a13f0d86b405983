#if arch(x86_64) || arch(arm64)
import EdgeVectorKernels

/// The per-channel requantization tables the vector kernels read, prepared once, at init, in an
/// operator's workspace block: four tables of `paddedCount` Int32 (bias with every constant term of the
/// accumulator folded in, multiplier, left shift, right shift), then whatever the operator packs.
struct VectorChannels {
    let base: UnsafeMutablePointer<Int32>
    /// Channels, rounded up to eight.
    let paddedCount: Int

    init(_ block: UnsafeMutableRawPointer, channels: Int) {
        base = block.assumingMemoryBound(to: Int32.self)
        paddedCount = VectorChannels.padded(channels)
    }

    static func padded(_ channels: Int) -> Int { (channels + 7) / 8 * 8 }

    /// Bytes of the four tables.
    static func bytes(channels: Int) -> Int { 4 * 4 * padded(channels) }

    /// Bytes of the four tables (the packed data that follows starts here).
    var bytes: Int { 16 * paddedCount }

    var bias: UnsafeMutablePointer<Int32> { base }
    var multipliers: UnsafeMutablePointer<Int32> { base + paddedCount }
    var leftShifts: UnsafeMutablePointer<Int32> { base + 2 &* paddedCount }
    var rightShifts: UnsafeMutablePointer<Int32> { base + 3 &* paddedCount }

    /// Sets channel `c`: its folded bias, multiplier and TFLite shift.
    func set(_ c: Int, bias: Int32, multiplier: Int32, shift: Int32) {
        self.bias[c] = bias
        multipliers[c] = multiplier
        leftShifts[c] = shift > 0 ? shift : 0
        rightShifts[c] = shift > 0 ? 0 : -shift
    }

    /// The tables as the requantization kernel takes them.
    var tables: VectorRequantize.Channels {
        VectorRequantize.Channels(bias: bias, multipliers: multipliers, leftShifts: leftShifts, rightShifts: rightShifts)
    }

    /// Requantizes `rows` rows of `count` accumulators (row `r` at `accumulators + r·accumulatorStride`)
    /// into output rows of `count` bytes, `outputStride` apart (consecutive by default): eight channels at a time in the vector kernel
    /// (sixteen with AVX-512),
    /// the rest here, with the same arithmetic (``FixedPoint/multiplyByQuantizedMultiplier(_:_:_:)``).
    @inline(__always)
    func requantize(
        _ accumulators: UnsafePointer<Int32>, accumulatorStride: Int, rows: Int, count: Int, outputOffset: Int32,
        activation: ActivationRange, output: UnsafeMutablePointer<Int8>, outputStride: Int? = nil, kernels: KernelVariant
    ) {
        let outputStride = outputStride ?? count
        let groups = count / 8
        if groups > 0 {
            kernels.requantize(
                accumulators, accumulatorStride: accumulatorStride, rows: rows, channels: tables, groups: groups,
                outputOffset: outputOffset, minimum: activation.minimum, maximum: activation.maximum, output: output,
                outputStride: outputStride)
        }
        guard groups &* 8 < count else { return }
        for row in 0..<rows {
            let source = accumulators + row &* accumulatorStride
            let destination = output + row &* outputStride
            for c in groups &* 8 ..< count {
                let x = (source[c] &+ bias[c]) &* (1 &<< leftShifts[c])
                let scaled = FixedPoint.roundingDivideByPowerOfTwo(
                    FixedPoint.saturatingRoundingDoublingHighMultiply(x, multipliers[c]), rightShifts[c])
                destination[c] = Int8(truncatingIfNeeded: activation.clamp(scaled &+ outputOffset))
            }
        }
    }

    /// Rows of accumulators to gather before requantizing them in one call: about 16 KiB of them,
    /// a multiple of `granule`, at least one granule.
    static func batchRows(channels: Int, granule: Int) -> Int {
        max(1, min(16, 4096 / (granule * padded(channels)))) * granule
    }
}
#endif
