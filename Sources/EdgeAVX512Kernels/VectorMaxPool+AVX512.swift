#if arch(x86_64)
import Builtin

/// MAX_POOL_2D's window maximum with AVX-512 (BW): sixty-four channels at a time (`vpmaxsb`), then
/// sixteen, eight, one; clamped to the activation range.
public enum VectorMaxPoolAVX512 {
    /// `output[c] = clamp(max over the window's taps of tap[c])` for `c < depth`: `rows × columns`
    /// taps, the first at `input`, `rowStride` and `columnStride` bytes apart.
    @inline(never)
    public static func maximum(
        _ input: UnsafePointer<Int8>, rowStride: Int, columnStride: Int, rows: Int, columns: Int, depth: Int, minimum: Int8, maximum: Int8,
        output: UnsafeMutablePointer<Int8>
    ) {
        var c = 0
        while c &+ 64 <= depth {
            var largest = SIMD64<Int8>(repeating: -128)._storage._value
            for r in 0..<rows {
                var tap = UnsafeRawPointer(input + (r &* rowStride &+ c))
                for _ in 0..<columns {
                    largest = Builtin.int_smax_Vec64xInt8(largest, tap.loadUnaligned(as: SIMD64<Int8>.self)._storage._value)
                    tap += columnStride
                }
            }
            largest = Builtin.int_smin_Vec64xInt8(
                Builtin.int_smax_Vec64xInt8(largest, SIMD64<Int8>(repeating: minimum)._storage._value), SIMD64<Int8>(repeating: maximum)._storage._value)
            var lanes = SIMD64<Int8>()
            lanes._storage._value = largest
            UnsafeMutableRawPointer(output + c).storeBytes(of: lanes, as: SIMD64<Int8>.self)
            c &+= 64
        }
        while c &+ 16 <= depth {
            var largest = SIMD16<Int8>(repeating: -128)._storage._value
            for r in 0..<rows {
                var tap = UnsafeRawPointer(input + (r &* rowStride &+ c))
                for _ in 0..<columns {
                    largest = Builtin.int_smax_Vec16xInt8(largest, tap.loadUnaligned(as: SIMD16<Int8>.self)._storage._value)
                    tap += columnStride
                }
            }
            largest = Builtin.int_smin_Vec16xInt8(
                Builtin.int_smax_Vec16xInt8(largest, SIMD16<Int8>(repeating: minimum)._storage._value), SIMD16<Int8>(repeating: maximum)._storage._value)
            var lanes = SIMD16<Int8>()
            lanes._storage._value = largest
            UnsafeMutableRawPointer(output + c).storeBytes(of: lanes, as: SIMD16<Int8>.self)
            c &+= 16
        }
        while c &+ 8 <= depth {
            var largest = SIMD8<Int8>(repeating: -128)._storage._value
            for r in 0..<rows {
                var tap = UnsafeRawPointer(input + (r &* rowStride &+ c))
                for _ in 0..<columns {
                    largest = Builtin.int_smax_Vec8xInt8(largest, tap.loadUnaligned(as: SIMD8<Int8>.self)._storage._value)
                    tap += columnStride
                }
            }
            largest = Builtin.int_smin_Vec8xInt8(
                Builtin.int_smax_Vec8xInt8(largest, SIMD8<Int8>(repeating: minimum)._storage._value), SIMD8<Int8>(repeating: maximum)._storage._value)
            var lanes = SIMD8<Int8>()
            lanes._storage._value = largest
            UnsafeMutableRawPointer(output + c).storeBytes(of: lanes, as: SIMD8<Int8>.self)
            c &+= 8
        }
        while c < depth {
            var largest: Int8 = -128
            for r in 0..<rows {
                for column in 0..<columns { largest = max(largest, input[r &* rowStride &+ column &* columnStride &+ c]) }
            }
            output[c] = min(max(largest, minimum), maximum)
            c &+= 1
        }
    }
}
#endif
