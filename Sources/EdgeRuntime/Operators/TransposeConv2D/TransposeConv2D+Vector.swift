#if arch(x86_64) || arch(arm64)
import EdgeVectorKernels

extension TransposeConv2D {
    /// The output positions with the same residues modulo the strides take the same filter taps:
    /// class `(ry, rx)` takes the taps `fy ≡ ry`, `fx ≡ rx` (residues of `y + padTop`, `x + padLeft`).
    /// Each class is a convolution with its own packed filter (`taps · Cin` deep) and its own tables.
    struct VectorClasses {
        let strideHeight: Int, strideWidth: Int
        let filterHeight: Int, filterWidth: Int
        let inputDepth: Int, channels: Int

        init(_ op: OperatorRecord, in model: Model) {
            let filter = model.tensor(op.input(1))
            let w = WindowGeometry(ParameterWords(op, in: model))
            (strideHeight, strideWidth) = (w.strideHeight, w.strideWidth)
            (filterHeight, filterWidth) = (filter.dimension(1), filter.dimension(2))
            (inputDepth, channels) = (filter.dimension(3), filter.dimension(0))
        }

        /// Taps `r, r + stride, …` below `extent`.
        func taps(_ residue: Int, stride: Int, extent: Int) -> Int { residue < extent ? (extent - 1 - residue) / stride + 1 : 0 }

        func depth(_ ry: Int, _ rx: Int) -> Int {
            taps(ry, stride: strideHeight, extent: filterHeight) * taps(rx, stride: strideWidth, extent: filterWidth) * inputDepth
        }

        /// Bytes of one class's block: tables, then the packed filter.
        func blockBytes(_ ry: Int, _ rx: Int) -> Int {
            WorkspaceLayout.aligned(VectorChannels.bytes(channels: channels) + Int8Multiply.packedBytes(columns: channels, depth: depth(ry, rx)))
        }

        /// Offset of class `(ry, rx)`'s block in the operator's prepared block.
        func offset(_ ry: Int, _ rx: Int) -> Int {
            var total = 0
            for y in 0..<strideHeight {
                for x in 0..<strideWidth {
                    if y == ry && x == rx { return total }
                    total += blockBytes(y, x)
                }
            }
            return total
        }

        var preparedBytes: Int { offset(strideHeight, 0) }

        var deepest: Int {
            Int8Multiply.paddedDepth(
                taps(0, stride: strideHeight, extent: filterHeight) * taps(0, stride: strideWidth, extent: filterWidth) * inputDepth)
        }
    }

    /// The AVX2 variant's workspace: per residue class its tables and packed filter; while running,
    /// three gathered rows and a tile of accumulator rows. `nil` where the input zero point does not
    /// fit the int8 padding value, or the strides make more than 64 classes.
    static func vectorNeed(_ op: OperatorRecord, in model: Model) -> WorkspaceLayout.Need? {
        let classes = VectorClasses(op, in: model)
        let p = Parameters(ParameterWords(op, in: model), channels: classes.channels)
        guard (-128...127).contains(-p.inputOffset), classes.strideHeight * classes.strideWidth <= 64 else { return nil }
        return WorkspaceLayout.Need(
            prepared: classes.preparedBytes,
            transient: WorkspaceLayout.aligned(3 * classes.deepest)
                + 4 * VectorChannels.padded(classes.channels) * VectorChannels.batchRows(channels: classes.channels, granule: 3))
    }

    /// Packs each class's taps of the filter (`[o][taps][Cin]`) and folds `bias + (inputOffset − rowShift)·Σ w`.
    static func prepareVector(_ op: OperatorRecord, in interpreter: Interpreter, into block: UnsafeMutableRawPointer) {
        let classes = VectorClasses(op, in: interpreter.model)
        let p = Parameters(interpreter.parameters(op), channels: classes.channels)
        let filter = interpreter.int8(op.input(1))
        let bias = interpreter.bias(op, 3)
        let depth = classes.inputDepth
        for ry in 0..<classes.strideHeight {
            for rx in 0..<classes.strideWidth {
                let classBlock = block + classes.offset(ry, rx)
                let tables = VectorChannels(classBlock, channels: classes.channels)
                let rows = classes.depth(ry, rx)
                let packed = (classBlock + tables.bytes).assumingMemoryBound(to: Int8.self)
                packed.update(repeating: 0, count: Int8Multiply.packedBytes(columns: classes.channels, depth: rows))
                let padded = Int8Multiply.paddedDepth(rows)
                let layout = interpreter.kernels.packedLayout
                for o in 0..<tables.paddedCount {
                    guard o < classes.channels else { tables.set(o, bias: 0, multiplier: 0, shift: 0); continue }
                    var k = 0, sum: Int32 = 0
                    var fy = ry
                    while fy < classes.filterHeight {
                        var fx = rx
                        while fx < classes.filterWidth {
                            let taps = filter + ((o * classes.filterHeight + fy) * classes.filterWidth + fx) * depth
                            for c in 0..<depth {
                                packed[layout.offset(column: o, k: k, paddedDepth: padded)] = taps[c]
                                sum &+= Int32(taps[c])
                                k += 1
                            }
                            fx += classes.strideWidth
                        }
                        fy += classes.strideHeight
                    }
                    let offset = p.inputOffset &- interpreter.kernels.rowShift
                    tables.set(o, bias: (bias?[o] ?? 0) &+ offset &* sum, multiplier: p.multipliers[o], shift: p.shifts[o])
                }
            }
        }
    }

    /// The same result as ``run(_:input:inputShape:filter:filterHeight:filterWidth:bias:output:outputShape:)``,
    /// bit for bit: per output row and width residue, the class's pixels three at a time gather their
    /// taps' input pixels (the zero point where a tap falls outside), times the class's packed filter,
    /// requantized into every `strideWidth`-th output pixel.
    static func runVector(_ op: OperatorRecord, in interpreter: Interpreter, prepared: UnsafeMutableRawPointer, transient: UnsafeMutableRawPointer) {
        let classes = VectorClasses(op, in: interpreter.model)
        let p = Parameters(interpreter.parameters(op), channels: classes.channels)
        let w = p.window
        let input = interpreter.int8(op.input(2))
        let inputShape = interpreter.shape4(op.input(2))
        let output = interpreter.mutableInt8(op.output(0))
        let outputShape = interpreter.shape4(op.output(0))
        let depth = classes.inputDepth, channelCount = classes.channels
        let rowsBuffer = transient.assumingMemoryBound(to: Int8.self)
        let rowBytes = classes.deepest
        let tile = (transient + WorkspaceLayout.aligned(3 * rowBytes)).assumingMemoryBound(to: Int32.self)
        let padding = Int8(truncatingIfNeeded: -p.inputOffset)
        let batchRows = VectorChannels.batchRows(channels: channelCount, granule: 3)
        for b in 0..<outputShape.batches {
            for y in 0..<outputShape.height {
                let ry = (y + w.padTop) % w.strideHeight
                for rx in 0..<w.strideWidth {
                    let classBlock = prepared + classes.offset(ry, rx)
                    let tables = VectorChannels(classBlock, channels: channelCount)
                    let packed = UnsafePointer((classBlock + tables.bytes).assumingMemoryBound(to: Int8.self))
                    let paddedDepth = Int8Multiply.paddedDepth(classes.depth(ry, rx))
                    // The first output column of this residue, then every strideWidth-th.
                    let firstX = (rx - w.padLeft % w.strideWidth + w.strideWidth) % w.strideWidth
                    guard firstX < outputShape.width else { continue }
                    let pixels = (outputShape.width - 1 - firstX) / w.strideWidth + 1
                    var m = 0, tileStart = 0
                    while m < pixels {
                        let count = min(3, pixels - m)
                        for r in 0..<count {
                            let x = firstX + (m + r) * w.strideWidth
                            var row = rowsBuffer + r * rowBytes
                            var fy = (y + w.padTop) % w.strideHeight
                            while fy < classes.filterHeight {
                                let ty = y + w.padTop - fy
                                let inY = ty / w.strideHeight
                                var fx = (x + w.padLeft) % w.strideWidth
                                while fx < classes.filterWidth {
                                    let tx = x + w.padLeft - fx
                                    let inX = tx / w.strideWidth
                                    if ty >= 0, tx >= 0, inY < inputShape.height, inX < inputShape.width {
                                        Conv2D.copy(input + inputShape.offset(b, inY, inX, 0), to: row, count: depth)
                                    } else {
                                        row.update(repeating: padding, count: depth)
                                    }
                                    row += depth
                                    fx += w.strideWidth
                                }
                                fy += w.strideHeight
                            }
                        }
                        interpreter.kernels.multiplyShiftedRows(
                            rowCount: count, TileRows(rowsBuffer, rowsBuffer + rowBytes, rowsBuffer + 2 * rowBytes), paddedDepth: paddedDepth,
                            packed: packed, blocks: (channelCount + 3) / 4, output: tile + (m - tileStart) * tables.paddedCount,
                            outputStride: tables.paddedCount)
                        m += count
                        if m - tileStart == batchRows || m == pixels {
                            tables.requantize(
                                tile, accumulatorStride: tables.paddedCount, rows: m - tileStart, count: channelCount,
                                outputOffset: p.outputOffset, activation: p.activation,
                                output: output + outputShape.offset(b, y, firstX + tileStart * w.strideWidth, 0),
                                outputStride: w.strideWidth * channelCount, kernels: interpreter.kernels)
                            tileStart = m
                        }
                    }
                }
            }
        }
    }
}
#endif
