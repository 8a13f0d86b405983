/// Whether a GEMM operand is read as stored or transposed.
public enum MatrixLayout: Sendable {
    /// The operand is used as stored (row-major).
    case normal
    /// The operand is the transpose of what is stored.
    case transposed
}

/// A blocked single-precision GEMM: `C = op(A) · op(B)` or `C += op(A) · op(B)`, all row-major.
///
/// The structure follows BLIS/GotoBLAS: `B` is packed into `kcBlock × 16` panels, `A` into
/// `6 × kcBlock` panels, and a register-blocked 6 × 16 micro-kernel keeps twelve 8-wide
/// accumulators in registers. Rows of `C` are split across the ``ThreadPool``; each element of `C`
/// is summed in the same order whatever the thread count, so results are reproducible.
///
/// Release builds of the package define `EDGE_DISTILL_FMA` and target the host CPU (Package.swift), so
/// the micro-kernel uses fused multiply-add; debug builds use a separate multiply and add, which is
/// portable and still vectorised.
public enum MatrixMultiplication {
    /// Rows of the micro-kernel.
    public static let microRows = 6
    /// Columns of the micro-kernel (one `SIMD16<Float>`).
    public static let microColumns = 16
    static let depthBlock = 256
    static let rowBlock = 72
    static let columnBlock = 3072

    /// Computes `C = op(A)·op(B)` (or adds it to `C` when `accumulate` is true).
    ///
    /// `op(A)` is `rows × depth` and `op(B)` is `depth × columns`; `leadingA`, `leadingB` and
    /// `leadingC` are the row strides of the matrices as stored.
    public static func multiply(
        rows: Int, columns: Int, depth: Int,
        a: UnsafePointer<Float>, layoutA: MatrixLayout = .normal, leadingA: Int,
        b: UnsafePointer<Float>, layoutB: MatrixLayout = .normal, leadingB: Int,
        c: UnsafeMutablePointer<Float>, leadingC: Int,
        accumulate: Bool = false, pool: ThreadPool? = .shared
    ) {
        guard rows > 0, columns > 0 else { return }
        if !accumulate {
            for row in 0..<rows { (c + row * leadingC).update(repeating: 0, count: columns) }
        }
        guard depth > 0 else { return }
        let context = Context(
            a: a, layoutA: layoutA, leadingA: leadingA, b: b, layoutB: layoutB, leadingB: leadingB,
            c: c, leadingC: leadingC)
        let flops = rows * columns * depth
        let threads = (pool == nil || flops < 200_000) ? 1 : pool!.threadCount
        let panelCountB = (min(columns, columnBlock) + microColumns - 1) / microColumns
        let packedB = UnsafeMutablePointer<SIMD16<Float>>.allocate(capacity: panelCountB * depthBlock)
        defer { packedB.deallocate() }
        let rowPanels = (rows + microRows - 1) / microRows
        var columnStart = 0
        while columnStart < columns {
            let columnCount = min(columnBlock, columns - columnStart)
            var depthStart = 0
            while depthStart < depth {
                let depthCount = min(depthBlock, depth - depthStart)
                let panels = (columnCount + microColumns - 1) / microColumns
                let packB = { (range: Range<Int>) in
                    for panel in range {
                        context.packB(
                            into: packedB + panel * depthCount, depthStart: depthStart, depthCount: depthCount,
                            columnStart: columnStart + panel * microColumns,
                            columnCount: min(microColumns, columnCount - panel * microColumns))
                    }
                }
                let compute = { (panelRange: Range<Int>) in
                    context.computeRows(
                        rowStart: panelRange.lowerBound * microRows,
                        rowEnd: min(rows, panelRange.upperBound * microRows),
                        columnStart: columnStart, columnCount: columnCount,
                        depthStart: depthStart, depthCount: depthCount, packedB: packedB)
                }
                if threads > 1, let pool {
                    pool.forEachRange(panels, minimumPerThread: 4, packB)
                    pool.forEachRange(rowPanels, compute)
                } else {
                    packB(0..<panels)
                    compute(0..<rowPanels)
                }
                depthStart += depthCount
            }
            columnStart += columnCount
        }
    }

    /// Multiplies two row-major tensors of rank 2 (or with the leading dimensions flattened).
    public static func multiply(
        _ a: Tensor, _ layoutA: MatrixLayout = .normal, _ b: Tensor, _ layoutB: MatrixLayout = .normal
    ) -> Tensor {
        let (aRows, aColumns) = (a.shape[0], a.count / max(a.shape[0], 1))
        let (bRows, bColumns) = (b.shape[0], b.count / max(b.shape[0], 1))
        let (rows, depth) = layoutA == .normal ? (aRows, aColumns) : (aColumns, aRows)
        let (depthB, columns) = layoutB == .normal ? (bRows, bColumns) : (bColumns, bRows)
        precondition(depth == depthB, "GEMM depth mismatch: \(a.shape) vs \(b.shape)")
        var result = Tensor(shape: [rows, columns])
        a.scalars.withUnsafeBufferPointer { aBuffer in
            b.scalars.withUnsafeBufferPointer { bBuffer in
                result.scalars.withUnsafeMutableBufferPointer { cBuffer in
                    multiply(
                        rows: rows, columns: columns, depth: depth,
                        a: aBuffer.baseAddress!, layoutA: layoutA, leadingA: aColumns,
                        b: bBuffer.baseAddress!, layoutB: layoutB, leadingB: bColumns,
                        c: cBuffer.baseAddress!, leadingC: columns)
                }
            }
        }
        return result
    }

    /// The textbook triple loop, for tests.
    public static func naiveMultiply(
        _ a: Tensor, _ layoutA: MatrixLayout = .normal, _ b: Tensor, _ layoutB: MatrixLayout = .normal
    ) -> Tensor {
        let (aRows, aColumns) = (a.shape[0], a.count / max(a.shape[0], 1))
        let (bRows, bColumns) = (b.shape[0], b.count / max(b.shape[0], 1))
        let (rows, depth) = layoutA == .normal ? (aRows, aColumns) : (aColumns, aRows)
        let columns = layoutB == .normal ? bColumns : bRows
        var result = Tensor(shape: [rows, columns])
        for i in 0..<rows {
            for j in 0..<columns {
                var sum: Double = 0
                for p in 0..<depth {
                    let x = layoutA == .normal ? a.scalars[i * aColumns + p] : a.scalars[p * aColumns + i]
                    let y = layoutB == .normal ? b.scalars[p * bColumns + j] : b.scalars[j * bColumns + p]
                    sum += Double(x) * Double(y)
                }
                result.scalars[i * columns + j] = Float(sum)
            }
        }
        return result
    }

    private struct Context: @unchecked Sendable {
        let a: UnsafePointer<Float>
        let layoutA: MatrixLayout
        let leadingA: Int
        let b: UnsafePointer<Float>
        let layoutB: MatrixLayout
        let leadingB: Int
        let c: UnsafeMutablePointer<Float>
        let leadingC: Int

        /// Packs `depthCount × 16` of B (zero-padded past `columnCount`) as one vector per depth step.
        func packB(
            into destination: UnsafeMutablePointer<SIMD16<Float>>, depthStart: Int, depthCount: Int,
            columnStart: Int, columnCount: Int
        ) {
            if layoutB == .normal && columnCount == 16 {
                for p in 0..<depthCount {
                    let source = UnsafeRawPointer(b + (depthStart + p) * leadingB + columnStart)
                    destination[p] = source.loadUnaligned(as: SIMD16<Float>.self)
                }
                return
            }
            let scalars = UnsafeMutableRawPointer(destination).assumingMemoryBound(to: Float.self)
            if layoutB == .transposed {
                for j in 0..<16 {
                    if j < columnCount {
                        let source = b + (columnStart + j) * leadingB + depthStart
                        for p in 0..<depthCount { scalars[p * 16 + j] = source[p] }
                    } else {
                        for p in 0..<depthCount { scalars[p * 16 + j] = 0 }
                    }
                }
            } else {
                for p in 0..<depthCount {
                    let source = b + (depthStart + p) * leadingB + columnStart
                    for j in 0..<16 { scalars[p * 16 + j] = j < columnCount ? source[j] : 0 }
                }
            }
        }

        /// Packs rows `rowStart..<rowStart+rowCount` of A into 6-row panels, depth-major.
        func packA(
            into destination: UnsafeMutablePointer<Float>, rowStart: Int, rowCount: Int,
            depthStart: Int, depthCount: Int
        ) {
            let panels = (rowCount + 5) / 6
            for panel in 0..<panels {
                let panelDestination = destination + panel * 6 * depthCount
                let panelRows = min(6, rowCount - panel * 6)
                let firstRow = rowStart + panel * 6
                if layoutA == .normal {
                    for r in 0..<6 {
                        if r < panelRows {
                            let source = a + (firstRow + r) * leadingA + depthStart
                            for p in 0..<depthCount { panelDestination[p * 6 + r] = source[p] }
                        } else {
                            for p in 0..<depthCount { panelDestination[p * 6 + r] = 0 }
                        }
                    }
                } else {
                    for p in 0..<depthCount {
                        let source = a + (depthStart + p) * leadingA + firstRow
                        for r in 0..<6 { panelDestination[p * 6 + r] = r < panelRows ? source[r] : 0 }
                    }
                }
            }
        }

        func computeRows(
            rowStart: Int, rowEnd: Int, columnStart: Int, columnCount: Int,
            depthStart: Int, depthCount: Int, packedB: UnsafeMutablePointer<SIMD16<Float>>
        ) {
            let blockCapacity = MatrixMultiplication.rowBlock * MatrixMultiplication.depthBlock
            let packedA = UnsafeMutablePointer<Float>.allocate(capacity: blockCapacity)
            defer { packedA.deallocate() }
            var blockStart = rowStart
            while blockStart < rowEnd {
                let blockRows = min(MatrixMultiplication.rowBlock, rowEnd - blockStart)
                packA(into: packedA, rowStart: blockStart, rowCount: blockRows, depthStart: depthStart, depthCount: depthCount)
                let panels = (columnCount + 15) / 16
                for panel in 0..<panels {
                    let panelColumns = min(16, columnCount - panel * 16)
                    let bPanel = packedB + panel * depthCount
                    var rowPanel = 0
                    while rowPanel * 6 < blockRows {
                        let panelRows = min(6, blockRows - rowPanel * 6)
                        microKernel(
                            depthCount: depthCount, a: packedA + rowPanel * 6 * depthCount, b: bPanel,
                            c: c + (blockStart + rowPanel * 6) * leadingC + columnStart + panel * 16,
                            rows: panelRows, columns: panelColumns)
                        rowPanel += 1
                    }
                }
                blockStart += blockRows
            }
        }

        @inline(__always)
        func microKernel(
            depthCount: Int, a: UnsafePointer<Float>, b: UnsafePointer<SIMD16<Float>>,
            c: UnsafeMutablePointer<Float>, rows: Int, columns: Int
        ) {
            var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>()
            var c3 = SIMD16<Float>(), c4 = SIMD16<Float>(), c5 = SIMD16<Float>()
            var aPointer = a
            for p in 0..<depthCount {
                let bVector = b[p]
                #if EDGE_DISTILL_FMA
                c0.addProduct(SIMD16(repeating: aPointer[0]), bVector)
                c1.addProduct(SIMD16(repeating: aPointer[1]), bVector)
                c2.addProduct(SIMD16(repeating: aPointer[2]), bVector)
                c3.addProduct(SIMD16(repeating: aPointer[3]), bVector)
                c4.addProduct(SIMD16(repeating: aPointer[4]), bVector)
                c5.addProduct(SIMD16(repeating: aPointer[5]), bVector)
                #else
                c0 += aPointer[0] * bVector
                c1 += aPointer[1] * bVector
                c2 += aPointer[2] * bVector
                c3 += aPointer[3] * bVector
                c4 += aPointer[4] * bVector
                c5 += aPointer[5] * bVector
                #endif
                aPointer += 6
            }
            if columns == 16 {
                let accumulators = (c0, c1, c2, c3, c4, c5)
                withUnsafeBytes(of: accumulators) { raw in
                    for r in 0..<rows {
                        let row = UnsafeMutableRawPointer(c + r * leadingC)
                        let sum = row.loadUnaligned(as: SIMD16<Float>.self) + raw.load(fromByteOffset: r * 64, as: SIMD16<Float>.self)
                        row.storeBytes(of: sum, as: SIMD16<Float>.self)
                    }
                }
            } else {
                let accumulators = [c0, c1, c2, c3, c4, c5]
                for r in 0..<rows {
                    for j in 0..<columns { c[r * leadingC + j] += accumulators[r][j] }
                }
            }
        }
    }
}
