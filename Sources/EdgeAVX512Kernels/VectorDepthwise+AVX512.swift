#if arch(x86_64)
import Builtin
import EdgeVectorKernels

/// ``VectorDepthwise``'s accumulation with AVX-512 (BW): thirty-two channels at a time in `zmm`
/// registers, then the AVX2 kernel's sixteen, eight and one. `x + offset` and the filter tap are
/// sign-extended to halfwords and multiplied exactly in 16 bits (`|w·(x + offset)| ≤ 128·255`), each
/// product widened into one of two sixteen-lane Int32 accumulators.
public enum VectorDepthwiseAVX512 {
    /// `output[c] = Σ_taps w[c]·(x[c] + inputOffset)` for every channel `c < depth`, wrapping Int32,
    /// as ``VectorDepthwise/accumulate(_:depth:inputOffset:output:)``.
    @inline(never)
    public static func accumulate(_ window: VectorDepthwise.Window, depth: Int, inputOffset: Int32, output: UnsafeMutablePointer<Int32>) {
        let offset = SIMD32<Int16>(repeating: Int16(truncatingIfNeeded: inputOffset))._storage._value
        var channel = 0
        while channel &+ 32 <= depth {
            var low = SIMD16<Int32>()._storage._value, high = low
            for r in 0..<window.rows {
                var x = UnsafeRawPointer(window.input + (r &* window.inputRowStride &+ channel))
                var w = UnsafeRawPointer(window.filter + (r &* window.filterRowStride &+ channel))
                for _ in 0..<window.columns {
                    accumulate(x.loadUnaligned(as: SIMD32<Int8>.self)._storage._value, w.loadUnaligned(as: SIMD32<Int8>.self)._storage._value, offset, &low, &high)
                    x += window.inputColumnStride
                    w += depth
                }
            }
            var lanes = SIMD16<Int32>()
            lanes._storage._value = low
            UnsafeMutableRawPointer(output + channel).storeBytes(of: lanes, as: SIMD16<Int32>.self)
            lanes._storage._value = high
            UnsafeMutableRawPointer(output + (channel &+ 16)).storeBytes(of: lanes, as: SIMD16<Int32>.self)
            channel &+= 32
        }
        guard channel < depth else { return }
        // The rest (fewer than 32 channels) as the AVX2 kernel does them, on a window moved to `channel`.
        var rest = window
        rest.input += channel
        rest.filter += channel
        VectorDepthwise.accumulate(rest, channels: depth &- channel, depth: depth, inputOffset: inputOffset, output: output + channel)
    }

    /// How many neighbouring output pixels ``accumulateNeighbours(_:depth:inputOffset:output:)`` does
    /// at once for `depth` channels (`32 / depth`), or `nil` where it does not apply (`depth` not 8 or 16).
    @inline(__always)
    public static func neighbours(depth: Int) -> Int? { depth == 8 || depth == 16 ? 32 / depth : nil }

    /// Accumulates ``neighbours(depth:)`` output pixels side by side, whose windows are `window`
    /// moved one input pixel (`depth` bytes) at a time (a stride of one in width): one 32-byte load
    /// holds the same tap of every pixel, met by the tap's filter bytes repeated. Writes the pixels'
    /// Int32 sums one after another (`depth` apart), as ``accumulate(_:depth:inputOffset:output:)``
    /// would for each. For few channels (8 or 16), where a pixel alone leaves most lanes empty.
    @inline(never)
    public static func accumulateNeighbours(
        _ window: VectorDepthwise.Window, depth: Int, inputOffset: Int32, output: UnsafeMutablePointer<Int32>
    ) {
        let offset = SIMD32<Int16>(repeating: Int16(truncatingIfNeeded: inputOffset))._storage._value
        var low = SIMD16<Int32>()._storage._value, high = low
        for r in 0..<window.rows {
            var x = UnsafeRawPointer(window.input + r &* window.inputRowStride)
            var w = UnsafeRawPointer(window.filter + r &* window.filterRowStride)
            for _ in 0..<window.columns {
                let taps: SIMD4<UInt64>
                if depth == 8 {
                    taps = SIMD4<UInt64>(repeating: w.loadUnaligned(as: UInt64.self))
                } else {
                    let pair = w.loadUnaligned(as: SIMD2<UInt64>.self)
                    taps = SIMD4<UInt64>(pair[0], pair[1], pair[0], pair[1])
                }
                accumulate(x.loadUnaligned(as: SIMD32<Int8>.self)._storage._value, Builtin.bitcast_Vec4xInt64_Vec32xInt8(taps._storage._value), offset, &low, &high)
                x += window.inputColumnStride
                w += depth
            }
        }
        var lanes = SIMD16<Int32>()
        lanes._storage._value = low
        UnsafeMutableRawPointer(output).storeBytes(of: lanes, as: SIMD16<Int32>.self)
        lanes._storage._value = high
        UnsafeMutableRawPointer(output + 16).storeBytes(of: lanes, as: SIMD16<Int32>.self)
    }

    /// A window's taps in pairs (`vpdpwssd`): for each pair and channel, the two taps' input bytes
    /// as the two halfwords of one Int32 lane meet the two filter bytes packed the same way
    /// (``packTapPairs(_:taps:depth:into:)``), sixteen channels per instruction, no widening of the
    /// products. `output[c] = start[c] + Σ_taps w[c]·x[c]` for `c < depth` (`depth` a multiple of
    /// sixteen): the input offset's term, `inputOffset·Σ w`, is the caller's `start`. The window is
    /// whole (every tap inside the input); tap `t` of pair `p` is at `input + tapOffsets[2p + t]`
    /// (an odd last tap is paired with itself and a zero weight).
    @inline(never)
    public static func accumulateTapPairs(
        _ input: UnsafePointer<Int8>, tapOffsets: UnsafePointer<Int32>, pairs: Int, weights: UnsafePointer<Int32>, depth: Int,
        start: UnsafePointer<Int32>, output: UnsafeMutablePointer<Int32>
    ) {
        let lowHalves = SIMD16<Int32>(repeating: 0xFFFF)._storage._value
        let sixteen = SIMD16<Int32>(repeating: 16)._storage._value
        var channel = 0
        while channel < depth {
            var sum = UnsafeRawPointer(start + channel).loadUnaligned(as: SIMD16<Int32>.self)._storage._value
            var w = UnsafeRawPointer(weights + channel)
            for p in 0..<pairs {
                let first = UnsafeRawPointer(input + (Int(tapOffsets[2 &* p]) &+ channel))
                let second = UnsafeRawPointer(input + (Int(tapOffsets[2 &* p &+ 1]) &+ channel))
                let x0 = Builtin.sextOrBitCast_Vec16xInt8_Vec16xInt32(first.loadUnaligned(as: SIMD16<Int8>.self)._storage._value)
                let x1 = Builtin.sextOrBitCast_Vec16xInt8_Vec16xInt32(second.loadUnaligned(as: SIMD16<Int8>.self)._storage._value)
                let both = Builtin.or_Vec16xInt32(Builtin.and_Vec16xInt32(x0, lowHalves), Builtin.shl_Vec16xInt32(x1, sixteen))
                sum = Builtin.int_x86_avx512_vpdpwssd_512(sum, both, w.loadUnaligned(as: SIMD16<Int32>.self)._storage._value)
                w += 4 &* depth
            }
            var lanes = SIMD16<Int32>()
            lanes._storage._value = sum
            UnsafeMutableRawPointer(output + channel).storeBytes(of: lanes, as: SIMD16<Int32>.self)
            channel &+= 16
        }
    }

    /// Packs a `[1, H, W, depth]` depthwise filter of `taps = H·W` taps for
    /// ``accumulateTapPairs(_:tapOffsets:pairs:weights:depth:start:output:)``: for each pair of taps
    /// (row-major), each channel's two weights as the low and high halfwords of one Int32, the pair's
    /// `depth` Int32 one after the other; an odd last tap paired with a zero weight.
    public static func packTapPairs(_ filter: UnsafePointer<Int8>, taps: Int, depth: Int, into packed: UnsafeMutablePointer<Int32>) {
        for p in 0..<(taps + 1) / 2 {
            for c in 0..<depth {
                let low = Int32(filter[2 * p * depth + c])
                let high = 2 * p + 1 < taps ? Int32(filter[(2 * p + 1) * depth + c]) : 0
                packed[p * depth + c] = (low & 0xFFFF) | (high << 16)
            }
        }
    }

    /// Adds `w·(x + offset)` of thirty-two channels to two sixteen-lane sums: bytes sign-extended to
    /// halfwords, multiplied exactly in 16 bits, each half of the products widened into its sum.
    @inline(__always)
    static func accumulate(
        _ x: Builtin.Vec32xInt8, _ w: Builtin.Vec32xInt8, _ offset: Builtin.Vec32xInt16,
        _ low: inout Builtin.Vec16xInt32, _ high: inout Builtin.Vec16xInt32
    ) {
        let xs = Builtin.sextOrBitCast_Vec32xInt8_Vec32xInt16(x), ws = Builtin.sextOrBitCast_Vec32xInt8_Vec32xInt16(w)
        var product = SIMD32<Int16>()
        product._storage._value = Builtin.mul_Vec32xInt16(Builtin.add_Vec32xInt16(xs, offset), ws)
        low = Builtin.add_Vec16xInt32(low, Builtin.sextOrBitCast_Vec16xInt16_Vec16xInt32(product.lowHalf._storage._value))
        high = Builtin.add_Vec16xInt32(high, Builtin.sextOrBitCast_Vec16xInt16_Vec16xInt32(product.highHalf._storage._value))
    }
}
#endif
