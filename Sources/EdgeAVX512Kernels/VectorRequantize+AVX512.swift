#if arch(x86_64)
import EdgeVectorKernels

/// ``VectorRequantize``'s requantization sixteen channels at a time (AVX-512 F) with one rounding
/// (``Int32x16/Scaling``), the same results as the AVX2 kernel's eight lanes; a last group of eight
/// goes to the AVX2 kernel.
public enum VectorRequantizeAVX512 {
    /// As ``VectorRequantize/requantize(_:accumulatorStride:rows:channels:groups:outputOffset:minimum:maximum:output:outputStride:)``:
    /// `rows` rows of `groups · 8` accumulators into `output + r·outputStride`.
    @inline(never)
    public static func requantize(
        _ accumulators: UnsafePointer<Int32>, accumulatorStride: Int, rows: Int, channels: VectorRequantize.Channels, groups: Int,
        outputOffset: Int32, minimum: Int32, maximum: Int32, output: UnsafeMutablePointer<Int8>, outputStride: Int
    ) {
        let wide = groups / 2
        if wide > 0 {
            let offset = Int32x16(repeating: outputOffset)
            let low = Int32x16(repeating: minimum), high = Int32x16(repeating: maximum)
            // Channels outer, rows inner: each group's constants are built once for all the rows.
            for group in 0..<wide {
                let c = group &* 16
                let bias = Int32x16(loading: channels.bias + c)
                let scaling = Int32x16.Scaling(
                    multiplier: Int32x16(loading: channels.multipliers + c), leftShift: Int32x16(loading: channels.leftShifts + c),
                    rightShift: Int32x16(loading: channels.rightShifts + c))
                var source = accumulators + c, destination = output + c
                for _ in 0..<rows {
                    let scaled = scaling.apply(Int32x16(loading: source) &+ bias)
                    Int32x16.minimum(Int32x16.maximum(scaled &+ offset, low), high).storeBytes(to: destination)
                    source += accumulatorStride
                    destination += outputStride
                }
            }
        }
        guard groups % 2 == 1 else { return }
        let c = wide &* 16
        let rest = VectorRequantize.Channels(
            bias: channels.bias + c, multipliers: channels.multipliers + c, leftShifts: channels.leftShifts + c,
            rightShifts: channels.rightShifts + c)
        VectorRequantize.requantize(
            accumulators + c, accumulatorStride: accumulatorStride, rows: rows, channels: rest, groups: 1,
            outputOffset: outputOffset, minimum: minimum, maximum: maximum, output: output + c, outputStride: outputStride)
    }
}
#endif
