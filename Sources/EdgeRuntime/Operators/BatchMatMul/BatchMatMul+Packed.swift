extension BatchMatMul {
    /// Arena bytes ``runPacked(words:lhs:rhs:output:scratch:)`` needs for a depth of `depth`: four
    /// right-hand columns as offset halfword pairs (``PackedWindows``), four columns gathered when
    /// they are not contiguous, and one left row gathered when it is not. The model writer plans it
    /// for every BATCH_MATMUL.
    public static func packedScratchBytes(depth: Int) -> Int {
        PackedWindows.byteCount(windowSize: depth) + (PackedWindows.pixels + 1) * depth
    }

    /// The same result as ``run(words:lhs:rhs:output:)``, bit for bit, shaped for the Armv7E-M DSP
    /// instructions (``HalfwordPairs``).
    ///
    /// Four columns of the right operand at a time are packed once as offset halfword pairs (gathered
    /// first when the depth is not their contiguous axis); every left row then reads its bytes four at
    /// a time and does eight dual multiply-accumulates, as ``Conv2D``'s packed kernel does with a
    /// filter. The left operand's offset comes in once per column:
    /// `Σ (l + lo)(r + ro) = Σ l·(r + ro) + lo·Σ (r + ro)` (wrapping, as the reference's sum does).
    /// A scratch buffer smaller than ``packedScratchBytes(depth:)`` uses the reference kernel.
    @_optimize(speed)
    public static func runPacked(
        words w: ParameterWords, lhs: UnsafePointer<Int8>, rhs: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>,
        scratch: UnsafeMutableRawBufferPointer
    ) {
        typealias Word = Parameters.Word
        let depth = Int(w[Word.depth])
        guard let scratchStart = scratch.baseAddress, scratch.count >= packedScratchBytes(depth: depth) else {
            run(words: w, lhs: lhs, rhs: rhs, output: output)
            return
        }
        let windows = PackedWindows(words: scratchStart.assumingMemoryBound(to: Int32.self))
        let staging = (scratchStart + PackedWindows.byteCount(windowSize: depth)).assumingMemoryBound(to: Int8.self)
        let rowStage = staging + PackedWindows.pixels &* depth
        let lhsOffset = w[Word.lhsOffset], rhsOffset = w[Word.rhsOffset], outputOffset = w[Word.outputOffset]
        let activation = ActivationRange(w, at: Word.activationMinimum.rawValue)
        let requantization = ChannelRequantization(multiplier: w[Word.multiplier], shift: w[Word.shift])
        let rows = Int(w[Word.rows]), columns = Int(w[Word.columns])
        let lhsRow = Int(w[Word.lhsRow]), lhsDepth = Int(w[Word.lhsDepth])
        let rhsDepth = Int(w[Word.rhsDepth]), rhsColumn = Int(w[Word.rhsColumn])

        // Column `j` of `right` as `depth` contiguous bytes: itself, or gathered into stage `k`.
        func column(_ right: UnsafePointer<Int8>, _ j: Int, _ k: Int) -> UnsafePointer<Int8> {
            let start = right + j &* rhsColumn
            if rhsDepth == 1 { return start }
            let stage = staging + k &* depth
            for d in 0..<depth { stage[d] = start[d &* rhsDepth] }
            return UnsafePointer(stage)
        }
        // `lo · Σ (r + ro)` over a column.
        func offsetTerm(_ values: UnsafePointer<Int8>) -> Int32 {
            var sum: Int32 = 0
            for d in 0..<depth { sum &+= Int32(values[d]) }
            return lhsOffset &* (sum &+ Int32(truncatingIfNeeded: depth) &* rhsOffset)
        }

        var out = output
        for b0 in 0..<Int(w[Word.batch0]) {
            for b1 in 0..<Int(w[Word.batch1]) {
                for b2 in 0..<Int(w[Word.batch2]) {
                    let left = lhs + (b0 &* Int(w[Word.lhsBatch0]) &+ b1 &* Int(w[Word.lhsBatch1]) &+ b2 &* Int(w[Word.lhsBatch2]))
                    let right = rhs + (b0 &* Int(w[Word.rhsBatch0]) &+ b1 &* Int(w[Word.rhsBatch1]) &+ b2 &* Int(w[Word.rhsBatch2]))
                    var j = 0
                    while j < columns {
                        // Four columns; past the last one, the last one again.
                        let c0 = column(right, j, 0), c1 = column(right, min(j &+ 1, columns &- 1), 1)
                        let c2 = column(right, min(j &+ 2, columns &- 1), 2), c3 = column(right, min(j &+ 3, columns &- 1), 3)
                        windows.pack((c0, c1, c2, c3), count: depth, inputOffset: rhsOffset, atValue: 0)
                        let starts = (offsetTerm(c0), offsetTerm(c1), offsetTerm(c2), offsetTerm(c3))
                        let valid = min(4, columns &- j)
                        var row = out + j
                        for i in 0..<rows {
                            var values = left + i &* lhsRow
                            if lhsDepth != 1 {
                                for d in 0..<depth { rowStage[d] = values[d &* lhsDepth] }
                                values = UnsafePointer(rowStage)
                            }
                            var (a0, a1, a2, a3) = starts
                            windows.multiplyAccumulate(values, count: depth, &a0, &a1, &a2, &a3)
                            row[0] = requantization.output(a0, offset: outputOffset, activation: activation)
                            if valid > 1 { row[1] = requantization.output(a1, offset: outputOffset, activation: activation) }
                            if valid > 2 { row[2] = requantization.output(a2, offset: outputOffset, activation: activation) }
                            if valid > 3 { row[3] = requantization.output(a3, offset: outputOffset, activation: activation) }
                            row += columns
                        }
                        j &+= 4
                    }
                    out += rows &* columns
                }
            }
        }
    }
}
