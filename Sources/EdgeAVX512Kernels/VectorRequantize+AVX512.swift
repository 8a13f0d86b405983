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
                let multiplier = Int32x16(loading: channels.multipliers + c), rightShift = Int32x16(loading: channels.rightShifts + c)
                let scaling = Int32x16.Scaling(multiplier: multiplier, leftShift: Int32x16(loading: channels.leftShifts + c), rightShift: rightShift)
                // Scales below one (most layers) shift nothing left: a loop without the shift.
                var shiftsLeft = false
                for lane in 0..<16 where channels.leftShifts[c &+ lane] != 0 { shiftsLeft = true }
                let (source, destination) = (accumulators + c, output + c)
                if shiftsLeft {
                    requantizeRows(scaling, shiftsLeft: true, bias, offset, low, high, source, accumulatorStride, rows, destination, outputStride)
                } else {
                    requantizeRows(scaling, shiftsLeft: false, bias, offset, low, high, source, accumulatorStride, rows, destination, outputStride)
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

    /// `rows` rows of sixteen channels (`shiftsLeft` a constant at each call, so that the loop
    /// without a left shift has no `vpsllvd`).
    @inline(__always)
    static func requantizeRows(
        _ scaling: Int32x16.Scaling, shiftsLeft: Bool, _ bias: Int32x16, _ offset: Int32x16, _ low: Int32x16, _ high: Int32x16,
        _ accumulators: UnsafePointer<Int32>, _ accumulatorStride: Int, _ rows: Int, _ output: UnsafeMutablePointer<Int8>, _ outputStride: Int
    ) {
        var source = accumulators, destination = output
        for _ in 0..<rows {
            let x = Int32x16(loading: source) &+ bias
            let scaled = shiftsLeft ? scaling.apply(x) : scaling.applyWithoutLeftShift(x)
            Int32x16.minimum(Int32x16.maximum(scaled &+ offset, low), high).storeBytes(to: destination)
            source += accumulatorStride
            destination += outputStride
        }
    }
}
#endif
