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

    /// Eight Int32 at `low` in the low lanes and eight at `high` in the high ones.
    @inline(__always) @usableFromInline
    init(_ low: UnsafeRawPointer, _ high: UnsafeRawPointer) {
        let a = low.loadUnaligned(as: SIMD8<Int32>.self), b = high.loadUnaligned(as: SIMD8<Int32>.self)
        value = SIMD16<Int32>(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7])._storage._value
    }

    /// Eight Int32 at `pointer` in both halves.
    @inline(__always) @usableFromInline
    init(twice pointer: UnsafeRawPointer) { self.init(pointer, pointer) }

    /// Sixteen Int8 at `pointer`, sign-extended (`vpmovsxbd`).
    @inline(__always) @usableFromInline
    init(widening pointer: UnsafeRawPointer) {
        value = Builtin.sextOrBitCast_Vec16xInt8_Vec16xInt32(pointer.loadUnaligned(as: SIMD16<Int8>.self)._storage._value)
    }

    @inline(__always) @usableFromInline
    static func &+ (a: Int32x16, b: Int32x16) -> Int32x16 { Int32x16(Builtin.add_Vec16xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func &- (a: Int32x16, b: Int32x16) -> Int32x16 { Int32x16(Builtin.sub_Vec16xInt32(a.value, b.value)) }

    /// The low 32 bits of each lane's product (`vpmulld`).
    @inline(__always) @usableFromInline
    static func &* (a: Int32x16, b: Int32x16) -> Int32x16 { Int32x16(Builtin.mul_Vec16xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func & (a: Int32x16, b: Int32x16) -> Int32x16 { Int32x16(Builtin.and_Vec16xInt32(a.value, b.value)) }

    /// Per-lane left shift (`vpsllvd`).
    @inline(__always) @usableFromInline
    static func shiftedLeft(_ a: Int32x16, by b: Int32x16) -> Int32x16 { Int32x16(Builtin.shl_Vec16xInt32(a.value, b.value)) }

    /// Per-lane arithmetic right shift (`vpsravd`).
    @inline(__always) @usableFromInline
    static func shiftedRight(_ a: Int32x16, by b: Int32x16) -> Int32x16 { Int32x16(Builtin.ashr_Vec16xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func maximum(_ a: Int32x16, _ b: Int32x16) -> Int32x16 { Int32x16(Builtin.int_smax_Vec16xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func minimum(_ a: Int32x16, _ b: Int32x16) -> Int32x16 { Int32x16(Builtin.int_smin_Vec16xInt32(a.value, b.value)) }

    /// Lanes already in `-128...127` as sixteen bytes (`vpmovdb`), the low lanes' eight and the high ones'.
    @inline(__always) @usableFromInline
    var bytes: SIMD2<UInt64> {
        var halves = SIMD2<UInt64>()
        halves._storage._value = Builtin.bitcast_Vec16xInt8_Vec2xInt64(Builtin.truncOrBitCast_Vec16xInt32_Vec16xInt8(value))
        return halves
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
