#if arch(arm64)
/// The AArch64 products: each row-column product of sixteen bytes accumulated into four Int32 lanes,
/// either as `smull` + `smull2` (int8 products, exact in 16 bits) pairwise-added with `sadalp`
/// (Armv8.0, every core), or with one `sdot` (Armv8.2 dot product, built with `EDGE_AARCH64_DOT` for
/// a core that has it). Three rows times four columns take twelve of the thirty-two registers.
extension Int8Multiply {
    /// The product every AArch64 core has.
    typealias NativeProducts = LongProducts

    #if EDGE_AARCH64_DOT
    /// ``multiply(rowCount:_:_:_:paddedDepth:packed:blocks:output:outputStride:)`` with `sdot`.
    @inline(never)
    public static func multiplyWithDotProduct(
        rowCount: Int, _ row0: UnsafePointer<Int8>, _ row1: UnsafePointer<Int8>, _ row2: UnsafePointer<Int8>,
        paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int,
        output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        multiply(
            DotProducts.self, rowCount: rowCount, row0, row1, row2, paddedDepth: paddedDepth, packed: packed, blocks: blocks,
            output: output, outputStride: outputStride)
    }
    #endif
}

/// What both AArch64 products share: sixteen bytes loaded as they are, four Int32 lanes, two rounds
/// of `addp` for the totals.
extension SixteenByteProducts where Operand == Int8x16, Sums == Int32x4 {
    @inline(__always) @usableFromInline
    static var zero: Int32x4 { Int32x4.zero }

    @inline(__always) @usableFromInline
    static func operand(_ pointer: UnsafeRawPointer) -> Int8x16 { Int8x16(loading: pointer) }

    @inline(__always) @usableFromInline
    static func store(_ a: Int32x4, _ b: Int32x4, _ c: Int32x4, _ d: Int32x4, to output: UnsafeMutablePointer<Int32>) {
        Int32x4.pairSums(Int32x4.pairSums(a, b), Int32x4.pairSums(c, d)).store(to: output)
    }
}

/// `smull`, `smull2`, two `sadalp` (Armv8.0).
@usableFromInline
enum LongProducts: SixteenByteProducts {
    @inline(__always) @usableFromInline
    static func accumulate(_ sums: Int32x4, _ a: Int8x16, _ b: Int8x16) -> Int32x4 { Int8x16.multiplyAccumulate(sums, a, b) }
}

#if EDGE_AARCH64_DOT
/// One `sdot` (Armv8.2 dot product).
@usableFromInline
enum DotProducts: SixteenByteProducts {
    @inline(__always) @usableFromInline
    static func accumulate(_ sums: Int32x4, _ a: Int8x16, _ b: Int8x16) -> Int32x4 { Int8x16.dotAccumulate(sums, a, b) }
}
#endif
#endif
