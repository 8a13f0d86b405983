/// The parameter words of one operator: the constants the model writer computed (multipliers,
/// shifts, offsets, clamps, geometry) that the kernel reads. Each operator's parameter record names
/// its words with a `Word` enumeration, so the writer, the validator and the decoder agree on the
/// layout by name, not by position.
public struct ParameterWords {
    /// The first word.
    public let start: UnsafePointer<Int32>
    /// Number of words.
    public let count: Int

    /// Wraps `count` words at `start`.
    @inline(__always)
    public init(start: UnsafePointer<Int32>, count: Int) {
        self.start = start
        self.count = count
    }

    /// The words of `op`, read in place from `model`.
    @inline(__always)
    init(_ op: OperatorRecord, in model: Model) {
        self.init(
            start: (model.bytes.baseAddress! + (model.parametersStart &+ op.parameterIndex &* 4)).assumingMemoryBound(to: Int32.self),
            count: op.parameterCount)
    }

    /// Word `position`.
    @inline(__always)
    public subscript(_ position: Int) -> Int32 { start[position] }

    /// The named word `word`.
    @inline(__always)
    public subscript<Word: RawRepresentable>(_ word: Word) -> Int32 where Word.RawValue == Int { start[word.rawValue] }

    /// The address of word `position` (the start of a per-channel table).
    @inline(__always)
    public func address(_ position: Int) -> UnsafePointer<Int32> { start + position }
}

extension ActivationRange {
    /// The clamp stored as two words: minimum at `minimum`, maximum at `minimum + 1`.
    @inline(__always)
    init(_ words: ParameterWords, at minimum: Int) {
        self.init(minimum: words[minimum], maximum: words[minimum &+ 1])
    }

    /// The two words of the clamp.
    public var words: [Int32] { [minimum, maximum] }
}

extension WindowGeometry {
    /// The geometry words every windowed operator starts with, in this order.
    public enum Word: Int {
        /// Vertical stride.
        case strideHeight
        /// Horizontal stride.
        case strideWidth
        /// Vertical dilation (1 for pooling).
        case dilationHeight
        /// Horizontal dilation (1 for pooling).
        case dilationWidth
        /// Rows of padding above.
        case padTop
        /// Columns of padding on the left.
        case padLeft
    }

    /// Number of geometry words.
    public static let wordCount = 6

    /// Reads the geometry from words 0...5.
    @inline(__always)
    init(_ words: ParameterWords) {
        self.init(
            strideHeight: Int(words[Word.strideHeight]), strideWidth: Int(words[Word.strideWidth]),
            dilationHeight: Int(words[Word.dilationHeight]), dilationWidth: Int(words[Word.dilationWidth]),
            padTop: Int(words[Word.padTop]), padLeft: Int(words[Word.padLeft]))
    }

    /// The six geometry words.
    public var words: [Int32] {
        [Int32(strideHeight), Int32(strideWidth), Int32(dilationHeight), Int32(dilationWidth), Int32(padTop), Int32(padLeft)]
    }
}
