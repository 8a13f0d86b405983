#if arch(arm64) && EDGE_AARCH64_I8MM
/// The AArch64 product with `smmla` (Armv8.6 int8 matrix multiply: a 2×8 by 8×2 product of bytes
/// added to a 2×2 Int32 tile, twice the multiplies of an `sdot`), against `B` packed in pairs of
/// columns (``Int8Multiply/Layout/columnPairs``), two blocks of four columns at a time.
///
/// Rows 0 and 1 go as one operand: their sixteen bytes' halves side by side (`zip1`, `zip2`), so four
/// `smmla` give a 2×4 block of sixteen `k`, half the instructions of eight `sdot`, and the tiles are
/// the rows' values in order (`zip1`, `zip2` once per block; no pairwise sums). A row alone (row 2, or
/// a single row) goes as its own sixteen bytes, its two halves as the operand's two rows: of each tile
/// against the columns' low halves only the first row counts, of each against their high halves only
/// the second, and the two add up to the row's values — as many `smmla` as `sdot`.
extension Int8Multiply {
    /// ``multiply(rowCount:_:_:_:paddedDepth:packed:blocks:output:outputStride:)`` with `smmla`, `B`
    /// packed as ``Layout/columnPairs``.
    @inline(never)
    public static func multiplyWithMatrixMultiply(
        rowCount: Int, _ row0: UnsafePointer<Int8>, _ row1: UnsafePointer<Int8>, _ row2: UnsafePointer<Int8>,
        paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int,
        output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        let rows = MatrixRows(row0: row0, row1: row1, lone: rowCount == 1 ? row0 : row2, output: output, outputStride: outputStride)
        let pairs = blocks / 2 * 2
        switch rowCount {
        case 1:
            rows.multiply(pair: false, lone: true, blocks: 0..<pairs, twoAtATime: true, paddedDepth: paddedDepth, packed: packed)
            rows.multiply(pair: false, lone: true, blocks: pairs..<blocks, twoAtATime: false, paddedDepth: paddedDepth, packed: packed)
        case 2:
            rows.multiply(pair: true, lone: false, blocks: 0..<pairs, twoAtATime: true, paddedDepth: paddedDepth, packed: packed)
            rows.multiply(pair: true, lone: false, blocks: pairs..<blocks, twoAtATime: false, paddedDepth: paddedDepth, packed: packed)
        default:
            rows.multiply(pair: true, lone: true, blocks: 0..<pairs, twoAtATime: true, paddedDepth: paddedDepth, packed: packed)
            rows.multiply(pair: true, lone: true, blocks: pairs..<blocks, twoAtATime: false, paddedDepth: paddedDepth, packed: packed)
        }
    }

    /// A tile's rows for `smmla`: a pair (rows 0 and 1, written at `output` and `output + outputStride`)
    /// and a row alone (written at `output` when it is the only row, else two rows down).
    @usableFromInline
    struct MatrixRows {
        let row0: UnsafePointer<Int8>, row1: UnsafePointer<Int8>, lone: UnsafePointer<Int8>
        let output: UnsafeMutablePointer<Int32>
        let outputStride: Int

        @inline(__always) @usableFromInline
        init(row0: UnsafePointer<Int8>, row1: UnsafePointer<Int8>, lone: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int32>, outputStride: Int) {
            (self.row0, self.row1, self.lone, self.output, self.outputStride) = (row0, row1, lone, output, outputStride)
        }

        /// The pair's and/or the lone row's values over `blocks`, two blocks per pass or one (the
        /// flags are constants where this is inlined, so each combination is its own loop).
        @inline(__always) @usableFromInline
        func multiply(pair: Bool, lone: Bool, blocks: Range<Int>, twoAtATime: Bool, paddedDepth: Int, packed: UnsafePointer<Int8>) {
            let blockBytes = paddedDepth &* columnsPerBlock
            let loneOutput = pair ? output + 2 &* outputStride : output
            var block = blocks.lowerBound
            while block < blocks.upperBound {
                let first = UnsafeRawPointer(packed + block &* blockBytes), second = first + blockBytes
                var pair0 = RowPair(), pair1 = RowPair(), lone0 = LoneRow(), lone1 = LoneRow()
                var k = 0, offset = 0
                while k < paddedDepth {
                    if pair {
                        let x0 = Int8x16(loading: row0 + k), x1 = Int8x16(loading: row1 + k)
                        let low = Int8x16.lowHalves(x0, x1), high = Int8x16.highHalves(x0, x1)
                        pair0.accumulate(low, high, first + offset)
                        if twoAtATime { pair1.accumulate(low, high, second + offset) }
                    }
                    if lone {
                        let x = Int8x16(loading: self.lone + k)
                        lone0.accumulate(x, first + offset)
                        if twoAtATime { lone1.accumulate(x, second + offset) }
                    }
                    offset &+= 64
                    k &+= 16
                }
                let column = block &* columnsPerBlock
                if pair {
                    pair0.store(to: output + column, outputStride: outputStride)
                    if twoAtATime { pair1.store(to: output + (column &+ columnsPerBlock), outputStride: outputStride) }
                }
                if lone {
                    lone0.values.store(to: loneOutput + column)
                    if twoAtATime { lone1.values.store(to: loneOutput + (column &+ columnsPerBlock)) }
                }
                block &+= twoAtATime ? 2 : 1
            }
        }
    }

    /// Two rows against a block of four columns: the tiles of rows 0–1 by columns 0–1 and 2–3.
    @usableFromInline
    struct RowPair {
        var columns01 = Int32x4.zero, columns23 = Int32x4.zero

        @inline(__always) @usableFromInline
        init() {}

        /// Sixteen `k` of the rows, their low eight bytes side by side (`low`) and their high ones
        /// (`high`), against the block's sixty-four packed bytes at `weights`.
        @inline(__always) @usableFromInline
        mutating func accumulate(_ low: Int8x16, _ high: Int8x16, _ weights: UnsafeRawPointer) {
            columns01 = Int8x16.matrixMultiplyAccumulate(columns01, low, Int8x16(loading: weights))
            columns23 = Int8x16.matrixMultiplyAccumulate(columns23, low, Int8x16(loading: weights + 16))
            columns01 = Int8x16.matrixMultiplyAccumulate(columns01, high, Int8x16(loading: weights + 32))
            columns23 = Int8x16.matrixMultiplyAccumulate(columns23, high, Int8x16(loading: weights + 48))
        }

        /// Row 0's four values at `output`, row 1's at `output + outputStride`.
        @inline(__always) @usableFromInline
        func store(to output: UnsafeMutablePointer<Int32>, outputStride: Int) {
            Int32x4.lowHalves(columns01, columns23).store(to: output)
            Int32x4.highHalves(columns01, columns23).store(to: output + outputStride)
        }
    }

    /// One row against a block of four columns, its sixteen bytes as the operand: tiles against the
    /// columns' low halves (first row: the row's low half times them) and high halves (second row:
    /// its high half times them).
    @usableFromInline
    struct LoneRow {
        var low01 = Int32x4.zero, low23 = Int32x4.zero, high01 = Int32x4.zero, high23 = Int32x4.zero

        @inline(__always) @usableFromInline
        init() {}

        /// Sixteen `k` of the row against the block's sixty-four packed bytes at `weights`.
        @inline(__always) @usableFromInline
        mutating func accumulate(_ x: Int8x16, _ weights: UnsafeRawPointer) {
            low01 = Int8x16.matrixMultiplyAccumulate(low01, x, Int8x16(loading: weights))
            low23 = Int8x16.matrixMultiplyAccumulate(low23, x, Int8x16(loading: weights + 16))
            high01 = Int8x16.matrixMultiplyAccumulate(high01, x, Int8x16(loading: weights + 32))
            high23 = Int8x16.matrixMultiplyAccumulate(high23, x, Int8x16(loading: weights + 48))
        }

        /// The row's four values: the low halves' first rows plus the high halves' second rows.
        @inline(__always) @usableFromInline
        var values: Int32x4 { Int32x4.lowHalves(low01, low23) &+ Int32x4.highHalves(high01, high23) }
    }
}
#endif
