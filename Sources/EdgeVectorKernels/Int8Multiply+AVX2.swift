#if arch(x86_64)
/// The x86-64 kernel (AVX2). The inner loop takes sixteen `k` at a time: each `A` row and each `B`
/// column sign-extended to sixteen halfwords (`vpmovsxbw`), each pair multiplied and summed in eight
/// Int32 lanes (`vpmaddwd`: an int8 product fits 15 bits, two of them 16 bits, so nothing saturates),
/// three rows times four columns of accumulators in registers.
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
        if rowCount == 1 {
            multiply(row0, paddedDepth: paddedDepth, packed: packed, blocks: blocks, output: output)
            return
        }
        let a1 = rowCount > 1 ? row1 : row0
        let a2 = rowCount > 2 ? row2 : row0
        var weights = UnsafeRawPointer(packed)
        for block in 0..<blocks {
            var c00 = Int32x8.zero, c01 = Int32x8.zero, c02 = Int32x8.zero, c03 = Int32x8.zero
            var c10 = Int32x8.zero, c11 = Int32x8.zero, c12 = Int32x8.zero, c13 = Int32x8.zero
            var c20 = Int32x8.zero, c21 = Int32x8.zero, c22 = Int32x8.zero, c23 = Int32x8.zero
            var k = 0
            while k < paddedDepth {
                let x0 = Int16x16(widening: row0 + k), x1 = Int16x16(widening: a1 + k), x2 = Int16x16(widening: a2 + k)
                let w0 = Int16x16(widening: weights), w1 = Int16x16(widening: weights + 16)
                c00 = c00 &+ Int16x16.multiplyAddPairs(x0, w0)
                c10 = c10 &+ Int16x16.multiplyAddPairs(x1, w0)
                c20 = c20 &+ Int16x16.multiplyAddPairs(x2, w0)
                c01 = c01 &+ Int16x16.multiplyAddPairs(x0, w1)
                c11 = c11 &+ Int16x16.multiplyAddPairs(x1, w1)
                c21 = c21 &+ Int16x16.multiplyAddPairs(x2, w1)
                let w2 = Int16x16(widening: weights + 32), w3 = Int16x16(widening: weights + 48)
                c02 = c02 &+ Int16x16.multiplyAddPairs(x0, w2)
                c12 = c12 &+ Int16x16.multiplyAddPairs(x1, w2)
                c22 = c22 &+ Int16x16.multiplyAddPairs(x2, w2)
                c03 = c03 &+ Int16x16.multiplyAddPairs(x0, w3)
                c13 = c13 &+ Int16x16.multiplyAddPairs(x1, w3)
                c23 = c23 &+ Int16x16.multiplyAddPairs(x2, w3)
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
    static func multiply(
        _ row: UnsafePointer<Int8>, paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int, output: UnsafeMutablePointer<Int32>
    ) {
        let blockBytes = paddedDepth &* columnsPerBlock
        var block = 0
        while block < blocks {
            let pair = block &+ 1 < blocks
            var weights = UnsafeRawPointer(packed + block &* blockBytes)
            let second = pair ? blockBytes : 0
            var c0 = Int32x8.zero, c1 = Int32x8.zero, c2 = Int32x8.zero, c3 = Int32x8.zero
            var c4 = Int32x8.zero, c5 = Int32x8.zero, c6 = Int32x8.zero, c7 = Int32x8.zero
            var k = 0
            while k < paddedDepth {
                let x = Int16x16(widening: row + k)
                c0 = c0 &+ Int16x16.multiplyAddPairs(x, Int16x16(widening: weights))
                c1 = c1 &+ Int16x16.multiplyAddPairs(x, Int16x16(widening: weights + 16))
                c2 = c2 &+ Int16x16.multiplyAddPairs(x, Int16x16(widening: weights + 32))
                c3 = c3 &+ Int16x16.multiplyAddPairs(x, Int16x16(widening: weights + 48))
                c4 = c4 &+ Int16x16.multiplyAddPairs(x, Int16x16(widening: weights + second))
                c5 = c5 &+ Int16x16.multiplyAddPairs(x, Int16x16(widening: weights + (second &+ 16)))
                c6 = c6 &+ Int16x16.multiplyAddPairs(x, Int16x16(widening: weights + (second &+ 32)))
                c7 = c7 &+ Int16x16.multiplyAddPairs(x, Int16x16(widening: weights + (second &+ 48)))
                weights += 64
                k &+= 16
            }
            storeSums(c0, c1, c2, c3, to: output + block &* columnsPerBlock)
            if pair { storeSums(c4, c5, c6, c7, to: output + (block &+ 1) &* columnsPerBlock) }
            block &+= pair ? 2 : 1
        }
    }

    /// The four lane sums of `a`, `b`, `c`, `d`, stored as four Int32.
    @inline(__always)
    static func storeSums(_ a: Int32x8, _ b: Int32x8, _ c: Int32x8, _ d: Int32x8, to output: UnsafeMutablePointer<Int32>) {
        let sums = Int32x8.pairSums(Int32x8.pairSums(a, b), Int32x8.pairSums(c, d))
        var lanes = SIMD8<Int32>()
        lanes._storage._value = sums.value
        let total = lanes.lowHalf &+ lanes.highHalf
        UnsafeMutableRawPointer(output).storeBytes(of: total, as: SIMD4<Int32>.self)
    }
}
#endif
