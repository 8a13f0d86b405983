#if arch(arm64)
/// The AArch64 kernels: sixteen `k` at a time, three rows times four columns of accumulators in
/// registers (twelve of the thirty-two), each row-column product of sixteen bytes accumulated into
/// four Int32 lanes either as `smull` + `smull2` (int8 products, exact in 16 bits) pairwise-added with
/// `sadalp` (Armv8.0, every core), or with one `sdot` (Armv8.2 dot product, built with
/// `EDGE_AARCH64_DOT` for a core that has it).
extension Int8Multiply {
    /// Up to three rows of `C` over every column block: row `r` of `A` at `rows.r`, `paddedDepth`
    /// bytes each (the bytes past the true depth meet zero weights, so any value there is fine);
    /// row `r` of `C` written at `output + r·outputStride`, four Int32 per block. Rows past
    /// `rowCount` are computed on row 0's data and not written.
    @inline(never)
    public static func multiply(
        rowCount: Int, _ row0: UnsafePointer<Int8>, _ row1: UnsafePointer<Int8>, _ row2: UnsafePointer<Int8>,
        paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int,
        output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        multiply(
            LongProducts.self, rowCount: rowCount, row0, row1, row2, paddedDepth: paddedDepth, packed: packed, blocks: blocks,
            output: output, outputStride: outputStride)
    }

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

    /// The tile loop over `Products`' sixteen-byte product.
    @inline(__always)
    static func multiply<Products: SixteenByteProducts>(
        _: Products.Type, rowCount: Int, _ row0: UnsafePointer<Int8>, _ row1: UnsafePointer<Int8>, _ row2: UnsafePointer<Int8>,
        paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int, output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        if rowCount == 1 {
            multiply(Products.self, row0, paddedDepth: paddedDepth, packed: packed, blocks: blocks, output: output)
            return
        }
        let a1 = rowCount > 1 ? row1 : row0
        let a2 = rowCount > 2 ? row2 : row0
        var weights = UnsafeRawPointer(packed)
        for block in 0..<blocks {
            var c00 = Int32x4.zero, c01 = Int32x4.zero, c02 = Int32x4.zero, c03 = Int32x4.zero
            var c10 = Int32x4.zero, c11 = Int32x4.zero, c12 = Int32x4.zero, c13 = Int32x4.zero
            var c20 = Int32x4.zero, c21 = Int32x4.zero, c22 = Int32x4.zero, c23 = Int32x4.zero
            var k = 0
            while k < paddedDepth {
                let x0 = Int8x16(loading: row0 + k), x1 = Int8x16(loading: a1 + k), x2 = Int8x16(loading: a2 + k)
                let w0 = Int8x16(loading: weights), w1 = Int8x16(loading: weights + 16)
                c00 = Products.accumulate(c00, x0, w0)
                c10 = Products.accumulate(c10, x1, w0)
                c20 = Products.accumulate(c20, x2, w0)
                c01 = Products.accumulate(c01, x0, w1)
                c11 = Products.accumulate(c11, x1, w1)
                c21 = Products.accumulate(c21, x2, w1)
                let w2 = Int8x16(loading: weights + 32), w3 = Int8x16(loading: weights + 48)
                c02 = Products.accumulate(c02, x0, w2)
                c12 = Products.accumulate(c12, x1, w2)
                c22 = Products.accumulate(c22, x2, w2)
                c03 = Products.accumulate(c03, x0, w3)
                c13 = Products.accumulate(c13, x1, w3)
                c23 = Products.accumulate(c23, x2, w3)
                weights += 64
                k &+= 16
            }
            let column = block &* columnsPerBlock
            storeSums(c00, c01, c02, c03, to: output + column)
            if rowCount > 1 { storeSums(c10, c11, c12, c13, to: output + outputStride + column) }
            if rowCount > 2 { storeSums(c20, c21, c22, c23, to: output + 2 &* outputStride + column) }
        }
    }

    /// One row (a matrix-vector product, as FULLY_CONNECTED with one batch): two blocks of four
    /// columns at a time, eight independent accumulators.
    @inline(__always)
    static func multiply<Products: SixteenByteProducts>(
        _: Products.Type, _ row: UnsafePointer<Int8>, paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int, output: UnsafeMutablePointer<Int32>
    ) {
        let blockBytes = paddedDepth &* columnsPerBlock
        var block = 0
        while block < blocks {
            let pair = block &+ 1 < blocks
            var weights = UnsafeRawPointer(packed + block &* blockBytes)
            let second = pair ? blockBytes : 0
            var c0 = Int32x4.zero, c1 = Int32x4.zero, c2 = Int32x4.zero, c3 = Int32x4.zero
            var c4 = Int32x4.zero, c5 = Int32x4.zero, c6 = Int32x4.zero, c7 = Int32x4.zero
            var k = 0
            while k < paddedDepth {
                let x = Int8x16(loading: row + k)
                c0 = Products.accumulate(c0, x, Int8x16(loading: weights))
                c1 = Products.accumulate(c1, x, Int8x16(loading: weights + 16))
                c2 = Products.accumulate(c2, x, Int8x16(loading: weights + 32))
                c3 = Products.accumulate(c3, x, Int8x16(loading: weights + 48))
                c4 = Products.accumulate(c4, x, Int8x16(loading: weights + second))
                c5 = Products.accumulate(c5, x, Int8x16(loading: weights + (second &+ 16)))
                c6 = Products.accumulate(c6, x, Int8x16(loading: weights + (second &+ 32)))
                c7 = Products.accumulate(c7, x, Int8x16(loading: weights + (second &+ 48)))
                weights += 64
                k &+= 16
            }
            storeSums(c0, c1, c2, c3, to: output + block &* columnsPerBlock)
            if pair { storeSums(c4, c5, c6, c7, to: output + (block &+ 1) &* columnsPerBlock) }
            block &+= pair ? 2 : 1
        }
    }

    /// The lane sums of `a`, `b`, `c`, `d`, stored as four Int32 (two rounds of `addp`).
    @inline(__always)
    static func storeSums(_ a: Int32x4, _ b: Int32x4, _ c: Int32x4, _ d: Int32x4, to output: UnsafeMutablePointer<Int32>) {
        Int32x4.pairSums(Int32x4.pairSums(a, b), Int32x4.pairSums(c, d)).store(to: output)
    }
}

/// How a kernel accumulates the product of sixteen bytes of a row and of a column into four Int32
/// lanes whose sum is the dot product.
@usableFromInline
protocol SixteenByteProducts {
    static func accumulate(_ acc: Int32x4, _ a: Int8x16, _ b: Int8x16) -> Int32x4
}

/// `smull`, `smull2`, two `sadalp` (Armv8.0).
@usableFromInline
enum LongProducts: SixteenByteProducts {
    @inline(__always) @usableFromInline
    static func accumulate(_ acc: Int32x4, _ a: Int8x16, _ b: Int8x16) -> Int32x4 { Int8x16.multiplyAccumulate(acc, a, b) }
}

#if EDGE_AARCH64_DOT
/// One `sdot` (Armv8.2 dot product).
@usableFromInline
enum DotProducts: SixteenByteProducts {
    @inline(__always) @usableFromInline
    static func accumulate(_ acc: Int32x4, _ a: Int8x16, _ b: Int8x16) -> Int32x4 { Int8x16.dotAccumulate(acc, a, b) }
}
#endif
#endif
