/// How a binary element-wise operator (ADD, SUB, MUL, SQUARED_DIFFERENCE, MAXIMUM, MINIMUM, PRELU's
/// slope) walks its output and both inputs under TFLite's broadcasting rules: six output dimensions
/// (outermost first, padded with ones) and, per input, six element strides, zero along the axes the
/// input is broadcast over. The writer merges adjacent axes that broadcast alike, so equal shapes
/// become one contiguous run. Stored as 18 parameter words: dimensions, first strides, second strides.
public enum BroadcastLayout {
    /// Words of a layout.
    public static let wordCount = 18
    /// Dimensions of a layout.
    public static let rank = 6

    /// The layout words for an output of shape `output` computed from inputs of shapes `first` and
    /// `second` (TFLite broadcasting: shapes aligned at the innermost axis, each dimension equal or 1),
    /// or `nil` when the shapes do not broadcast to `output` or a dimension or stride does not fit a
    /// parameter word.
    public static func words(output: [Int], first: [Int], second: [Int]) -> [Int32]? {
        guard output.count <= 16, first.count <= output.count, second.count <= output.count else { return nil }
        func aligned(_ shape: [Int]) -> [Int] { [Int](repeating: 1, count: output.count - shape.count) + shape }
        let a = aligned(first)
        let b = aligned(second)
        var dimensions: [Int] = []
        var strides1: [Int] = []
        var strides2: [Int] = []
        var step1 = 1
        var step2 = 1
        // Innermost first; an axis merges into the previous run when both inputs broadcast it as before.
        for axis in stride(from: output.count - 1, through: 0, by: -1) {
            let n = output[axis]
            // Each output dimension is the larger of the inputs' (an output wider than both inputs
            // would make both strides zero, which TFLite's loop does not allow either).
            guard n >= 1, a[axis] == n || a[axis] == 1, b[axis] == n || b[axis] == 1, max(a[axis], b[axis]) == n else { return nil }
            if n == 1 { continue }
            let s1 = a[axis] == 1 ? 0 : step1
            let s2 = b[axis] == 1 ? 0 : step2
            if let last = dimensions.indices.last,
                (s1 == 0) == (strides1[last] == 0), (s2 == 0) == (strides2[last] == 0),
                s1 == 0 || s1 == strides1[last] * dimensions[last], s2 == 0 || s2 == strides2[last] * dimensions[last]
            {
                dimensions[last] *= n
            } else {
                dimensions.append(n)
                strides1.append(s1)
                strides2.append(s2)
            }
            step1 *= a[axis]
            step2 *= b[axis]
        }
        guard dimensions.count <= rank else { return nil }
        let padding = rank - dimensions.count
        func padded(_ values: [Int], with filler: Int) -> [Int] {
            [Int](repeating: filler, count: padding) + values.reversed()
        }
        var words: [Int32] = []
        for value in padded(dimensions, with: 1) + padded(strides1, with: 0) + padded(strides2, with: 0) {
            guard let word = Int32(exactly: value) else { return nil }
            words.append(word)
        }
        return words
    }

    /// Whether `words` (a layout) is one contiguous run through both inputs: the inputs and the
    /// output are read and written as flat arrays of the same length.
    public static func isSingleRun(_ words: [Int32]) -> Bool {
        words.count == wordCount && words[0..<(rank - 1)].allSatisfy { $0 == 1 } && words[2 * rank - 1] == 1 && words[3 * rank - 1] == 1
    }

    /// Checks a layout at word `start`: dimensions at least one whose product is the output's element
    /// count, strides never negative, innermost strides 0 or 1 (what ``forEachRow(_:_:)`` promises),
    /// and every index inside each input.
    static func validate(_ check: OperatorValidation, at start: Int, output: TensorRecord, first: TensorRecord, second: TensorRecord) throws(ModelError) {
        var count = 1
        for axis in 0..<rank {
            try check.word(start + axis, in: 1...Int32.max)
            try check.word(start + rank + axis, in: 0...Int32.max)
            try check.word(start + 2 * rank + axis, in: 0...Int32.max)
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(check.record.parameter(start + axis)))
            guard !overflow else { throw .invalidParameter(operator: check.index, word: start + axis) }
            count = product
        }
        guard count == output.elementCount else { throw .invalidParameter(operator: check.index, word: start) }
        try check.word(start + 2 * rank - 1, in: 0...1)
        try check.word(start + 3 * rank - 1, in: 0...1)
        try check.stridedRange(start: nil, dimensions: start, strides: start + rank, elementCount: first.elementCount)
        try check.stridedRange(start: nil, dimensions: start, strides: start + 2 * rank, elementCount: second.elementCount)
    }

    /// Calls `row(outputOffset, firstOffset, secondOffset, count, firstStep, secondStep)` for each
    /// innermost run of the layout at `words` (steps are 0 or 1 element).
    @inline(__always)
    static func forEachRow(
        _ words: UnsafePointer<Int32>, _ row: (Int, Int, Int, Int, Int, Int) -> Void
    ) {
        let d = words
        let s = words + rank
        let t = words + 2 * rank
        let count = Int(d[5])
        var output = 0
        for i0 in 0..<Int(d[0]) {
            for i1 in 0..<Int(d[1]) {
                for i2 in 0..<Int(d[2]) {
                    for i3 in 0..<Int(d[3]) {
                        for i4 in 0..<Int(d[4]) {
                            let first = i0 &* Int(s[0]) &+ i1 &* Int(s[1]) &+ i2 &* Int(s[2]) &+ i3 &* Int(s[3]) &+ i4 &* Int(s[4])
                            let second = i0 &* Int(t[0]) &+ i1 &* Int(t[1]) &+ i2 &* Int(t[2]) &+ i3 &* Int(t[3]) &+ i4 &* Int(t[4])
                            row(output, first, second, count, Int(s[5]), Int(t[5]))
                            output &+= count
                        }
                    }
                }
            }
        }
    }
}
