#if arch(x86_64)
import Builtin

// Eight Int32 lanes and sixteen Int16 lanes over LLVM's vector types, with the x86 intrinsics the
// kernels need. The standard library's SIMD conversions are generic and not inlined across modules;
// these wrappers are single instructions once this module is built for AVX2 (`-target-cpu haswell`).

/// Eight 32-bit lanes (one `ymm` register).
@usableFromInline
struct Int32x8 {
    @usableFromInline var value: Builtin.Vec8xInt32

    @inline(__always) @usableFromInline
    init(_ value: Builtin.Vec8xInt32) { self.value = value }

    /// All lanes `scalar`.
    @inline(__always) @usableFromInline
    init(repeating scalar: Int32) { value = SIMD8<Int32>(repeating: scalar)._storage._value }

    /// Eight words at `pointer`, any alignment.
    @inline(__always) @usableFromInline
    init(loading pointer: UnsafeRawPointer) { value = pointer.loadUnaligned(as: SIMD8<Int32>.self)._storage._value }

    @inline(__always) @usableFromInline
    static var zero: Int32x8 { Int32x8(repeating: 0) }

    @inline(__always) @usableFromInline
    func store(to pointer: UnsafeMutableRawPointer) {
        var lanes = SIMD8<Int32>()
        lanes._storage._value = value
        pointer.storeBytes(of: lanes, as: SIMD8<Int32>.self)
    }

    @inline(__always) @usableFromInline
    static func &+ (a: Int32x8, b: Int32x8) -> Int32x8 { Int32x8(Builtin.add_Vec8xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func &- (a: Int32x8, b: Int32x8) -> Int32x8 { Int32x8(Builtin.sub_Vec8xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func & (a: Int32x8, b: Int32x8) -> Int32x8 { Int32x8(Builtin.and_Vec8xInt32(a.value, b.value)) }

    /// Lane-wise `a << b` (`vpsllvd`); every `b` lane in `0...31`.
    @inline(__always) @usableFromInline
    static func shiftedLeft(_ a: Int32x8, by b: Int32x8) -> Int32x8 { Int32x8(Builtin.shl_Vec8xInt32(a.value, b.value)) }

    /// Lane-wise arithmetic `a >> b` (`vpsravd`); every `b` lane in `0...31`.
    @inline(__always) @usableFromInline
    static func shiftedRight(_ a: Int32x8, by b: Int32x8) -> Int32x8 { Int32x8(Builtin.ashr_Vec8xInt32(a.value, b.value)) }

    /// All ones where `a > b`, else zero (`vpcmpgtd`).
    @inline(__always) @usableFromInline
    static func greaterMask(_ a: Int32x8, _ b: Int32x8) -> Int32x8 {
        Int32x8(Builtin.sextOrBitCast_Vec8xInt1_Vec8xInt32(Builtin.cmp_sgt_Vec8xInt32(a.value, b.value)))
    }

    @inline(__always) @usableFromInline
    static func maximum(_ a: Int32x8, _ b: Int32x8) -> Int32x8 { Int32x8(Builtin.int_smax_Vec8xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func minimum(_ a: Int32x8, _ b: Int32x8) -> Int32x8 { Int32x8(Builtin.int_smin_Vec8xInt32(a.value, b.value)) }

    /// `[a₀+a₁, a₂+a₃, b₀+b₁, b₂+b₃ | a₄+a₅, a₆+a₇, b₄+b₅, b₆+b₇]` (`vphaddd`).
    @inline(__always) @usableFromInline
    static func pairSums(_ a: Int32x8, _ b: Int32x8) -> Int32x8 { Int32x8(Builtin.int_x86_avx2_phadd_d(a.value, b.value)) }

    /// The four 64-bit lanes.
    @inline(__always) @usableFromInline
    var wide: Builtin.Vec4xInt64 { Builtin.bitcast_Vec8xInt32_Vec4xInt64(value) }
}

/// Eight 16-bit lanes (one `xmm` register).
@usableFromInline
struct Int16x8 {
    @usableFromInline var value: Builtin.Vec8xInt16

    @inline(__always) @usableFromInline
    init(_ value: Builtin.Vec8xInt16) { self.value = value }

    /// Eight bytes at `pointer`, sign-extended (`vpmovsxbw`).
    @inline(__always) @usableFromInline
    init(widening pointer: UnsafeRawPointer) {
        value = Builtin.sextOrBitCast_Vec8xInt8_Vec8xInt16(pointer.loadUnaligned(as: SIMD8<Int8>.self)._storage._value)
    }

    /// All lanes `scalar`.
    @inline(__always) @usableFromInline
    init(repeating scalar: Int16) { value = SIMD8<Int16>(repeating: scalar)._storage._value }

    @inline(__always) @usableFromInline
    static func &+ (a: Int16x8, b: Int16x8) -> Int16x8 { Int16x8(Builtin.add_Vec8xInt16(a.value, b.value)) }

    /// Lane-wise low half of the product (`vpmullw`).
    @inline(__always) @usableFromInline
    static func &* (a: Int16x8, b: Int16x8) -> Int16x8 { Int16x8(Builtin.mul_Vec8xInt16(a.value, b.value)) }

    /// The lanes sign-extended to 32 bits (`vpmovsxwd`).
    @inline(__always) @usableFromInline
    var widened: Int32x8 { Int32x8(Builtin.sextOrBitCast_Vec8xInt16_Vec8xInt32(value)) }
}

/// Sixteen 16-bit lanes.
@usableFromInline
struct Int16x16 {
    @usableFromInline var value: Builtin.Vec16xInt16

    @inline(__always) @usableFromInline
    init(_ value: Builtin.Vec16xInt16) { self.value = value }

    /// Sixteen bytes at `pointer`, sign-extended (`vpmovsxbw`).
    @inline(__always) @usableFromInline
    init(widening pointer: UnsafeRawPointer) {
        value = Builtin.sextOrBitCast_Vec16xInt8_Vec16xInt16(pointer.loadUnaligned(as: SIMD16<Int8>.self)._storage._value)
    }

    /// All lanes `scalar`.
    @inline(__always) @usableFromInline
    init(repeating scalar: Int16) { value = SIMD16<Int16>(repeating: scalar)._storage._value }

    @inline(__always) @usableFromInline
    static func &+ (a: Int16x16, b: Int16x16) -> Int16x16 { Int16x16(Builtin.add_Vec16xInt16(a.value, b.value)) }

    /// Lane-wise low half of the product (`vpmullw`); exact where the product fits 16 bits.
    @inline(__always) @usableFromInline
    static func &* (a: Int16x16, b: Int16x16) -> Int16x16 { Int16x16(Builtin.mul_Vec16xInt16(a.value, b.value)) }

    /// `[a₀b₀ + a₁b₁, a₂b₂ + a₃b₃, …]` in 32 bits (`vpmaddwd`).
    @inline(__always) @usableFromInline
    static func multiplyAddPairs(_ a: Int16x16, _ b: Int16x16) -> Int32x8 {
        Int32x8(Builtin.int_x86_avx2_pmadd_wd(a.value, b.value))
    }

    /// Lanes 0–7 and 8–15, each sign-extended to 32 bits.
    @inline(__always) @usableFromInline
    var widenedHalves: (low: Int32x8, high: Int32x8) {
        var lanes = SIMD16<Int16>()
        lanes._storage._value = value
        let low = Builtin.sextOrBitCast_Vec8xInt16_Vec8xInt32(lanes.lowHalf._storage._value)
        let high = Builtin.sextOrBitCast_Vec8xInt16_Vec8xInt32(lanes.highHalf._storage._value)
        return (Int32x8(low), Int32x8(high))
    }
}
#endif
