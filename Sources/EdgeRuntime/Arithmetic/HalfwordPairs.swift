/// Two signed 16-bit lanes packed in one 32-bit word: the operand shape of the Armv7E-M DSP
/// instructions (`SXTB16`, `SADD16`, `SMLAD`, `SMLABB`, `SMLATT`) that the packed kernels use.
///
/// Built with `-D EDGE_ARM_DSP` for an Arm core (the firmware builder does this, compiling the runtime
/// through LLVM IR so that the intrinsics are selected) each function is one instruction; everywhere
/// else it is the same arithmetic in plain Swift, so the packed kernels run, and are tested
/// bit-exact against the reference kernels, on any host. Lane 0 is the low halfword.
public enum HalfwordPairs {
    /// Bytes 0 and 2 of `word`, sign-extended into lanes 0 and 1 (`SXTB16`).
    @inline(__always)
    public static func evenBytes(_ word: Int32) -> Int32 {
        #if EDGE_ARM_DSP
        return armSignExtendBytePairs(word)
        #else
        let low = Int32(Int8(truncatingIfNeeded: word)) & 0xFFFF
        let high = Int32(Int8(truncatingIfNeeded: word &>> 16)) &<< 16
        return low | high
        #endif
    }

    /// Bytes 1 and 3 of `word`, sign-extended into lanes 0 and 1 (`SXTB16` with a rotation by 8).
    @inline(__always)
    public static func oddBytes(_ word: Int32) -> Int32 {
        let bits = UInt32(bitPattern: word)
        return evenBytes(Int32(bitPattern: (bits &>> 8) | (bits &<< 24)))
    }

    /// `value` in both lanes.
    @inline(__always)
    public static func splat(_ value: Int32) -> Int32 {
        (value &<< 16) | (value & 0xFFFF)
    }

    /// Lane-wise wrapping sum (`SADD16`).
    @inline(__always)
    public static func add(_ a: Int32, _ b: Int32) -> Int32 {
        #if EDGE_ARM_DSP
        return armAddHalfwords(a, b)
        #else
        let low = (Int32(lane0(a)) &+ Int32(lane0(b))) & 0xFFFF
        let high = (Int32(lane1(a)) &+ Int32(lane1(b))) &<< 16
        return low | high
        #endif
    }

    /// `accumulator + a₀·b₀ + a₁·b₁`, wrapping (`SMLAD`).
    @inline(__always)
    public static func dotAccumulate(_ a: Int32, _ b: Int32, _ accumulator: Int32) -> Int32 {
        #if EDGE_ARM_DSP
        return armDualMultiplyAccumulate(a, b, accumulator)
        #else
        return accumulator &+ Int32(lane0(a)) &* Int32(lane0(b)) &+ Int32(lane1(a)) &* Int32(lane1(b))
        #endif
    }

    /// `accumulator + a₀·b₀`, wrapping (`SMLABB`).
    @inline(__always)
    public static func lowAccumulate(_ a: Int32, _ b: Int32, _ accumulator: Int32) -> Int32 {
        #if EDGE_ARM_DSP
        return armMultiplyAccumulateBottom(a, b, accumulator)
        #else
        return accumulator &+ Int32(lane0(a)) &* Int32(lane0(b))
        #endif
    }

    /// `accumulator + a₁·b₁`, wrapping (`SMLATT`).
    @inline(__always)
    public static func highAccumulate(_ a: Int32, _ b: Int32, _ accumulator: Int32) -> Int32 {
        #if EDGE_ARM_DSP
        return armMultiplyAccumulateTop(a, b, accumulator)
        #else
        return accumulator &+ Int32(lane1(a)) &* Int32(lane1(b))
        #endif
    }

    /// Four bytes at `pointer`, any alignment, as one little-endian word.
    @inline(__always)
    public static func load(_ pointer: UnsafePointer<Int8>) -> Int32 {
        UnsafeRawPointer(pointer).loadUnaligned(as: Int32.self)
    }

    @inline(__always)
    static func lane0(_ word: Int32) -> Int16 { Int16(truncatingIfNeeded: word) }

    @inline(__always)
    static func lane1(_ word: Int32) -> Int16 { Int16(truncatingIfNeeded: word &>> 16) }
}

#if EDGE_ARM_DSP
// LLVM's Arm intrinsics. Swift marks these declarations as touching memory, which instruction
// selection rejects; compiled through textual IR (as the firmware builder does) they are re-read as
// the pure intrinsics they are.
@_extern(c, "llvm.arm.sxtb16") func armSignExtendBytePairs(_ word: Int32) -> Int32
@_extern(c, "llvm.arm.sadd16") func armAddHalfwords(_ a: Int32, _ b: Int32) -> Int32
@_extern(c, "llvm.arm.smlad") func armDualMultiplyAccumulate(_ a: Int32, _ b: Int32, _ accumulator: Int32) -> Int32
@_extern(c, "llvm.arm.smlabb") func armMultiplyAccumulateBottom(_ a: Int32, _ b: Int32, _ accumulator: Int32) -> Int32
@_extern(c, "llvm.arm.smlatt") func armMultiplyAccumulateTop(_ a: Int32, _ b: Int32, _ accumulator: Int32) -> Int32
#endif
