#if arch(x86_64)
import Builtin
import EdgeVectorKernels

/// Convolution products with AVX-512 VNNI on a layout of their own: sixteen columns side by side,
/// four `k` per lane. A packed group (`[16 columns][4 k]`, 64 bytes) is one `zmm`; a row's four
/// bytes broadcast to all sixteen lanes (their top bits flipped: `vpdpbusd` reads them unsigned,
/// `a + 128`, as ``Int8MultiplyVNNI`` does) meet all sixteen columns in one `vpdpbusd`, and each lane
/// ends holding its column's whole sum: no horizontal sums, and a depth padded to the sixteen-byte
/// granule only (the rows keep ``Int8Multiply``'s granule, so im2col rows and the window tables are
/// shared with the other families). Up to four blocks of sixteen columns share each broadcast.
public enum Int8MultiplyVNNIColumns {
    /// Columns per packed block.
    public static let columnsPerBlock = 16

    /// Whether this layout beats ``Int8Multiply``'s for `columns` columns of `paddedDepth` bytes.
    /// It broadcasts a row's bytes four at a time instead of sixteen, and a block is sixteen columns
    /// wide, so one block costs more per product (per tile of three rows, about 40 instructions per
    /// sixteen bytes of depth against 28 for two pairs of four-column blocks); but it has no
    /// horizontal sums at the end of a tile (about 60 instructions with four blocks of four, what a
    /// shallow depth is dominated by) and shares each broadcast with up to four blocks. So: more than
    /// sixteen columns, or thirteen to sixteen over at most 80 bytes; never eight or fewer, which
    /// would leave half its lanes empty.
    public static func suits(columns: Int, paddedDepth: Int) -> Bool { columns > 16 || (columns > 12 && paddedDepth <= 80) }

    /// Bytes of `B` packed: columns rounded up to sixteen, depth to ``Int8Multiply/depthGranule``.
    public static func packedBytes(columns: Int, depth: Int) -> Int {
        (columns + columnsPerBlock - 1) / columnsPerBlock * columnsPerBlock * Int8Multiply.paddedDepth(depth)
    }

    /// Packs `columns` rows of `depth` bytes (row `n` at `source + n·depth`) into
    /// `[block of 16 columns][k / 4][16 columns][4 k]`, zero past the last column and the last `k`.
    public static func pack(_ source: UnsafePointer<Int8>, columns: Int, depth: Int, into packed: UnsafeMutablePointer<Int8>) {
        pack(source, columns: columns, depth: depth, packedDepth: Int8Multiply.paddedDepth(depth), into: packed) { $0 }
    }

    /// Bytes of `B` packed over spans: columns rounded up to sixteen, ``Int8Multiply/spannedDepth(depth:span:)``.
    public static func packedBytes(columns: Int, depth: Int, span: Int) -> Int {
        (columns + columnsPerBlock - 1) / columnsPerBlock * columnsPerBlock * Int8Multiply.spannedDepth(depth: depth, span: span)
    }

    /// As ``pack(_:columns:depth:into:)``, but each run of `span` bytes of a row (a convolution's
    /// filter row, `Kw·Cin` bytes) starts a new group of four: the row's byte `k` goes to
    /// `k / span · Int8Multiply.paddedSpan(span) + k % span`, zero weights between. A product over windows with
    /// few input channels then reads each filter row of a window where it lies in the input, four
    /// bytes at a time (``multiply(rowCount:_:_:_:groupOffsets:_:_:groups:packed:columns:output:outputStride:)``).
    public static func pack(_ source: UnsafePointer<Int8>, columns: Int, depth: Int, span: Int, into packed: UnsafeMutablePointer<Int8>) {
        let padded = Int8Multiply.paddedSpan(span)
        pack(source, columns: columns, depth: depth, packedDepth: Int8Multiply.spannedDepth(depth: depth, span: span), into: packed) { k in
            k / span * padded + k % span
        }
    }

    static func pack(
        _ source: UnsafePointer<Int8>, columns: Int, depth: Int, packedDepth: Int, into packed: UnsafeMutablePointer<Int8>,
        position: (Int) -> Int
    ) {
        let blocks = (columns + columnsPerBlock - 1) / columnsPerBlock
        packed.initialize(repeating: 0, count: blocks * columnsPerBlock * packedDepth)
        for n in 0..<columns {
            let block = packed + n / columnsPerBlock * columnsPerBlock * packedDepth
            for k in 0..<depth {
                let at = position(k)
                block[(at / 4 * columnsPerBlock + n % columnsPerBlock) * 4 + at % 4] = source[n * depth + k]
            }
        }
    }

    /// Up to three rows of `C = (A + 128)·Bᵀ` over the first `columns` columns: row `r` of `A` at
    /// `rows.r`, `paddedDepth` bytes (bytes past the true depth meet zero weights); row `r` of `C`
    /// written at `output + r·outputStride`, exactly `columns` Int32 (none past them).
    @inline(never)
    public static func multiply(
        rowCount: Int, _ row0: UnsafePointer<Int8>, _ row1: UnsafePointer<Int8>, _ row2: UnsafePointer<Int8>,
        paddedDepth: Int, packed: UnsafePointer<Int8>, columns: Int, output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        multiply(
            rowCount: rowCount, ContiguousRow(row0), ContiguousRow(rowCount > 1 ? row1 : row0), ContiguousRow(rowCount > 2 ? row2 : row0),
            paddedDepth: paddedDepth, packed: packed, columns: columns, output: output, outputStride: outputStride)
    }

    /// As ``multiply(rowCount:_:_:_:paddedDepth:packed:columns:output:outputStride:)``, each row's
    /// sixteen bytes `j` at `row + offsets[j]` (windows read in place).
    @inline(never)
    public static func multiply(
        rowCount: Int, _ row0: UnsafePointer<Int8>, _ row1: UnsafePointer<Int8>, _ row2: UnsafePointer<Int8>,
        offsets offsets0: UnsafePointer<Int32>, _ offsets1: UnsafePointer<Int32>, _ offsets2: UnsafePointer<Int32>,
        paddedDepth: Int, packed: UnsafePointer<Int8>, columns: Int, output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        multiply(
            rowCount: rowCount, ScatteredRow(row0, offsets0), rowCount > 1 ? ScatteredRow(row1, offsets1) : ScatteredRow(row0, offsets0),
            rowCount > 2 ? ScatteredRow(row2, offsets2) : ScatteredRow(row0, offsets0), paddedDepth: paddedDepth, packed: packed,
            columns: columns, output: output, outputStride: outputStride)
    }

    /// As ``multiply(rowCount:_:_:_:paddedDepth:packed:columns:output:outputStride:)`` over a row of
    /// `groups` groups of four bytes, row `r`'s group `i` at `row + offsets[i]` (spans read in place,
    /// ``pack(_:columns:depth:span:into:)``), the packed depth `4·groups`.
    @inline(never)
    public static func multiply(
        rowCount: Int, _ row0: UnsafePointer<Int8>, _ row1: UnsafePointer<Int8>, _ row2: UnsafePointer<Int8>,
        groupOffsets offsets0: UnsafePointer<Int32>, _ offsets1: UnsafePointer<Int32>, _ offsets2: UnsafePointer<Int32>,
        groups: Int, packed: UnsafePointer<Int8>, columns: Int, output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        let a0 = GroupedRow(row0, offsets0)
        let a1 = rowCount > 1 ? GroupedRow(row1, offsets1) : a0, a2 = rowCount > 2 ? GroupedRow(row2, offsets2) : a0
        let blocks = (columns + columnsPerBlock - 1) / columnsPerBlock
        var block = 0
        while block < blocks {
            let destination = output + block &* columnsPerBlock
            let remaining = columns &- block &* columnsPerBlock
            let weights = packed + block &* columnsPerBlock &* 4 &* groups
            switch blocks &- block {
            case 1: Tile<One>.run(rowCount, a0, a1, a2, groups: groups, weights, remaining, destination, outputStride)
            case 2: Tile<Two>.run(rowCount, a0, a1, a2, groups: groups, weights, remaining, destination, outputStride)
            case 3: Tile<Three>.run(rowCount, a0, a1, a2, groups: groups, weights, remaining, destination, outputStride)
            default: Tile<Four>.run(rowCount, a0, a1, a2, groups: groups, weights, remaining, destination, outputStride)
            }
            block &+= min(4, blocks &- block)
        }
    }

    /// `count` rows read over spans (as ``multiply(rowCount:_:_:_:groupOffsets:_:_:groups:packed:columns:output:outputStride:)``),
    /// row `i` at `first + i·rowStride`, every row's group `j` at `+ offsets[j]`; row `i` of `C` at
    /// `output + i·outputStride`. Up to sixteen columns take six rows at a time (six independent
    /// sums per weight load); the rest three.
    @inline(never)
    public static func multiplyRun(
        _ first: UnsafePointer<Int8>, rowStride: Int, count: Int, groupOffsets offsets: UnsafePointer<Int32>, groups: Int,
        packed: UnsafePointer<Int8>, columns: Int, output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        var row = 0
        if columns <= columnsPerBlock {
            while row &+ 6 <= count {
                SixRows.run(first + row &* rowStride, rowStride, offsets, groups, packed, columns, output + row &* outputStride, outputStride)
                row &+= 6
            }
        }
        while row < count {
            let start = first + row &* rowStride
            multiply(
                rowCount: min(3, count &- row), start, start + rowStride, start + 2 &* rowStride, groupOffsets: offsets, offsets, offsets,
                groups: groups, packed: packed, columns: columns, output: output + row &* outputStride, outputStride: outputStride)
            row &+= 3
        }
    }

    @inline(__always)
    static func multiply<Row: RowChunks>(
        rowCount: Int, _ a0: Row, _ a1: Row, _ a2: Row, paddedDepth: Int, packed: UnsafePointer<Int8>, columns: Int,
        output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        let blocks = (columns + columnsPerBlock - 1) / columnsPerBlock
        var block = 0
        while block < blocks {
            let destination = output + block &* columnsPerBlock
            let remaining = columns &- block &* columnsPerBlock
            let weights = packed + block &* columnsPerBlock &* paddedDepth
            switch blocks &- block {
            case 1: Tile<One>.run(rowCount, a0, a1, a2, paddedDepth, weights, remaining, destination, outputStride)
            case 2: Tile<Two>.run(rowCount, a0, a1, a2, paddedDepth, weights, remaining, destination, outputStride)
            case 3: Tile<Three>.run(rowCount, a0, a1, a2, paddedDepth, weights, remaining, destination, outputStride)
            default: Tile<Four>.run(rowCount, a0, a1, a2, paddedDepth, weights, remaining, destination, outputStride)
            }
            block &+= min(4, blocks &- block)
        }
    }
}

/// How many blocks of sixteen columns a tile holds (one to four), as a type so that each tile's
/// loops are unrolled.
@usableFromInline protocol BlockCount { static var value: Int { get } }
@usableFromInline enum One: BlockCount { @usableFromInline static var value: Int { 1 } }
@usableFromInline enum Two: BlockCount { @usableFromInline static var value: Int { 2 } }
@usableFromInline enum Three: BlockCount { @usableFromInline static var value: Int { 3 } }
@usableFromInline enum Four: BlockCount { @usableFromInline static var value: Int { 4 } }

/// Three rows against `Blocks.value` blocks of sixteen columns.
@usableFromInline
enum Tile<Blocks: BlockCount> {
    @inline(__always) @usableFromInline
    static func run<Row: RowChunks>(
        _ rowCount: Int, _ a0: Row, _ a1: Row, _ a2: Row, _ paddedDepth: Int, _ packed: UnsafePointer<Int8>, _ columns: Int,
        _ output: UnsafeMutablePointer<Int32>, _ outputStride: Int
    ) {
        let blockBytes = Int8MultiplyVNNIColumns.columnsPerBlock &* paddedDepth
        var c0 = (Int32x16.zero, Int32x16.zero, Int32x16.zero, Int32x16.zero)
        var c1 = c0, c2 = c0
        var weights = UnsafeRawPointer(packed)
        let chunks = paddedDepth / Int8Multiply.depthGranule
        var j = 0
        while j < chunks {
            let p0 = a0.chunk(j), p1 = a1.chunk(j), p2 = a2.chunk(j)
            var g = 0
            while g < 16 {
                let x0 = Int32x16(shiftedGroup: p0 + g), x1 = Int32x16(shiftedGroup: p1 + g), x2 = Int32x16(shiftedGroup: p2 + g)
                accumulateRows(Blocks.self, &c0, &c1, &c2, x0, x1, x2, weights: weights, blockBytes: blockBytes)
                weights += 64
                g &+= 4
            }
            j &+= 1
        }
        store(c0, count: columns, to: output)
        if rowCount > 1 { store(c1, count: columns, to: output + outputStride) }
        if rowCount > 2 { store(c2, count: columns, to: output + 2 &* outputStride) }
    }

    /// As the chunked `run`, over rows of `groups` groups of four bytes each wherever it lies.
    @inline(__always) @usableFromInline
    static func run(
        _ rowCount: Int, _ a0: GroupedRow, _ a1: GroupedRow, _ a2: GroupedRow, groups: Int, _ packed: UnsafePointer<Int8>, _ columns: Int,
        _ output: UnsafeMutablePointer<Int32>, _ outputStride: Int
    ) {
        let blockBytes = Int8MultiplyVNNIColumns.columnsPerBlock &* 4 &* groups
        var c0 = (Int32x16.zero, Int32x16.zero, Int32x16.zero, Int32x16.zero)
        var c1 = c0, c2 = c0
        var weights = UnsafeRawPointer(packed)
        var i = 0
        while i < groups {
            let x0 = Int32x16(shiftedGroup: a0.group(i)), x1 = Int32x16(shiftedGroup: a1.group(i)), x2 = Int32x16(shiftedGroup: a2.group(i))
            accumulateRows(Blocks.self, &c0, &c1, &c2, x0, x1, x2, weights: weights, blockBytes: blockBytes)
            weights += 64
            i &+= 1
        }
        store(c0, count: columns, to: output)
        if rowCount > 1 { store(c1, count: columns, to: output + outputStride) }
        if rowCount > 2 { store(c2, count: columns, to: output + 2 &* outputStride) }
    }

    /// The first `count` columns of the tile's blocks of one row.
    @inline(__always) @usableFromInline
    static func store(_ c: RowSums, count: Int, to output: UnsafeMutablePointer<Int32>) {
        let n = Blocks.value
        c.0.store(to: output, count: count)
        if n > 1 { c.1.store(to: output + 16, count: count &- 16) }
        if n > 2 { c.2.store(to: output + 32, count: count &- 32) }
        if n > 3 { c.3.store(to: output + 48, count: count &- 48) }
    }
}

/// Six rows `rowStride` apart against one block of sixteen columns, over groups of four bytes.
enum SixRows {
    @inline(__always)
    static func run(
        _ first: UnsafePointer<Int8>, _ rowStride: Int, _ offsets: UnsafePointer<Int32>, _ groups: Int, _ packed: UnsafePointer<Int8>,
        _ columns: Int, _ output: UnsafeMutablePointer<Int32>, _ outputStride: Int
    ) {
        var c0 = Int32x16.zero, c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0
        let base = UnsafeRawPointer(first)
        var weights = UnsafeRawPointer(packed)
        for i in 0..<groups {
            let p = base + Int(offsets[i])
            let w = Int32x16(loading: weights)
            c0 = c0.accumulating(Int32x16(shiftedGroup: p), w)
            c1 = c1.accumulating(Int32x16(shiftedGroup: p + rowStride), w)
            c2 = c2.accumulating(Int32x16(shiftedGroup: p + 2 &* rowStride), w)
            c3 = c3.accumulating(Int32x16(shiftedGroup: p + 3 &* rowStride), w)
            c4 = c4.accumulating(Int32x16(shiftedGroup: p + 4 &* rowStride), w)
            c5 = c5.accumulating(Int32x16(shiftedGroup: p + 5 &* rowStride), w)
            weights += 64
        }
        c0.store(to: output, count: columns)
        c1.store(to: output + outputStride, count: columns)
        c2.store(to: output + 2 &* outputStride, count: columns)
        c3.store(to: output + 3 &* outputStride, count: columns)
        c4.store(to: output + 4 &* outputStride, count: columns)
        c5.store(to: output + 5 &* outputStride, count: columns)
    }
}

/// A row in groups of four bytes at `start + offsets[i]`.
@usableFromInline
struct GroupedRow {
    let start: UnsafeRawPointer
    let offsets: UnsafePointer<Int32>
    @inline(__always) init(_ start: UnsafePointer<Int8>, _ offsets: UnsafePointer<Int32>) { (self.start, self.offsets) = (UnsafeRawPointer(start), offsets) }
    @inline(__always) @usableFromInline func group(_ i: Int) -> UnsafeRawPointer { start + Int(offsets[i]) }
}

extension Int32x16 {
    /// Four row bytes at `pointer` in all sixteen lanes (`vpbroadcastd`), each with its top bit
    /// flipped: the unsigned byte `a + 128`.
    @inline(__always) @usableFromInline
    init(shiftedGroup pointer: UnsafeRawPointer) {
        // The flip as a byte-wise add of 128 to the broadcast: LLVM makes it a load into a vector
        // register, an XOR there and a broadcast, where the XOR of the scalar word (the plain form)
        // cost a load, an XOR and a broadcast from a general register (two micro-ops) per group.
        let word = SIMD16<Int32>(repeating: pointer.loadUnaligned(as: Int32.self))._storage._value
        let flipped = Builtin.add_Vec64xInt8(Builtin.bitcast_Vec16xInt32_Vec64xInt8(word), SIMD64<Int8>(repeating: -128)._storage._value)
        value = Builtin.bitcast_Vec64xInt8_Vec16xInt32(flipped)
    }

    /// The first `min(count, 16)` lanes as Int32 at `output` (all sixteen in one store where they fit).
    @inline(__always) @usableFromInline
    func store(to output: UnsafeMutablePointer<Int32>, count: Int) {
        var lanes = SIMD16<Int32>()
        lanes._storage._value = value
        if count >= 16 {
            UnsafeMutableRawPointer(output).storeBytes(of: lanes, as: SIMD16<Int32>.self)
        } else {
            for i in 0..<max(0, count) { output[i] = lanes[i] }
        }
    }
}
#endif
