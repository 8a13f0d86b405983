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
        let window = Window(input: UnsafeRawPointer(input), rowStride: rowStride, columnStride: columnStride, rows: rows, columns: columns)
        while c &+ 64 <= depth { window.maximum(ByteLanes64.self, at: c, minimum, maximum, output); c &+= 64 }
        while c &+ 16 <= depth { window.maximum(ByteLanes16.self, at: c, minimum, maximum, output); c &+= 16 }
        while c &+ 8 <= depth { window.maximum(ByteLanes8.self, at: c, minimum, maximum, output); c &+= 8 }
        while c < depth {
            var largest: Int8 = -128
            for r in 0..<rows {
                for column in 0..<columns { largest = max(largest, input[r &* rowStride &+ column &* columnStride &+ c]) }
            }
            output[c] = min(max(largest, minimum), maximum)
            c &+= 1
        }
    }

    struct Window {
        let input: UnsafeRawPointer, rowStride: Int, columnStride: Int, rows: Int, columns: Int

        /// The clamped maximum of `Lanes.width` channels from `channel` on, stored at `output + channel`.
        @inline(__always)
        func maximum<Lanes: ByteLanes>(_: Lanes.Type, at channel: Int, _ minimum: Int8, _ maximum: Int8, _ output: UnsafeMutablePointer<Int8>) {
            var largest = Lanes(repeating: -128)
            for r in 0..<rows {
                var tap = input + (r &* rowStride &+ channel)
                for _ in 0..<columns {
                    largest = Lanes.maximum(largest, Lanes(loading: tap))
                    tap += columnStride
                }
            }
            Lanes.minimum(Lanes.maximum(largest, Lanes(repeating: minimum)), Lanes(repeating: maximum)).store(to: UnsafeMutableRawPointer(output + channel))
        }
    }
}

/// Int8 lanes of one width, with what the window maximum needs (single instructions on AVX-512 BW).
protocol ByteLanes {
    init(repeating byte: Int8)
    init(loading pointer: UnsafeRawPointer)
    static func maximum(_ a: Self, _ b: Self) -> Self
    static func minimum(_ a: Self, _ b: Self) -> Self
    func store(to pointer: UnsafeMutableRawPointer)
}

struct ByteLanes64: ByteLanes {
    var value: SIMD64<Int8>
    @inline(__always) init(_ value: Builtin.Vec64xInt8) { self.value = SIMD64(); self.value._storage._value = value }
    @inline(__always) init(repeating byte: Int8) { value = SIMD64(repeating: byte) }
    @inline(__always) init(loading pointer: UnsafeRawPointer) { value = pointer.loadUnaligned(as: SIMD64<Int8>.self) }
    @inline(__always) static func maximum(_ a: Self, _ b: Self) -> Self { Self(Builtin.int_smax_Vec64xInt8(a.value._storage._value, b.value._storage._value)) }
    @inline(__always) static func minimum(_ a: Self, _ b: Self) -> Self { Self(Builtin.int_smin_Vec64xInt8(a.value._storage._value, b.value._storage._value)) }
    @inline(__always) func store(to pointer: UnsafeMutableRawPointer) { pointer.storeBytes(of: value, as: SIMD64<Int8>.self) }
}

struct ByteLanes16: ByteLanes {
    var value: SIMD16<Int8>
    @inline(__always) init(_ value: Builtin.Vec16xInt8) { self.value = SIMD16(); self.value._storage._value = value }
    @inline(__always) init(repeating byte: Int8) { value = SIMD16(repeating: byte) }
    @inline(__always) init(loading pointer: UnsafeRawPointer) { value = pointer.loadUnaligned(as: SIMD16<Int8>.self) }
    @inline(__always) static func maximum(_ a: Self, _ b: Self) -> Self { Self(Builtin.int_smax_Vec16xInt8(a.value._storage._value, b.value._storage._value)) }
    @inline(__always) static func minimum(_ a: Self, _ b: Self) -> Self { Self(Builtin.int_smin_Vec16xInt8(a.value._storage._value, b.value._storage._value)) }
    @inline(__always) func store(to pointer: UnsafeMutableRawPointer) { pointer.storeBytes(of: value, as: SIMD16<Int8>.self) }
}

struct ByteLanes8: ByteLanes {
    var value: SIMD8<Int8>
    @inline(__always) init(_ value: Builtin.Vec8xInt8) { self.value = SIMD8(); self.value._storage._value = value }
    @inline(__always) init(repeating byte: Int8) { value = SIMD8(repeating: byte) }
    @inline(__always) init(loading pointer: UnsafeRawPointer) { value = pointer.loadUnaligned(as: SIMD8<Int8>.self) }
    @inline(__always) static func maximum(_ a: Self, _ b: Self) -> Self { Self(Builtin.int_smax_Vec8xInt8(a.value._storage._value, b.value._storage._value)) }
    @inline(__always) static func minimum(_ a: Self, _ b: Self) -> Self { Self(Builtin.int_smin_Vec8xInt8(a.value._storage._value, b.value._storage._value)) }
    @inline(__always) func store(to pointer: UnsafeMutableRawPointer) { pointer.storeBytes(of: value, as: SIMD8<Int8>.self) }
}
#endif
