/// How MEAN, SUM and REDUCE_MAX walk their input: the kept axes (in the input's order, which is the
/// output's row-major order) and the reduced axes, six of each with their element strides in the
/// input. Stored as 24 words: six kept dimensions, six reduced dimensions, then the twelve strides.
public enum ReductionLayout {
    /// Words of a layout.
    public static let wordCount = 24
    /// Dimensions on each side (kept, reduced).
    public static let rank = 6

    /// The layout for reducing an input of `shape` over `axes` (TFLite's: negative axes count from
    /// the end, repeats are ignored), and the number of values each output reduces; `nil` when an
    /// axis is out of range, there are more than six dimensions on a side after merging, or a
    /// dimension or stride does not fit a parameter word.
    public static func words(inputShape shape: [Int], axes: [Int]) -> (words: [Int32], reducedCount: Int)? {
        var reduced = Set<Int>()
        for axis in axes {
            let resolved = axis < 0 ? axis + shape.count : axis
            guard resolved >= 0, resolved < shape.count else { return nil }
            reduced.insert(resolved)
        }
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        // Merge an axis into the previous one of its side when they are contiguous in the input.
        func runs(_ keep: Bool) -> (dimensions: [Int], strides: [Int]) {
            var dimensions: [Int] = []
            var steps: [Int] = []
            var previous = -2
            for axis in shape.indices where reduced.contains(axis) != keep && shape[axis] > 1 {
                if previous == axis - 1, let last = steps.last, last == strides[axis] * shape[axis] {
                    dimensions[dimensions.count - 1] *= shape[axis]
                    steps[steps.count - 1] = strides[axis]
                } else {
                    dimensions.append(shape[axis])
                    steps.append(strides[axis])
                }
                previous = axis
            }
            return (dimensions, steps)
        }
        let kept = runs(true)
        let summed = runs(false)
        guard kept.dimensions.count <= rank, summed.dimensions.count <= rank else { return nil }
        func padded(_ values: [Int], _ filler: Int) -> [Int] {
            [Int](repeating: filler, count: rank - values.count) + values
        }
        let values = padded(kept.dimensions, 1) + padded(summed.dimensions, 1) + padded(kept.strides, 0) + padded(summed.strides, 0)
        var words: [Int32] = []
        for value in values {
            guard let word = Int32(exactly: value) else { return nil }
            words.append(word)
        }
        return (words, summed.dimensions.reduce(1, *))
    }

    /// Checks a layout at word `start`: positive dimensions, non-negative strides, kept dimensions
    /// whose product is the output's element count, every index inside the input, and the reduced
    /// count (when given, at word `count`) equal to the product of the reduced dimensions.
    static func validate(_ check: OperatorValidation, at start: Int, count: Int?, input: TensorRecord, output: TensorRecord) throws(ModelError) {
        var kept = 1
        var summed = 1
        for axis in 0..<(2 * rank) {
            try check.word(start + axis, in: 1...Int32.max)
            try check.word(start + 2 * rank + axis, in: 0...Int32.max)
            let (product, overflow) = (axis < rank ? kept : summed).multipliedReportingOverflow(by: Int(check.record.parameter(start + axis)))
            guard !overflow else { throw .invalidParameter(operator: check.index, word: start + axis) }
            if axis < rank { kept = product } else { summed = product }
        }
        guard kept == output.elementCount else { throw .invalidParameter(operator: check.index, word: start) }
        // Each input value is read at most once: the walk is never longer than the input.
        let (visits, overflow) = kept.multipliedReportingOverflow(by: summed)
        guard !overflow, visits <= input.elementCount else { throw .invalidParameter(operator: check.index, word: start + rank) }
        if let count { guard Int(check.record.parameter(count)) == summed else { throw .invalidParameter(operator: check.index, word: count) } }
        try check.stridedRange(start: nil, dimensions: start, strides: start + 2 * rank, elementCount: input.elementCount, rank: 2 * rank)
    }

    /// Calls `body(outputIndex, firstInputOffset)` for every output element, in output order.
    @inline(__always)
    static func forEachOutput(_ layout: UnsafePointer<Int32>, _ body: (Int, Int) -> Void) {
        var output = 0
        forEachOffset(dimensions: layout, strides: layout + 2 * rank, base: 0) { offset in
            body(output, offset)
            output &+= 1
        }
    }

    /// Calls `body(inputOffset)` for every reduced value of the output whose first value is at `base`.
    @inline(__always)
    static func forEachReduced(_ layout: UnsafePointer<Int32>, base: Int, _ body: (Int) -> Void) {
        forEachOffset(dimensions: layout + rank, strides: layout + 3 * rank, base: base, body)
    }

    /// `base + Σ iₖ·strideₖ` over six dimensions, the last innermost (over the first five only, the
    /// last left to the caller, with `wholeInnermost`).
    @inline(__always)
    static func forEachOffset(
        dimensions d: UnsafePointer<Int32>, strides s: UnsafePointer<Int32>, base: Int, wholeInnermost: Bool = false, _ body: (Int) -> Void
    ) {
        let innerCount = wholeInnermost ? 1 : Int(d[5])
        let innerStride = Int(s[5])
        for i0 in 0..<Int(d[0]) {
            for i1 in 0..<Int(d[1]) {
                for i2 in 0..<Int(d[2]) {
                    for i3 in 0..<Int(d[3]) {
                        for i4 in 0..<Int(d[4]) {
                            var offset = base &+ i0 &* Int(s[0]) &+ i1 &* Int(s[1]) &+ i2 &* Int(s[2]) &+ i3 &* Int(s[3]) &+ i4 &* Int(s[4])
                            for _ in 0..<innerCount {
                                body(offset)
                                offset &+= innerStride
                            }
                        }
                    }
                }
            }
        }
    }
}
