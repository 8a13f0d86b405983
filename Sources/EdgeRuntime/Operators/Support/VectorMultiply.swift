#if arch(x86_64) || arch(arm64)
import EdgeVectorKernels
#if arch(x86_64)
import EdgeAVX512Kernels
#endif

/// Three values of a tile's rows (``Int8Multiply/rowsPerTile``), set one by one as a tile is gathered.
struct TileRows<Element> {
    var row0: Element, row1: Element, row2: Element

    /// All three `value`.
    @inline(__always)
    init(repeating value: Element) { (row0, row1, row2) = (value, value, value) }

    @inline(__always)
    init(_ row0: Element, _ row1: Element, _ row2: Element) { (self.row0, self.row1, self.row2) = (row0, row1, row2) }

    /// Row `r`, 0, 1 or 2.
    @inline(__always)
    subscript(r: Int) -> Element {
        get { r == 0 ? row0 : r == 1 ? row1 : row2 }
        set {
            switch r {
            case 0: row0 = newValue
            case 1: row1 = newValue
            default: row2 = newValue
            }
        }
    }
}

extension KernelVariant {
    /// How this family's matrix products want their columns packed (``Int8Multiply/Layout``): in
    /// pairs for `smmla`, else column by column.
    var packedLayout: Int8Multiply.Layout { self == .arm64MatrixMultiply ? .columnPairs : .columns }

    /// Up to three rows of a matrix product against columns packed in ``packedLayout`` (``Int8Multiply``),
    /// by this family's kernel: `vpmaddwd` on x86-64, `smull`/`sadalp`, `sdot` or `smmla` on AArch64.
    @inline(__always)
    func multiply(
        rowCount: Int, _ rows: TileRows<UnsafePointer<Int8>>,
        paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int, output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        let (row0, row1, row2) = (rows.row0, rows.row1, rows.row2)
        #if arch(arm64) && EDGE_AARCH64_I8MM
        if self == .arm64MatrixMultiply {
            Int8Multiply.multiplyWithMatrixMultiply(
                rowCount: rowCount, row0, row1, row2, paddedDepth: paddedDepth, packed: packed, blocks: blocks, output: output,
                outputStride: outputStride)
            return
        }
        #endif
        #if arch(arm64) && EDGE_AARCH64_DOT
        if self == .arm64DotProduct {
            Int8Multiply.multiplyWithDotProduct(
                rowCount: rowCount, row0, row1, row2, paddedDepth: paddedDepth, packed: packed, blocks: blocks, output: output,
                outputStride: outputStride)
            return
        }
        #endif
        Int8Multiply.multiply(
            rowCount: rowCount, row0, row1, row2, paddedDepth: paddedDepth, packed: packed, blocks: blocks, output: output,
            outputStride: outputStride)
    }

    /// What ``multiplyShiftedRows(rowCount:_:paddedDepth:packed:blocks:output:outputStride:)`` adds
    /// to every row byte: 128 for AVX-512 VNNI (`vpdpbusd` reads rows as unsigned bytes), else 0.
    var rowShift: Int32 {
        #if arch(x86_64)
        if self == .x86AVX512VNNI { return Int8MultiplyVNNI.rowShift }
        #endif
        return 0
    }

    /// `C[m][n] = Σₖ (A[m][k] + rowShift)·B[n][k]`: the product for callers that fold a constant
    /// per column into their bias anyway (`inputOffset·Σ w`, here `(inputOffset − rowShift)·Σ w`),
    /// so the variant may take the rows as unsigned bytes. Convolutions, transposed convolutions and
    /// dense layers use it; BATCH_MATMUL, whose columns change every run, takes ``multiply``.
    @inline(__always)
    func multiplyShiftedRows(
        rowCount: Int, _ rows: TileRows<UnsafePointer<Int8>>,
        paddedDepth: Int, packed: UnsafePointer<Int8>, blocks: Int, output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        #if arch(x86_64)
        if self == .x86AVX512VNNI {
            Int8MultiplyVNNI.multiply(
                rowCount: rowCount, rows.row0, rows.row1, rows.row2, paddedDepth: paddedDepth, packed: packed, blocks: blocks,
                output: output, outputStride: outputStride)
            return
        }
        #endif
        multiply(rowCount: rowCount, rows, paddedDepth: paddedDepth, packed: packed, blocks: blocks, output: output, outputStride: outputStride)
    }

    /// Whether this family runs the AVX-512 kernels (sixteen and thirty-two lanes) where it has them.
    var usesAVX512: Bool {
        #if arch(x86_64)
        return self == .x86AVX512VNNI
        #else
        return false
        #endif
    }

    /// ``VectorRequantize``'s requantization of `groups` of eight channels: sixteen lanes at a time
    /// with AVX-512 (``VectorRequantizeAVX512``), else eight.
    @inline(__always)
    func requantize(
        _ accumulators: UnsafePointer<Int32>, accumulatorStride: Int, rows: Int, channels: VectorRequantize.Channels, groups: Int,
        outputOffset: Int32, minimum: Int32, maximum: Int32, output: UnsafeMutablePointer<Int8>, outputStride: Int
    ) {
        #if arch(x86_64)
        if usesAVX512 {
            VectorRequantizeAVX512.requantize(
                accumulators, accumulatorStride: accumulatorStride, rows: rows, channels: channels, groups: groups,
                outputOffset: outputOffset, minimum: minimum, maximum: maximum, output: output, outputStride: outputStride)
            return
        }
        #endif
        VectorRequantize.requantize(
            accumulators, accumulatorStride: accumulatorStride, rows: rows, channels: channels, groups: groups,
            outputOffset: outputOffset, minimum: minimum, maximum: maximum, output: output, outputStride: outputStride)
    }

    /// ``VectorAdd``'s element-wise ADD of the first `count / 8 · 8` elements (sixteen lanes at a time
    /// with AVX-512, ``VectorAddAVX512``); returns how many it did.
    @inline(__always)
    func add(
        _ constants: VectorAdd.Constants, first: UnsafePointer<Int8>, second: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>,
        count: Int
    ) -> Int {
        #if arch(x86_64)
        if usesAVX512 { return VectorAddAVX512.run(constants, first: first, second: second, output: output, count: count) }
        #endif
        return VectorAdd.run(constants, first: first, second: second, output: output, count: count)
    }

    /// Whether this family's convolutions read windows in place (in sixteen-byte pieces from the
    /// input, ``Conv2D/WindowOffsets``): AVX-512 VNNI.
    var readsScatteredRows: Bool { usesAVX512 }

    /// Whether this family packs a convolution filter of `columns` output channels of `depth` bytes
    /// sixteen columns side by side (``Int8MultiplyVNNIColumns``) rather than in blocks of four
    /// (``Int8Multiply``): with AVX-512 VNNI, where that layout is the faster one.
    func packsSixteenColumns(columns: Int, depth: Int) -> Bool {
        #if arch(x86_64)
        return usesAVX512 && Int8MultiplyVNNIColumns.suits(columns: columns, paddedDepth: Int8Multiply.paddedDepth(depth))
        #else
        return false
        #endif
    }

    /// Bytes of a convolution filter of `columns` output channels of `depth` bytes, packed for this family.
    func convolutionPackedBytes(columns: Int, depth: Int) -> Int {
        #if arch(x86_64)
        if packsSixteenColumns(columns: columns, depth: depth) { return Int8MultiplyVNNIColumns.packedBytes(columns: columns, depth: depth) }
        #endif
        return Int8Multiply.packedBytes(columns: columns, depth: depth)
    }

    /// Packs a convolution filter (`columns` rows of `depth` bytes) into this family's layout.
    func packConvolutionFilter(_ filter: UnsafePointer<Int8>, columns: Int, depth: Int, into packed: UnsafeMutablePointer<Int8>) {
        #if arch(x86_64)
        if packsSixteenColumns(columns: columns, depth: depth) {
            Int8MultiplyVNNIColumns.pack(filter, columns: columns, depth: depth, into: packed)
            return
        }
        #endif
        Int8Multiply.pack(filter, columns: columns, depth: depth, layout: packedLayout, into: packed)
    }

    /// Whether this family reads the windows of a convolution over few input channels (fewer than a
    /// sixteen-byte piece per tap, so no ``readsScatteredRows``) in place, filter row by filter row:
    /// each filter row's `Kw·Cin` bytes (a span) padded to whole groups of four, the filter packed to
    /// match (``Int8MultiplyVNNIColumns/pack(_:columns:depth:span:into:)``). AVX-512 VNNI.
    var readsSpannedRows: Bool { usesAVX512 }

    /// Bytes of a convolution filter of `columns` channels of `depth` bytes packed over spans of `span`
    /// bytes (only where ``readsSpannedRows``).
    func spannedPackedBytes(columns: Int, depth: Int, span: Int) -> Int {
        #if arch(x86_64)
        return Int8MultiplyVNNIColumns.packedBytes(columns: columns, depth: depth, span: span)
        #else
        preconditionFailure("spanned rows are read with AVX-512 VNNI only")
        #endif
    }

    /// Packs a convolution filter over spans of `span` bytes (only where ``readsSpannedRows``).
    func packSpannedFilter(_ filter: UnsafePointer<Int8>, columns: Int, depth: Int, span: Int, into packed: UnsafeMutablePointer<Int8>) {
        #if arch(x86_64)
        Int8MultiplyVNNIColumns.pack(filter, columns: columns, depth: depth, span: span, into: packed)
        #else
        preconditionFailure("spanned rows are read with AVX-512 VNNI only")
        #endif
    }

    /// A convolution's product of up to three rows of `groups` groups of four bytes, row `r`'s group
    /// `i` at `rows[r] + offsets[r][i]`, against a filter packed over spans (only where ``readsSpannedRows``).
    @inline(__always)
    func multiplySpannedRows(
        rowCount: Int, _ rows: TileRows<UnsafePointer<Int8>>, offsets: TileRows<UnsafePointer<Int32>>, groups: Int,
        packed: UnsafePointer<Int8>, columns: Int, output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        #if arch(x86_64)
        Int8MultiplyVNNIColumns.multiply(
            rowCount: rowCount, rows.row0, rows.row1, rows.row2, groupOffsets: offsets.row0, offsets.row1, offsets.row2,
            groups: groups, packed: packed, columns: columns, output: output, outputStride: outputStride)
        #else
        preconditionFailure("spanned rows are read with AVX-512 VNNI only")
        #endif
    }

    /// `count` rows read over spans, row `i` at `first + i·rowStride`, its group `j` at `+ offsets[j]`
    /// (only where ``readsSpannedRows``): ``Int8MultiplyVNNIColumns/multiplyRun(_:rowStride:count:groupOffsets:groups:packed:columns:output:outputStride:)``.
    @inline(__always)
    func multiplySpannedRun(
        _ first: UnsafePointer<Int8>, rowStride: Int, count: Int, offsets: UnsafePointer<Int32>, groups: Int,
        packed: UnsafePointer<Int8>, columns: Int, output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        #if arch(x86_64)
        Int8MultiplyVNNIColumns.multiplyRun(
            first, rowStride: rowStride, count: count, groupOffsets: offsets, groups: groups, packed: packed, columns: columns,
            output: output, outputStride: outputStride)
        #else
        preconditionFailure("spanned rows are read with AVX-512 VNNI only")
        #endif
    }

    /// A convolution's product of up to three rows against its packed filter (`C[m][n] = Σₖ (A[m][k]
    /// + rowShift)·B[n][k]`, ``multiplyShiftedRows(rowCount:_:paddedDepth:packed:blocks:output:outputStride:)``),
    /// row `r` of `C` at `output + r·outputStride` (`columns` values, or whole blocks of four).
    /// `offsets`, only where ``readsScatteredRows``: row `r`'s sixteen bytes `j` are at `rows[r] + offsets[r][j]`.
    @inline(__always)
    func multiplyConvolutionRows(
        rowCount: Int, _ rows: TileRows<UnsafePointer<Int8>>, offsets: TileRows<UnsafePointer<Int32>>?,
        paddedDepth: Int, packed: UnsafePointer<Int8>, columns: Int, output: UnsafeMutablePointer<Int32>, outputStride: Int
    ) {
        #if arch(x86_64)
        if packsSixteenColumns(columns: columns, depth: paddedDepth) {
            if let offsets {
                Int8MultiplyVNNIColumns.multiply(
                    rowCount: rowCount, rows.row0, rows.row1, rows.row2, offsets: offsets.row0, offsets.row1, offsets.row2,
                    paddedDepth: paddedDepth, packed: packed, columns: columns, output: output, outputStride: outputStride)
            } else {
                Int8MultiplyVNNIColumns.multiply(
                    rowCount: rowCount, rows.row0, rows.row1, rows.row2, paddedDepth: paddedDepth, packed: packed, columns: columns,
                    output: output, outputStride: outputStride)
            }
            return
        }
        if let offsets {
            Int8MultiplyVNNI.multiply(
                rowCount: rowCount, rows.row0, rows.row1, rows.row2, offsets: offsets.row0, offsets.row1, offsets.row2,
                paddedDepth: paddedDepth, packed: packed, blocks: (columns + 3) / 4, output: output, outputStride: outputStride)
            return
        }
        #endif
        multiplyShiftedRows(
            rowCount: rowCount, rows, paddedDepth: paddedDepth, packed: packed, blocks: (columns + 3) / 4, output: output,
            outputStride: outputStride)
    }
}
#endif
