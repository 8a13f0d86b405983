#if arch(x86_64)
import Builtin

/// Sixteen Int32 lanes (one `zmm`) over LLVM's vector type, with what requantization and ADD need.
/// The standard library's generic SIMD operators are not inlined across modules; these are single
/// instructions once this module is built for AVX-512 (`-target-cpu cascadelake`).
@usableFromInline
struct Int32x16 {
    @usableFromInline var value: Builtin.Vec16xInt32

    @inline(__always) @usableFromInline
    init(_ value: Builtin.Vec16xInt32) { self.value = value }

    @inline(__always) @usableFromInline
    init(repeating scalar: Int32) { value = SIMD16<Int32>(repeating: scalar)._storage._value }

    @inline(__always) @usableFromInline
    static var zero: Int32x16 { Int32x16(repeating: 0) }

    /// Sixteen Int32 at `pointer`, any alignment.
    @inline(__always) @usableFromInline
    init(loading pointer: UnsafeRawPointer) { value = pointer.loadUnaligned(as: SIMD16<Int32>.self)._storage._value }

    /// Sixteen Int8 at `pointer`, sign-extended (`vpmovsxbd`).
    @inline(__always) @usableFromInline
    init(widening pointer: UnsafeRawPointer) {
        value = Builtin.sextOrBitCast_Vec16xInt8_Vec16xInt32(pointer.loadUnaligned(as: SIMD16<Int8>.self)._storage._value)
    }

    @inline(__always) @usableFromInline
    static func &+ (a: Int32x16, b: Int32x16) -> Int32x16 { Int32x16(Builtin.add_Vec16xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func &- (a: Int32x16, b: Int32x16) -> Int32x16 { Int32x16(Builtin.sub_Vec16xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func & (a: Int32x16, b: Int32x16) -> Int32x16 { Int32x16(Builtin.and_Vec16xInt32(a.value, b.value)) }

    /// Per-lane left shift (`vpsllvd`).
    @inline(__always) @usableFromInline
    static func shiftedLeft(_ a: Int32x16, by b: Int32x16) -> Int32x16 { Int32x16(Builtin.shl_Vec16xInt32(a.value, b.value)) }

    /// Per-lane arithmetic right shift (`vpsravd`).
    @inline(__always) @usableFromInline
    static func shiftedRight(_ a: Int32x16, by b: Int32x16) -> Int32x16 { Int32x16(Builtin.ashr_Vec16xInt32(a.value, b.value)) }

    /// −1 where `a > b`, else 0.
    @inline(__always) @usableFromInline
    static func greaterMask(_ a: Int32x16, _ b: Int32x16) -> Int32x16 {
        Int32x16(Builtin.sextOrBitCast_Vec16xInt1_Vec16xInt32(Builtin.cmp_sgt_Vec16xInt32(a.value, b.value)))
    }

    @inline(__always) @usableFromInline
    static func maximum(_ a: Int32x16, _ b: Int32x16) -> Int32x16 { Int32x16(Builtin.int_smax_Vec16xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func minimum(_ a: Int32x16, _ b: Int32x16) -> Int32x16 { Int32x16(Builtin.int_smin_Vec16xInt32(a.value, b.value)) }

    /// `(a·b + 2³⁰) >> 31` per lane, for `b ≥ 0` (gemmlowp's saturating rounding doubling high
    /// multiply, whose one saturating case, `Int32.min²`, a non-negative `b` excludes): the even
    /// lanes' and the odd lanes' products as two `vpmuldq`, merged.
    @inline(__always) @usableFromInline
    static func doublingHighMultiply(_ a: Int32x16, _ b: Int32x16) -> Int32x16 {
        let thirtyTwo = SIMD8<Int64>(repeating: 32)._storage._value
        let nudge = SIMD8<Int64>(repeating: 1 << 30)._storage._value
        let one = SIMD8<Int64>(repeating: 1)._storage._value
        let thirtyOne = SIMD8<Int64>(repeating: 31)._storage._value
        let aWide = Builtin.bitcast_Vec16xInt32_Vec8xInt64(a.value), bWide = Builtin.bitcast_Vec16xInt32_Vec8xInt64(b.value)
        // Even lanes: the low word of each 64-bit lane, sign-extended.
        let aEven = Builtin.ashr_Vec8xInt64(Builtin.shl_Vec8xInt64(aWide, thirtyTwo), thirtyTwo)
        let bEven = Builtin.ashr_Vec8xInt64(Builtin.shl_Vec8xInt64(bWide, thirtyTwo), thirtyTwo)
        let even = Builtin.lshr_Vec8xInt64(Builtin.add_Vec8xInt64(Builtin.mul_Vec8xInt64(aEven, bEven), nudge), thirtyOne)
        // Odd lanes: the high word.
        let aOdd = Builtin.ashr_Vec8xInt64(aWide, thirtyTwo)
        let bOdd = Builtin.ashr_Vec8xInt64(bWide, thirtyTwo)
        let odd = Builtin.shl_Vec8xInt64(Builtin.add_Vec8xInt64(Builtin.mul_Vec8xInt64(aOdd, bOdd), nudge), one)
        let lowWords = SIMD8<Int64>(repeating: 0xFFFF_FFFF)._storage._value
        let highWords = SIMD8<Int64>(repeating: ~0xFFFF_FFFF)._storage._value
        let merged = Builtin.or_Vec8xInt64(Builtin.and_Vec8xInt64(even, lowWords), Builtin.and_Vec8xInt64(odd, highWords))
        return Int32x16(Builtin.bitcast_Vec8xInt64_Vec16xInt32(merged))
    }

    /// `x / 2^exponent` rounded to nearest, ties away from zero, per lane (`exponent` in `0...31`),
    /// as the scalar `roundingDivideByPowerOfTwo`.
    @inline(__always) @usableFromInline
    static func roundingDivide(_ x: Int32x16, byPowerOfTwo exponent: Int32x16) -> Int32x16 {
        let one = Int32x16(repeating: 1)
        let mask = shiftedLeft(one, by: exponent) &- one
        let remainder = x & mask
        let threshold = shiftedRight(mask, by: one) &- shiftedRight(x, by: Int32x16(repeating: 31))
        return shiftedRight(x, by: exponent) &- greaterMask(remainder, threshold)
    }

    /// `MultiplyByQuantizedMultiplier`: `x · 2^leftShift`, the doubling high multiply, then the
    /// rounding right shift.
    @inline(__always) @usableFromInline
    static func requantize(_ x: Int32x16, multiplier: Int32x16, leftShift: Int32x16, rightShift: Int32x16) -> Int32x16 {
        roundingDivide(doublingHighMultiply(shiftedLeft(x, by: leftShift), multiplier), byPowerOfTwo: rightShift)
    }

    /// Lanes already in `-128...127`, stored as sixteen bytes (`vpmovdb`).
    @inline(__always) @usableFromInline
    func storeBytes(to output: UnsafeMutablePointer<Int8>) {
        var bytes = SIMD16<Int8>()
        bytes._storage._value = Builtin.truncOrBitCast_Vec16xInt32_Vec16xInt8(value)
        UnsafeMutableRawPointer(output).storeBytes(of: bytes, as: SIMD16<Int8>.self)
    }
}
#endif
