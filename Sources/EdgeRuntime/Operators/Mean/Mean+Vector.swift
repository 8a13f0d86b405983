#if arch(x86_64) || arch(arm64)
extension Mean {
    /// The vector families' workspace where the innermost kept axis is contiguous in the input (a
    /// spatial mean over NHWC keeps the channels): while running, one Int32 sum per value of that
    /// axis. `nil` otherwise (the portable walk then runs).
    static func vectorNeed(_ op: OperatorRecord, in model: Model) -> WorkspaceLayout.Need? {
        let words = ParameterWords(op, in: model)
        let (inner, stride) = (words[Parameters.layoutWord + ReductionLayout.rank - 1], words[Parameters.layoutWord + 3 * ReductionLayout.rank - 1])
        guard stride == 1, inner > 1 else { return nil }
        return WorkspaceLayout.Need(prepared: 0, transient: 4 * Int(inner))
    }

    /// The same result as ``run(_:layout:input:output:)``, bit for bit, where the innermost kept
    /// axis is contiguous: for each position of the outer kept axes, every reduced value's row of
    /// that axis is added into `sums` (a contiguous loop LLVM vectorizes) instead of one output's
    /// values walked at a time across the rows; then each sum is requantized as there.
    static func runVector(
        _ p: Parameters, layout: UnsafePointer<Int32>, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>,
        sums: UnsafeMutablePointer<Int32>
    ) {
        let rank = ReductionLayout.rank
        let inner = Int(layout[rank - 1])
        let offset = p.inputZeroPoint &* p.reducedCount
        var index = 0
        // The outer kept axes: the output walk with the innermost axis taken whole.
        ReductionLayout.forEachOffset(dimensions: layout, strides: layout + 2 * rank, base: 0, wholeInnermost: true) { base in
            sums.update(repeating: 0, count: inner)
            ReductionLayout.forEachReduced(layout, base: base) { row in
                let values = input + row
                for c in 0..<inner { sums[c] &+= Int32(values[c]) }
            }
            for c in 0..<inner {
                let value = FixedPoint.multiplyByQuantizedMultiplier(sums[c] &- offset, p.multiplier, p.shift) &+ p.outputZeroPoint
                output[index &+ c] = Int8(truncatingIfNeeded: min(max(value, -128), 127))
            }
            index &+= inner
        }
    }
}
#endif
