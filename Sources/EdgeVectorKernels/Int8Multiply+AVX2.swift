#if arch(x86_64)
/// The x86-64 product (AVX2): each `A` row and each `B` column sign-extended to sixteen halfwords
/// (`vpmovsxbw`), each pair multiplied and summed in eight Int32 lanes (`vpmaddwd`: an int8 product
/// fits 15 bits, two of them 16 bits, so nothing saturates); three rows times four columns take
/// twelve `ymm` accumulators.
extension Int8Multiply {
    /// The product of this build's x86-64 target.
    typealias NativeProducts = HalfwordPairProducts
}

/// `vpmovsxbw` loads and `vpmaddwd` + `vpaddd`.
@usableFromInline
enum HalfwordPairProducts: SixteenByteProducts {
    @inline(__always) @usableFromInline
    static var zero: Int32x8 { Int32x8.zero }

    @inline(__always) @usableFromInline
    static func operand(_ pointer: UnsafeRawPointer) -> Int16x16 { Int16x16(widening: pointer) }

    @inline(__always) @usableFromInline
    static func accumulate(_ sums: Int32x8, _ a: Int16x16, _ b: Int16x16) -> Int32x8 { sums &+ Int16x16.multiplyAddPairs(a, b) }

    /// Two rounds of `vphaddd`, then the two halves added.
    @inline(__always) @usableFromInline
    static func store(_ a: Int32x8, _ b: Int32x8, _ c: Int32x8, _ d: Int32x8, to output: UnsafeMutablePointer<Int32>) {
        let sums = Int32x8.pairSums(Int32x8.pairSums(a, b), Int32x8.pairSums(c, d))
        var lanes = SIMD8<Int32>()
        lanes._storage._value = sums.value
        let total = lanes.lowHalf &+ lanes.highHalf
        UnsafeMutableRawPointer(output).storeBytes(of: total, as: SIMD4<Int32>.self)
    }
}
#endif
