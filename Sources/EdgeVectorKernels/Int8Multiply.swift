#if arch(x86_64) || arch(arm64)
/// Int8 matrix products for application processors: `C[m][n] = Σₖ A[m][k]·B[n][k]` in wrapping
/// Int32, with `B` packed once, at init, into the layout the inner loop reads in order. Every
/// architecture's kernel (`+AVX2`, `+NEON`) reads the same layout: sixteen `k` of four columns at a
/// time, three rows of `A` against a block, so a workspace has the same size on every host.
public enum Int8Multiply {
    /// Rows of `A` per call of the inner kernel.
    public static let rowsPerTile = 3
    /// Columns of `B` per packed block.
    public static let columnsPerBlock = 4
    /// The depth granule: packed rows and `A` rows are read sixteen bytes at a time.
    public static let depthGranule = 16

    /// `depth` rounded up to the granule.
    public static func paddedDepth(_ depth: Int) -> Int { (depth + depthGranule - 1) / depthGranule * depthGranule }

    /// A span (a convolution's filter row, `Kw·Cin` bytes) padded to whole groups of four bytes, as
    /// a product that reads rows four bytes at a time from where each span lies takes it.
    public static func paddedSpan(_ span: Int) -> Int { (span + 3) / 4 * 4 }

    /// Bytes of a row of `depth` bytes in spans of `span`, each padded (``paddedSpan(_:)``).
    public static func spannedDepth(depth: Int, span: Int) -> Int { depth / span * paddedSpan(span) }

    /// Bytes of `B` packed: columns rounded up to a block of four, depth to sixteen.
    public static func packedBytes(columns: Int, depth: Int) -> Int {
        (columns + columnsPerBlock - 1) / columnsPerBlock * columnsPerBlock * paddedDepth(depth)
    }

    /// How a packed block orders its bytes. Both hold the same bytes in the same space (blocks of four
    /// columns, sixteen `k` at a time); they differ within each sixty-four-byte piece.
    public enum Layout: Sendable {
        /// `[block][k / 16][4 columns][16 bytes]`: each column's sixteen `k` together, as the
        /// `vpmaddwd`, `vpdpbusd`, `smull` and `sdot` products read them.
        case columns
        /// `[block][k / 16][k / 8 % 2][2 pairs][2 columns][8 bytes]`: two columns' eight `k` side by
        /// side, the 2×8 matrix one operand of `smmla` (Armv8.6 int8 matrix multiply) reads.
        case columnPairs

        /// Where column `n`'s byte `k` lies in `B` packed over `paddedDepth`: its column's start plus
        /// the byte's offset from it (the two parts are independent, so a packer works out the first
        /// once per column).
        @inline(__always)
        public func offset(column n: Int, k: Int, paddedDepth: Int) -> Int { columnStart(n, paddedDepth: paddedDepth) + depthOffset(k) }

        /// Where column `n`'s byte 0 lies.
        @inline(__always)
        public func columnStart(_ n: Int, paddedDepth: Int) -> Int {
            let block = n / columnsPerBlock * columnsPerBlock * paddedDepth
            switch self {
            case .columns: return block + n % columnsPerBlock * depthGranule
            case .columnPairs: return block + n % columnsPerBlock / 2 * 16 + n % 2 * 8
            }
        }

        /// How far byte `k` of a column lies from the column's byte 0.
        @inline(__always)
        public func depthOffset(_ k: Int) -> Int {
            let piece = k / depthGranule * columnsPerBlock * depthGranule
            switch self {
            case .columns: return piece + k % depthGranule
            case .columnPairs: return piece + k % depthGranule / 8 * 32 + k % 8
            }
        }
    }

    /// Packs `columns` rows of `depth` bytes (row `n` at `source + n·depth`) into `layout`,
    /// zero-filled past the last column and the last `k`.
    public static func pack(
        _ source: UnsafePointer<Int8>, columns: Int, depth: Int, layout: Layout, into packed: UnsafeMutablePointer<Int8>
    ) {
        let padded = paddedDepth(depth)
        packed.initialize(repeating: 0, count: packedBytes(columns: columns, depth: depth))
        for n in 0..<columns {
            let column = packed + layout.columnStart(n, paddedDepth: padded)
            for k in 0..<depth { column[layout.depthOffset(k)] = source[n * depth + k] }
        }
    }

    /// Up to three rows of `C` over every column block: row `r` of `A` at `rows.r`, `paddedDepth`
    /// bytes each (the bytes past the true depth meet zero weights, so any value there is fine);
    /// row `r` of `C` written at `output + r·outputStride`, four Int32 per block. Rows past
    /// `rowCount` are computed on row 0's data and not written. The architecture's own product:
    /// `vpmaddwd` on x86-64 (AVX2), `smull`/`sadalp` on AArch64.
    @inline(never)
    public static func multiply(
        rowCount: Int, _ row0: UnsafePointer<Int8>, _ row1: UnsafePointer<Int8>, _ row2: UnsafePointer<Int8>,
        paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int,
        output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        multiply(
            NativeProducts.self, rowCount: rowCount, row0, row1, row2, paddedDepth: paddedDepth, packed: packed, blocks: blocks,
            output: output, outputStride: outputStride)
    }

    /// Up to three rows against every block, with `Products`' sixteen-byte product.
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
            var c00 = Products.zero, c01 = Products.zero, c02 = Products.zero, c03 = Products.zero
            var c10 = Products.zero, c11 = Products.zero, c12 = Products.zero, c13 = Products.zero
            var c20 = Products.zero, c21 = Products.zero, c22 = Products.zero, c23 = Products.zero
            var k = 0
            while k < paddedDepth {
                let x0 = Products.operand(row0 + k), x1 = Products.operand(a1 + k), x2 = Products.operand(a2 + k)
                let w0 = Products.operand(weights), w1 = Products.operand(weights + 16)
                c00 = Products.accumulate(c00, x0, w0)
                c10 = Products.accumulate(c10, x1, w0)
                c20 = Products.accumulate(c20, x2, w0)
                c01 = Products.accumulate(c01, x0, w1)
                c11 = Products.accumulate(c11, x1, w1)
                c21 = Products.accumulate(c21, x2, w1)
                let w2 = Products.operand(weights + 32), w3 = Products.operand(weights + 48)
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
            Products.store(c00, c01, c02, c03, to: output + column)
            if rowCount > 1 { Products.store(c10, c11, c12, c13, to: output + outputStride + column) }
            if rowCount > 2 { Products.store(c20, c21, c22, c23, to: output + 2 &* outputStride + column) }
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
            var c0 = Products.zero, c1 = Products.zero, c2 = Products.zero, c3 = Products.zero
            var c4 = Products.zero, c5 = Products.zero, c6 = Products.zero, c7 = Products.zero
            var k = 0
            while k < paddedDepth {
                let x = Products.operand(row + k)
                c0 = Products.accumulate(c0, x, Products.operand(weights))
                c1 = Products.accumulate(c1, x, Products.operand(weights + 16))
                c2 = Products.accumulate(c2, x, Products.operand(weights + 32))
                c3 = Products.accumulate(c3, x, Products.operand(weights + 48))
                c4 = Products.accumulate(c4, x, Products.operand(weights + second))
                c5 = Products.accumulate(c5, x, Products.operand(weights + (second &+ 16)))
                c6 = Products.accumulate(c6, x, Products.operand(weights + (second &+ 32)))
                c7 = Products.accumulate(c7, x, Products.operand(weights + (second &+ 48)))
                weights += 64
                k &+= 16
            }
            Products.store(c0, c1, c2, c3, to: output + block &* columnsPerBlock)
            if pair { Products.store(c4, c5, c6, c7, to: output + (block &+ 1) &* columnsPerBlock) }
            block &+= pair ? 2 : 1
        }
    }
}

/// How a kernel multiplies sixteen bytes of a row by sixteen bytes of a column: the bytes as it
/// loads them, and accumulator lanes whose total is the dot product. Each architecture's file
/// (`+AVX2`, `+NEON`) has its conformances; the tile loops above are written once.
@usableFromInline
protocol SixteenByteProducts {
    associatedtype Operand
    associatedtype Sums
    static var zero: Sums { get }
    /// Sixteen bytes at `pointer`, any alignment.
    static func operand(_ pointer: UnsafeRawPointer) -> Operand
    /// `sums` plus the products of `a` and `b`.
    static func accumulate(_ sums: Sums, _ a: Operand, _ b: Operand) -> Sums
    /// The totals of `a`, `b`, `c`, `d` as four Int32.
    static func store(_ a: Sums, _ b: Sums, _ c: Sums, _ d: Sums, to output: UnsafeMutablePointer<Int32>)
}
#endif
