#if arch(x86_64) || arch(arm64)
import EdgeVectorKernels

extension BatchMatMul {
    /// The AVX2 variant's workspace: nothing prepared (both operands are activations); while running,
    /// the right matrix packed for ``Int8Multiply`` with its column tables, three left rows and a
    /// 3-row accumulator tile.
    static func vectorNeed(_ op: OperatorRecord, in model: Model) -> WorkspaceLayout.Need? {
        let w = ParameterWords(op, in: model)
        let columns = Int(w[Parameters.Word.columns]), depth = Int(w[Parameters.Word.depth])
        return WorkspaceLayout.Need(prepared: 0, transient: VectorLayout(columns: columns, depth: depth).bytes)
    }

    /// Where the transient pieces lie, in order: the column tables, the packed right matrix, three
    /// left rows, the accumulator tile.
    struct VectorLayout {
        let columns: Int
        let depth: Int
        var paddedDepth: Int { Int8Multiply.paddedDepth(depth) }
        var tables: Int { 0 }
        var packed: Int { WorkspaceLayout.aligned(VectorChannels.bytes(channels: columns)) }
        var rows: Int { packed + WorkspaceLayout.aligned(Int8Multiply.packedBytes(columns: columns, depth: depth)) }
        var tile: Int { rows + WorkspaceLayout.aligned(3 * paddedDepth) }
        var bytes: Int { tile + 3 * 4 * VectorChannels.padded(columns) }
    }

    /// The same result as ``run(words:lhs:rhs:output:)``, bit for bit: per batch the right matrix is
    /// packed once (with `Σₖ rhs` per column), the left rows three at a time times it, and
    /// `Σ (l + a)(r + b) = Σ l·r + b·Σ l + a·Σ r + K·a·b` completed before requantizing.
    static func runVector(_ op: OperatorRecord, in interpreter: Interpreter, transient: UnsafeMutableRawPointer) {
        typealias Word = Parameters.Word
        let w = interpreter.parameters(op)
        let lhs = interpreter.int8(op.input(0)), rhs = interpreter.int8(op.input(1))
        var out = interpreter.mutableInt8(op.output(0))
        let lhsOffset = w[Word.lhsOffset], rhsOffset = w[Word.rhsOffset]
        let activation = ActivationRange(w, at: Word.activationMinimum.rawValue)
        let rowCount = Int(w[Word.rows]), columns = Int(w[Word.columns]), depth = Int(w[Word.depth])
        let lhsRow = Int(w[Word.lhsRow]), lhsDepth = Int(w[Word.lhsDepth])
        let rhsDepth = Int(w[Word.rhsDepth]), rhsColumn = Int(w[Word.rhsColumn])
        let layout = VectorLayout(columns: columns, depth: depth)
        let channels = VectorChannels(transient + layout.tables, channels: columns)
        let packed = (transient + layout.packed).assumingMemoryBound(to: Int8.self)
        let rows = (transient + layout.rows).assumingMemoryBound(to: Int8.self)
        let tile = (transient + layout.tile).assumingMemoryBound(to: Int32.self)
        let constant = Int32(truncatingIfNeeded: depth) &* lhsOffset &* rhsOffset
        for c in 0..<channels.paddedCount { channels.set(c, bias: 0, multiplier: w[Word.multiplier], shift: w[Word.shift]) }
        for b0 in 0..<Int(w[Word.batch0]) {
            for b1 in 0..<Int(w[Word.batch1]) {
                for b2 in 0..<Int(w[Word.batch2]) {
                    let left = lhs + (b0 &* Int(w[Word.lhsBatch0]) &+ b1 &* Int(w[Word.lhsBatch1]) &+ b2 &* Int(w[Word.lhsBatch2]))
                    let right = rhs + (b0 &* Int(w[Word.rhsBatch0]) &+ b1 &* Int(w[Word.rhsBatch1]) &+ b2 &* Int(w[Word.rhsBatch2]))
                    packRight(
                        right, depthStride: rhsDepth, columnStride: rhsColumn, columns: columns, depth: depth,
                        layout: interpreter.kernels.packedLayout, into: packed)
                    for j in 0..<columns {
                        var sum: Int32 = 0
                        for k in 0..<depth { sum &+= Int32(right[k &* rhsDepth &+ j &* rhsColumn]) }
                        channels.bias[j] = lhsOffset &* sum &+ constant
                    }
                    var i = 0
                    while i < rowCount {
                        let count = min(3, rowCount - i)
                        var sums = TileRows<Int32>(repeating: 0)
                        for r in 0..<count {
                            let row = rows + r &* layout.paddedDepth
                            var sum: Int32 = 0
                            for k in 0..<depth {
                                let value = left[(i &+ r) &* lhsRow &+ k &* lhsDepth]
                                row[k] = value
                                sum &+= Int32(value)
                            }
                            sums[r] = sum
                        }
                        interpreter.kernels.multiply(
                            rowCount: count, TileRows(rows, rows + layout.paddedDepth, rows + 2 &* layout.paddedDepth),
                            paddedDepth: layout.paddedDepth, packed: packed, blocks: (columns + 3) / 4,
                            output: tile, outputStride: channels.paddedCount)
                        for r in 0..<count {
                            let term = rhsOffset &* sums[r]
                            let row = tile + r &* channels.paddedCount
                            for j in 0..<columns { row[j] &+= term }
                        }
                        channels.requantize(
                            tile, accumulatorStride: channels.paddedCount, rows: count, count: columns,
                            outputOffset: w[Word.outputOffset], activation: activation, output: out, kernels: interpreter.kernels)
                        out += count &* columns
                        i &+= count
                    }
                }
            }
        }
    }

    /// The `K×J` right matrix (strided) as ``Int8Multiply/pack(_:columns:depth:layout:into:)`` lays out
    /// `J` rows of `K`, zero-filled.
    static func packRight(
        _ right: UnsafePointer<Int8>, depthStride: Int, columnStride: Int, columns: Int, depth: Int, layout: Int8Multiply.Layout,
        into packed: UnsafeMutablePointer<Int8>
    ) {
        let padded = Int8Multiply.paddedDepth(depth)
        packed.update(repeating: 0, count: Int8Multiply.packedBytes(columns: columns, depth: depth))
        for j in 0..<columns {
            let column = packed + layout.columnStart(j, paddedDepth: padded)
            for k in 0..<depth { column[layout.depthOffset(k)] = right[k &* depthStride &+ j &* columnStride] }
        }
    }
}
#endif
