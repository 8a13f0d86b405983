#if arch(arm64)
import Builtin

// Four Int32 lanes and sixteen Int8 lanes over LLVM's vector types, with the AArch64 Advanced SIMD
// intrinsics the kernels need; every function is one or two instructions (`llvm-objdump -d`).

/// Four 32-bit lanes (one `q` register).
@usableFromInline
struct Int32x4 {
    @usableFromInline var value: Builtin.Vec4xInt32

    @inline(__always) @usableFromInline
    init(_ value: Builtin.Vec4xInt32) { self.value = value }

    /// All lanes `scalar`.
    @inline(__always) @usableFromInline
    init(repeating scalar: Int32) { value = SIMD4<Int32>(repeating: scalar)._storage._value }

    /// Four words at `pointer`, any alignment.
    @inline(__always) @usableFromInline
    init(loading pointer: UnsafeRawPointer) { value = pointer.loadUnaligned(as: SIMD4<Int32>.self)._storage._value }

    /// Four bytes at `pointer`, sign-extended.
    @inline(__always) @usableFromInline
    init(wideningBytes pointer: UnsafeRawPointer) {
        value = Builtin.sextOrBitCast_Vec4xInt8_Vec4xInt32(pointer.loadUnaligned(as: SIMD4<Int8>.self)._storage._value)
    }

    @inline(__always) @usableFromInline
    static var zero: Int32x4 { Int32x4(repeating: 0) }

    @inline(__always) @usableFromInline
    func store(to pointer: UnsafeMutableRawPointer) {
        var lanes = SIMD4<Int32>()
        lanes._storage._value = value
        pointer.storeBytes(of: lanes, as: SIMD4<Int32>.self)
    }

    /// The lanes, already in `-128...127`, stored as four bytes (`xtn`).
    @inline(__always) @usableFromInline
    func storeBytes(to pointer: UnsafeMutableRawPointer) {
        let bytes = Builtin.truncOrBitCast_Vec4xInt32_Vec4xInt8(value)
        pointer.storeBytes(of: Int32(Builtin.bitcast_Vec4xInt8_Int32(bytes)), as: Int32.self)
    }

    @inline(__always) @usableFromInline
    static func &+ (a: Int32x4, b: Int32x4) -> Int32x4 { Int32x4(Builtin.add_Vec4xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func &- (a: Int32x4, b: Int32x4) -> Int32x4 { Int32x4(Builtin.sub_Vec4xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func & (a: Int32x4, b: Int32x4) -> Int32x4 { Int32x4(Builtin.and_Vec4xInt32(a.value, b.value)) }

    /// Lane-wise `a << b` (`sshl`); every `b` lane in `0...31`.
    @inline(__always) @usableFromInline
    static func shiftedLeft(_ a: Int32x4, by b: Int32x4) -> Int32x4 { Int32x4(Builtin.shl_Vec4xInt32(a.value, b.value)) }

    /// Lane-wise low half of the product (`mul`).
    @inline(__always) @usableFromInline
    static func product(_ a: Int32x4, _ b: Int32x4) -> Int32x4 { Int32x4(Builtin.mul_Vec4xInt32(a.value, b.value)) }

    /// Each lane's sign: -1 or 0 (`sshr #31`).
    @inline(__always) @usableFromInline
    var signs: Int32x4 { Int32x4(Builtin.ashr_Vec4xInt32(value, SIMD4<Int32>(repeating: 31)._storage._value)) }

    /// Lane-wise saturating sum (`sqadd`).
    @inline(__always) @usableFromInline
    static func saturatingAdd(_ a: Int32x4, _ b: Int32x4) -> Int32x4 {
        Int32x4(Builtin.int_aarch64_neon_sqadd_Vec4xInt32(a.value, b.value))
    }

    /// TFLite's `SaturatingRoundingDoublingHighMul` exactly: `sat((2·a·b + 2³¹) >> 32)` (`sqrdmulh`).
    @inline(__always) @usableFromInline
    static func doublingHighMultiply(_ a: Int32x4, _ b: Int32x4) -> Int32x4 {
        Int32x4(Builtin.int_aarch64_neon_sqrdmulh_Vec4xInt32(a.value, b.value))
    }

    /// Lane-wise shift by `b` with rounding (`srshl`): a negative `b` shifts right, adding half first,
    /// computed without overflow.
    @inline(__always) @usableFromInline
    static func roundingShift(_ a: Int32x4, by b: Int32x4) -> Int32x4 {
        Int32x4(Builtin.int_aarch64_neon_srshl_Vec4xInt32(a.value, b.value))
    }

    @inline(__always) @usableFromInline
    static func maximum(_ a: Int32x4, _ b: Int32x4) -> Int32x4 { Int32x4(Builtin.int_smax_Vec4xInt32(a.value, b.value)) }

    @inline(__always) @usableFromInline
    static func minimum(_ a: Int32x4, _ b: Int32x4) -> Int32x4 { Int32x4(Builtin.int_smin_Vec4xInt32(a.value, b.value)) }

    /// `[a₀, a₁, b₀, b₁]` (`zip1 .2d`).
    @inline(__always) @usableFromInline
    static func lowHalves(_ a: Int32x4, _ b: Int32x4) -> Int32x4 { Int32x4(doublewords(a.lanes, b.lanes, 0)) }

    /// `[a₂, a₃, b₂, b₃]` (`zip2 .2d`).
    @inline(__always) @usableFromInline
    static func highHalves(_ a: Int32x4, _ b: Int32x4) -> Int32x4 { Int32x4(doublewords(a.lanes, b.lanes, 1)) }

    @inline(__always) @usableFromInline
    init(_ lanes: SIMD4<Int32>) { value = lanes._storage._value }

    @inline(__always) @usableFromInline
    var lanes: SIMD4<Int32> {
        var lanes = SIMD4<Int32>()
        lanes._storage._value = value
        return lanes
    }

    /// `[a₀+a₁, a₂+a₃, b₀+b₁, b₂+b₃]` (`addp`).
    @inline(__always) @usableFromInline
    static func pairSums(_ a: Int32x4, _ b: Int32x4) -> Int32x4 {
        Int32x4(Builtin.int_aarch64_neon_addp_Vec4xInt32(a.value, b.value))
    }
}

/// Sixteen 8-bit lanes (one `q` register).
@usableFromInline
struct Int8x16 {
    @usableFromInline var lanes: SIMD16<Int8>

    /// Sixteen bytes at `pointer`, any alignment.
    @inline(__always) @usableFromInline
    init(loading pointer: UnsafeRawPointer) { lanes = pointer.loadUnaligned(as: SIMD16<Int8>.self) }

    /// `acc + Σ` of the sixteen products `aᵢ·bᵢ`, in four Int32 lanes (lane `j` gets products
    /// `2j, 2j+1, 2j+8, 2j+9`): `smull`, `smull2`, two `sadalp`, every step exact.
    @inline(__always) @usableFromInline
    static func multiplyAccumulate(_ acc: Int32x4, _ a: Int8x16, _ b: Int8x16) -> Int32x4 {
        let low = Builtin.mul_Vec8xInt16(
            Builtin.sextOrBitCast_Vec8xInt8_Vec8xInt16(a.lanes.lowHalf._storage._value),
            Builtin.sextOrBitCast_Vec8xInt8_Vec8xInt16(b.lanes.lowHalf._storage._value))
        let high = Builtin.mul_Vec8xInt16(
            Builtin.sextOrBitCast_Vec8xInt8_Vec8xInt16(a.lanes.highHalf._storage._value),
            Builtin.sextOrBitCast_Vec8xInt8_Vec8xInt16(b.lanes.highHalf._storage._value))
        let sums = Builtin.add_Vec4xInt32(
            Builtin.int_aarch64_neon_saddlp_Vec4xInt32_Vec8xInt16(low), Builtin.int_aarch64_neon_saddlp_Vec4xInt32_Vec8xInt16(high))
        return Int32x4(Builtin.add_Vec4xInt32(acc.value, sums))
    }

    #if EDGE_AARCH64_DOT
    /// `acc + Σ` of the sixteen products `aᵢ·bᵢ`, lane `j` getting products `4j … 4j+3` (`sdot`).
    @inline(__always) @usableFromInline
    static func dotAccumulate(_ acc: Int32x4, _ a: Int8x16, _ b: Int8x16) -> Int32x4 {
        Int32x4(Builtin.int_aarch64_neon_sdot_Vec4xInt32_Vec16xInt8(acc.value, a.lanes._storage._value, b.lanes._storage._value))
    }
    #endif

    #if EDGE_AARCH64_I8MM
    /// `acc + A·Bᵀ`, `a` and `b` each two rows of eight bytes (bytes 0–7, 8–15), `acc` the 2×2 Int32
    /// result in rows (`[A₀·B₀, A₀·B₁, A₁·B₀, A₁·B₁]`), wrapping (`smmla`, Armv8.6 int8 matrix multiply).
    @inline(__always) @usableFromInline
    static func matrixMultiplyAccumulate(_ acc: Int32x4, _ a: Int8x16, _ b: Int8x16) -> Int32x4 {
        Int32x4(Builtin.int_aarch64_neon_smmla_Vec4xInt32_Vec16xInt8(acc.value, a.lanes._storage._value, b.lanes._storage._value))
    }

    /// `a`'s first eight bytes, then `b`'s (`zip1 .2d`).
    @inline(__always) @usableFromInline
    static func lowHalves(_ a: Int8x16, _ b: Int8x16) -> Int8x16 { Int8x16(doublewords(a.lanes, b.lanes, 0)) }

    /// `a`'s last eight bytes, then `b`'s (`zip2 .2d`).
    @inline(__always) @usableFromInline
    static func highHalves(_ a: Int8x16, _ b: Int8x16) -> Int8x16 { Int8x16(doublewords(a.lanes, b.lanes, 1)) }

    @inline(__always) @usableFromInline
    init(_ lanes: SIMD16<Int8>) { self.lanes = lanes }
    #endif

    /// The sixteen products `(aᵢ + offset)·wᵢ`, exact (`|aᵢ + offset| ≤ 255` and `|wᵢ| ≤ 128` keep each
    /// within 16 bits), added to four Int32 accumulators of four lanes each: the operands widened to
    /// halfwords (`sxtl`, `sxtl2`, one `add`), then `smlal`/`smlal2` into the sums.
    @inline(__always) @usableFromInline
    static func offsetMultiplyAccumulate(
        _ sums: inout (Int32x4, Int32x4, Int32x4, Int32x4), _ a: Int8x16, offset: SIMD8<Int16>, _ w: Int8x16
    ) {
        var aLow = SIMD8<Int16>(), aHigh = SIMD8<Int16>(), wLow = SIMD8<Int16>(), wHigh = SIMD8<Int16>()
        aLow._storage._value = Builtin.add_Vec8xInt16(Builtin.sextOrBitCast_Vec8xInt8_Vec8xInt16(a.lanes.lowHalf._storage._value), offset._storage._value)
        aHigh._storage._value = Builtin.add_Vec8xInt16(Builtin.sextOrBitCast_Vec8xInt8_Vec8xInt16(a.lanes.highHalf._storage._value), offset._storage._value)
        wLow._storage._value = Builtin.sextOrBitCast_Vec8xInt8_Vec8xInt16(w.lanes.lowHalf._storage._value)
        wHigh._storage._value = Builtin.sextOrBitCast_Vec8xInt8_Vec8xInt16(w.lanes.highHalf._storage._value)
        @inline(__always)
        func product(_ x: SIMD4<Int16>, _ y: SIMD4<Int16>) -> Builtin.Vec4xInt32 {
            Builtin.mul_Vec4xInt32(
                Builtin.sextOrBitCast_Vec4xInt16_Vec4xInt32(x._storage._value), Builtin.sextOrBitCast_Vec4xInt16_Vec4xInt32(y._storage._value))
        }
        sums.0 = Int32x4(Builtin.add_Vec4xInt32(sums.0.value, product(aLow.lowHalf, wLow.lowHalf)))
        sums.1 = Int32x4(Builtin.add_Vec4xInt32(sums.1.value, product(aLow.highHalf, wLow.highHalf)))
        sums.2 = Int32x4(Builtin.add_Vec4xInt32(sums.2.value, product(aHigh.lowHalf, wHigh.lowHalf)))
        sums.3 = Int32x4(Builtin.add_Vec4xInt32(sums.3.value, product(aHigh.highHalf, wHigh.highHalf)))
    }
}
/// `a`'s 64-bit half `half` (0 or 1), then `b`'s, of two sixteen-byte vectors (`zip1`/`zip2 .2d`;
/// written as lane reads of `SIMD2<Int64>`, which LLVM selects as the zip).
@inline(__always) @usableFromInline
func doublewords<Vector: SIMD>(_ a: Vector, _ b: Vector, _ half: Int) -> Vector {
    let (x, y) = (unsafeBitCast(a, to: SIMD2<Int64>.self), unsafeBitCast(b, to: SIMD2<Int64>.self))
    return unsafeBitCast(SIMD2(x[half], y[half]), to: Vector.self)
}
#endif
