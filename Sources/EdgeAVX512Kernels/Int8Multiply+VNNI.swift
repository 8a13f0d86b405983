#if arch(x86_64)
import Builtin

/// ``Int8Multiply``'s products with AVX-512 VNNI (`vpdpbusd`, Cascade Lake, Ice Lake, Zen 4 and
/// later), on the same packed layout: a block's sixteen `k` of four columns are 64 contiguous bytes,
/// one `zmm`, and a row's sixteen bytes broadcast to the four 128-bit lanes meet all four columns in
/// one instruction; each broadcast serves up to four blocks. `vpdpbusd` multiplies unsigned bytes by signed bytes, so each row byte is taken
/// as `a + 128` (its top bit flipped): the results are `Σₖ (A[m][k] + 128)·B[n][k]`, and the caller
/// folds `−128·Σₖ B[n][k]` into its bias (``rowShift``). Products of at most 255·128 summed four at a
/// time cannot overflow a lane. Built as its own module (`-target-cpu cascadelake`) so that no
/// AVX-512 instruction reaches code that runs on CPUs without it.
public enum Int8MultiplyVNNI {
    /// What each row byte is offset by in the products.
    public static let rowShift: Int32 = 128

    /// Up to three rows of `C` over every column block of `packed` (``Int8Multiply``'s layout),
    /// as ``Int8Multiply/multiply(rowCount:_:_:_:paddedDepth:packed:blocks:output:outputStride:)``
    /// but with every row byte offset by ``rowShift``.
    @inline(never)
    public static func multiply(
        rowCount: Int, _ row0: UnsafePointer<Int8>, _ row1: UnsafePointer<Int8>, _ row2: UnsafePointer<Int8>,
        paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int,
        output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        if rowCount == 1 {
            multiplyOneRow(row0, paddedDepth: paddedDepth, packed: packed, blocks: blocks, output: output)
            return
        }
        multiply(
            rowCount: rowCount, ContiguousRow(row0), ContiguousRow(rowCount > 1 ? row1 : row0),
            ContiguousRow(rowCount > 2 ? row2 : row0), paddedDepth: paddedDepth, packed: packed, blocks: blocks,
            output: output, outputStride: outputStride)
    }

    /// As ``multiply(rowCount:_:_:_:paddedDepth:packed:blocks:output:outputStride:)``, but each row
    /// is read where it lies: its sixteen bytes `j` at `row + offsets[j]` (an indirect convolution:
    /// a window's taps in the input itself, no im2col copy).
    @inline(never)
    public static func multiply(
        rowCount: Int, _ row0: UnsafePointer<Int8>, _ row1: UnsafePointer<Int8>, _ row2: UnsafePointer<Int8>,
        offsets offsets0: UnsafePointer<Int32>, _ offsets1: UnsafePointer<Int32>, _ offsets2: UnsafePointer<Int32>,
        paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int,
        output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        multiply(
            rowCount: rowCount, ScatteredRow(row0, offsets0), rowCount > 1 ? ScatteredRow(row1, offsets1) : ScatteredRow(row0, offsets0),
            rowCount > 2 ? ScatteredRow(row2, offsets2) : ScatteredRow(row0, offsets0), paddedDepth: paddedDepth, packed: packed,
            blocks: blocks, output: output, outputStride: outputStride)
    }

    @inline(__always)
    static func multiply<Row: RowChunks>(
        rowCount: Int, _ a0: Row, _ a1: Row, _ a2: Row, paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int,
        output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        let blockBytes = paddedDepth &* 4
        var block = 0
        // Up to four blocks share each row's broadcast.
        while block < blocks {
            let weights = packed + block &* blockBytes
            let destination = output + block &* 4
            switch blocks &- block {
            case 1: BlockTile<One>.run(rowCount, a0, a1, a2, paddedDepth, weights, destination, outputStride)
            case 2: BlockTile<Two>.run(rowCount, a0, a1, a2, paddedDepth, weights, destination, outputStride)
            case 3: BlockTile<Three>.run(rowCount, a0, a1, a2, paddedDepth, weights, destination, outputStride)
            default: BlockTile<Four>.run(rowCount, a0, a1, a2, paddedDepth, weights, destination, outputStride)
            }
            block &+= min(4, blocks &- block)
        }
    }

    /// One row (FULLY_CONNECTED with one batch): four blocks at a time, one broadcast for all four.
    @inline(__always)
    static func multiplyOneRow(
        _ row: UnsafePointer<Int8>, paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int, output: UnsafeMutablePointer<Int32>
    ) {
        let blockBytes = paddedDepth &* 4
        var block = 0
        while block < blocks {
            let count = min(4, blocks &- block)
            // Blocks past the last are read again from the first of the group and not stored.
            let offsets = (0, count > 1 ? blockBytes : 0, count > 2 ? 2 &* blockBytes : 0, count > 3 ? 3 &* blockBytes : 0)
            var weights = UnsafeRawPointer(packed + block &* blockBytes)
            var c0 = Int32x16.zero, c1 = Int32x16.zero, c2 = Int32x16.zero, c3 = Int32x16.zero
            var k = 0
            while k < paddedDepth {
                let x = Int32x16(shiftedRow: row + k)
                c0 = c0.accumulating(x, Int32x16(loading: weights))
                c1 = c1.accumulating(x, Int32x16(loading: weights + offsets.1))
                c2 = c2.accumulating(x, Int32x16(loading: weights + offsets.2))
                c3 = c3.accumulating(x, Int32x16(loading: weights + offsets.3))
                weights += 64
                k &+= 16
            }
            let column = block &* 4
            Int32x16.storeColumnSums(c0, c1, pair: count > 1, to: output + column)
            if count > 2 { Int32x16.storeColumnSums(c2, c3, pair: count > 3, to: output + (column &+ 8)) }
            block &+= count
        }
    }
}

/// Three rows against `Blocks.value` packed blocks of four columns, each row's sixteen bytes
/// broadcast once for all of them.
@usableFromInline
enum BlockTile<Blocks: BlockCount> {
    @inline(__always) @usableFromInline
    static func run<Row: RowChunks>(
        _ rowCount: Int, _ a0: Row, _ a1: Row, _ a2: Row, _ paddedDepth: Int, _ packed: UnsafePointer<Int8>,
        _ output: UnsafeMutablePointer<Int32>, _ outputStride: Int
    ) {
        let blockBytes = paddedDepth &* 4
        var c0 = (Int32x16.zero, Int32x16.zero, Int32x16.zero, Int32x16.zero)
        var c1 = c0, c2 = c0
        var weights = UnsafeRawPointer(packed)
        let chunks = paddedDepth / 16
        var j = 0
        while j < chunks {
            let x0 = Int32x16(shiftedRow: a0.chunk(j)), x1 = Int32x16(shiftedRow: a1.chunk(j)), x2 = Int32x16(shiftedRow: a2.chunk(j))
            accumulateRows(Blocks.self, &c0, &c1, &c2, x0, x1, x2, weights: weights, blockBytes: blockBytes)
            weights += 64
            j &+= 1
        }
        store(c0, to: output)
        if rowCount > 1 { store(c1, to: output + outputStride) }
        if rowCount > 2 { store(c2, to: output + 2 &* outputStride) }
    }

    /// The tile's column totals of one row: four Int32 per block.
    @inline(__always) @usableFromInline
    static func store(_ c: RowSums, to output: UnsafeMutablePointer<Int32>) {
        let n = Blocks.value
        if n == 4 {
            Int32x16.storeColumnSums(c, to: output)
            return
        }
        Int32x16.storeColumnSums(c.0, c.1, pair: n > 1, to: output)
        if n > 2 { Int32x16.storeColumnSums(c.2, c.3, pair: n > 3, to: output + 8) }
    }
}

/// A tile's accumulators of one row: one per block (those past the tile's blocks unused).
@usableFromInline typealias RowSums = (Int32x16, Int32x16, Int32x16, Int32x16)

/// Three rows' broadcasts `x0`, `x1`, `x2` into their sums against `Blocks.value` blocks of
/// weights, `blockBytes` apart from `weights` on (both layouts' tiles).
@inline(__always) @usableFromInline
func accumulateRows<Blocks: BlockCount>(
    _: Blocks.Type, _ c0: inout RowSums, _ c1: inout RowSums, _ c2: inout RowSums, _ x0: Int32x16, _ x1: Int32x16, _ x2: Int32x16,
    weights: UnsafeRawPointer, blockBytes: Int
) {
    let n = Blocks.value
    let w0 = Int32x16(loading: weights)
    c0.0 = c0.0.accumulating(x0, w0); c1.0 = c1.0.accumulating(x1, w0); c2.0 = c2.0.accumulating(x2, w0)
    if n > 1 {
        let w1 = Int32x16(loading: weights + blockBytes)
        c0.1 = c0.1.accumulating(x0, w1); c1.1 = c1.1.accumulating(x1, w1); c2.1 = c2.1.accumulating(x2, w1)
    }
    if n > 2 {
        let w2 = Int32x16(loading: weights + 2 &* blockBytes)
        c0.2 = c0.2.accumulating(x0, w2); c1.2 = c1.2.accumulating(x1, w2); c2.2 = c2.2.accumulating(x2, w2)
    }
    if n > 3 {
        let w3 = Int32x16(loading: weights + 3 &* blockBytes)
        c0.3 = c0.3.accumulating(x0, w3); c1.3 = c1.3.accumulating(x1, w3); c2.3 = c2.3.accumulating(x2, w3)
    }
}

/// Where a row's sixteen bytes `j` are.
@usableFromInline
protocol RowChunks {
    func chunk(_ j: Int) -> UnsafeRawPointer
}

/// A row in one piece.
@usableFromInline
struct ContiguousRow: RowChunks {
    let start: UnsafeRawPointer
    @inline(__always) init(_ start: UnsafePointer<Int8>) { self.start = UnsafeRawPointer(start) }
    @inline(__always) @usableFromInline func chunk(_ j: Int) -> UnsafeRawPointer { start + j &* 16 }
}

/// A row in sixteen-byte pieces at `start + offsets[j]`.
@usableFromInline
struct ScatteredRow: RowChunks {
    let start: UnsafeRawPointer
    let offsets: UnsafePointer<Int32>
    @inline(__always) init(_ start: UnsafePointer<Int8>, _ offsets: UnsafePointer<Int32>) { (self.start, self.offsets) = (UnsafeRawPointer(start), offsets) }
    @inline(__always) @usableFromInline func chunk(_ j: Int) -> UnsafeRawPointer { start + Int(offsets[j]) }
}

/// What the products need of ``Int32x16``: a block's sums, four lanes per column (a four-column
/// block) or one (a sixteen-column block).
extension Int32x16 {
    /// Sixteen row bytes at `pointer` in every 128-bit lane (`vbroadcasti32x4`), each with its top
    /// bit flipped: the unsigned byte `a + 128`.
    @inline(__always) @usableFromInline
    init(shiftedRow pointer: UnsafeRawPointer) {
        let q = pointer.loadUnaligned(as: SIMD4<Int32>.self)
        let repeated = SIMD16<Int32>(q[0], q[1], q[2], q[3], q[0], q[1], q[2], q[3], q[0], q[1], q[2], q[3], q[0], q[1], q[2], q[3])
        let flip = SIMD16<Int32>(repeating: Int32(bitPattern: 0x8080_8080))
        value = Builtin.xor_Vec16xInt32(repeated._storage._value, flip._storage._value)
    }

    /// `self` plus, in each lane, the four products of unsigned bytes of `rows` and signed bytes
    /// of `weights` (`vpdpbusd`).
    @inline(__always) @usableFromInline
    func accumulating(_ rows: Int32x16, _ weights: Int32x16) -> Int32x16 {
        Int32x16(Builtin.int_x86_avx512_vpdpbusd_512(value, rows.value, weights.value))
    }

    /// The sixteen column totals of four blocks as Int32 at `output`: a transposing reduction in
    /// two-source permutes (`vpermt2d`) and adds, one store.
    @inline(__always) @usableFromInline
    static func storeColumnSums(_ c: RowSums, to output: UnsafeMutablePointer<Int32>) {
        func permute(_ a: Builtin.Vec16xInt32, _ b: Builtin.Vec16xInt32, _ index: (Int) -> Int32) -> Builtin.Vec16xInt32 {
            var lanes = SIMD16<Int32>()
            for i in 0..<16 { lanes[i] = index(i) }
            return Builtin.int_x86_avx512_vpermi2var_d_512(a, lanes._storage._value, b)
        }
        // Within each 128-bit lane k (column k of every block): pairs of partial sums, then pairs of those.
        let low32: (Int) -> Int32 = { i in Int32(i / 4 * 4 + (i % 4) / 2 + (i % 2) * 16) }
        let high32: (Int) -> Int32 = { i in Int32(i / 4 * 4 + 2 + (i % 4) / 2 + (i % 2) * 16) }
        let low64: (Int) -> Int32 = { i in Int32(i / 4 * 4 + i % 2 + (i % 4) / 2 * 16) }
        let high64: (Int) -> Int32 = { i in Int32(i / 4 * 4 + 2 + i % 2 + (i % 4) / 2 * 16) }
        let s01 = Builtin.add_Vec16xInt32(permute(c.0.value, c.1.value, low32), permute(c.0.value, c.1.value, high32))
        let s23 = Builtin.add_Vec16xInt32(permute(c.2.value, c.3.value, low32), permute(c.2.value, c.3.value, high32))
        // Lane k, position j: block j's column k; the output wants it at 4j + k.
        let t = Builtin.add_Vec16xInt32(permute(s01, s23, low64), permute(s01, s23, high64))
        var sums = SIMD16<Int32>()
        sums._storage._value = permute(t, t) { i in Int32(4 * (i % 4) + i / 4) }
        UnsafeMutableRawPointer(output).storeBytes(of: sums, as: SIMD16<Int32>.self)
    }

    /// The four column totals of `a` (and of `b` when `pair`) as Int32 at `output`.
    @inline(__always) @usableFromInline
    static func storeColumnSums(_ a: Int32x16, _ b: Int32x16, pair: Bool, to output: UnsafeMutablePointer<Int32>) {
        var x = SIMD16<Int32>(), y = SIMD16<Int32>()
        x._storage._value = a.value
        y._storage._value = b.value
        // Int32x16 4c…4c+3 hold column c: two rounds of pairwise sums over both blocks at once.
        let first = Builtin.int_x86_avx2_phadd_d(x.lowHalf._storage._value, x.highHalf._storage._value)
        let second = Builtin.int_x86_avx2_phadd_d(y.lowHalf._storage._value, y.highHalf._storage._value)
        var sums = SIMD8<Int32>()
        sums._storage._value = Builtin.int_x86_avx2_phadd_d(first, second)
        // sums = [a0, a2, b0, b2 | a1, a3, b1, b3]
        UnsafeMutableRawPointer(output).storeBytes(of: SIMD4(sums[0], sums[4], sums[1], sums[5]), as: SIMD4<Int32>.self)
        if pair { UnsafeMutableRawPointer(output + 4).storeBytes(of: SIMD4(sums[2], sums[6], sums[3], sums[7]), as: SIMD4<Int32>.self) }
    }
}
#endif
