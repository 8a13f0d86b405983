#if arch(x86_64)
import Builtin
import EdgeVectorKernels

/// ``VectorRequantize``'s requantization sixteen channels at a time (AVX-512 F) with one rounding
/// (``Int32x16/Scaling``), the same results as the AVX2 kernel's eight lanes; a last group of eight
/// channels two rows at a time.
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
        // A last group of eight channels two rows at a time: each row's eight in one half of the lanes.
        let c = wide &* 16
        let bias = Int32x16(twice: channels.bias + c)
        let scaling = Int32x16.Scaling(
            multiplier: Int32x16(twice: channels.multipliers + c), leftShift: Int32x16(twice: channels.leftShifts + c),
            rightShift: Int32x16(twice: channels.rightShifts + c))
        let offset = Int32x16(repeating: outputOffset)
        let low = Int32x16(repeating: minimum), high = Int32x16(repeating: maximum)
        var row = 0
        while row < rows {
            let source = accumulators + (row &* accumulatorStride &+ c)
            let pair = row &+ 1 < rows
            let x = Int32x16(source, pair ? source + accumulatorStride : source)
            let bytes = Int32x16.minimum(Int32x16.maximum(scaling.apply(x &+ bias) &+ offset, low), high).bytes
            let destination = output + (row &* outputStride &+ c)
            UnsafeMutableRawPointer(destination).storeBytes(of: bytes[0], as: UInt64.self)
            if pair { UnsafeMutableRawPointer(destination + outputStride).storeBytes(of: bytes[1], as: UInt64.self) }
            row &+= 2
        }
    }
}
#endif
