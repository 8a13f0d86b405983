/// The data-movement operators (CONCATENATION, PAD, TRANSPOSE, SLICE, STRIDED_SLICE, SPLIT, PACK,
/// UNPACK, ...) all move elements without arithmetic. The writer turns each into a copy program: an
/// optional fill of the outputs with one value, then strided copies, each over an index space of up
/// to six dimensions, reading one input with its own strides and writing one output with its own.
/// Validation proves every address of every copy inside its tensors, so the kernel checks nothing.
///
/// Words: `fill` (0 or 1), `fillValue` (the element's bits), `copyCount`, then per copy
/// ``CopyProgram/Copy/wordCount`` words laid out as ``CopyProgram/Copy/Word``.
public enum CopyProgram {
    /// The program's leading words, by name.
    public enum Word: Int {
        case fill, fillValue, copyCount
    }

    /// Words before the first copy.
    public static let headerWords = 3
    /// Largest number of dimensions of a copy.
    public static let maximumRank = 6

    /// One strided copy, as the writer describes it.
    public struct Copy: Equatable, Sendable {
        /// The copy's words, by name; dimensions and strides follow, six each, outermost first.
        public enum Word: Int {
            case sourceInput, destinationOutput, sourceStart, destinationStart, dimensions
        }

        /// Words one copy takes: four, then six dimensions, six source and six destination strides.
        public static let wordCount = 4 + 3 * CopyProgram.maximumRank

        /// Which input position is read.
        public var sourceInput: Int
        /// Which output position is written.
        public var destinationOutput: Int
        /// First source element.
        public var sourceStart: Int
        /// First destination element.
        public var destinationStart: Int
        /// Up to six dimensions of the index space (outermost first; fewer are padded with ones).
        public var dimensions: [Int]
        /// Source element stride per dimension (may be negative or zero).
        public var sourceStrides: [Int]
        /// Destination element stride per dimension.
        public var destinationStrides: [Int]

        /// Creates a copy; the three arrays have the same count, at most six.
        public init(
            sourceInput: Int, destinationOutput: Int, sourceStart: Int, destinationStart: Int, dimensions: [Int],
            sourceStrides: [Int], destinationStrides: [Int]
        ) {
            self.sourceInput = sourceInput
            self.destinationOutput = destinationOutput
            self.sourceStart = sourceStart
            self.destinationStart = destinationStart
            self.dimensions = dimensions
            self.sourceStrides = sourceStrides
            self.destinationStrides = destinationStrides
        }

        /// The copy's words, with dimensions padded to six on the outside; `nil` when a value does
        /// not fit a parameter word.
        public var words: [Int32]? {
            let padding = CopyProgram.maximumRank - dimensions.count
            let values = [sourceInput, destinationOutput, sourceStart, destinationStart]
                + [Int](repeating: 1, count: padding) + dimensions + [Int](repeating: 0, count: padding) + sourceStrides
                + [Int](repeating: 0, count: padding) + destinationStrides
            var words: [Int32] = []
            for value in values {
                guard let word = Int32(exactly: value) else { return nil }
                words.append(word)
            }
            return words
        }
    }

    /// The words of a program: an optional fill value (`nil`: no fill) and the copies; `nil` when a
    /// copy's start, dimension or stride does not fit a parameter word.
    public static func words(fill: Int32?, copies: [Copy]) -> [Int32]? {
        guard let count = Int32(exactly: copies.count) else { return nil }
        var words: [Int32] = [fill == nil ? 0 : 1, fill ?? 0, count]
        for copy in copies {
            guard let copyWords = copy.words else { return nil }
            words += copyWords
        }
        return words
    }

    /// Checks a data-movement operator: `inputs` and `outputs` tensors, the inputs at positions
    /// `data` (the others are constant shape vectors the writer already read) and every output of the
    /// first output's element type and, for int8, its scale and zero point; then its copy program.
    static func validateOperator(
        _ check: OperatorValidation, inputs: ClosedRange<Int>, outputs: ClosedRange<Int>, data: Range<Int>
    ) throws(ModelError) {
        let record = check.record
        guard inputs.contains(record.inputCount), outputs.contains(record.outputCount), data.upperBound <= record.inputCount else {
            throw .wrongTensorCount(operator: check.index)
        }
        let reference = record.output(0)
        for position in 0..<record.outputCount { try check.sameQuantization(record.output(position), as: reference) }
        for position in data {
            let t = record.input(position)
            guard t >= 0 else { throw .tensorIndexOutOfRange(operator: check.index, index: t) }
            try check.sameQuantization(t, as: reference)
        }
        try validate(check, elementBytes: check.model.tensor(reference).elementType.byteWidth, sources: data)
    }

    /// Checks a program: its word count, the fill flag, and that every copy reads an input at a
    /// position in `sources` and writes an output whose elements are `elementBytes` wide, and stays
    /// inside both tensors.
    static func validate(_ check: OperatorValidation, elementBytes: Int, sources: Range<Int>) throws(ModelError) {
        let record = check.record
        guard record.parameterCount >= headerWords else {
            throw .wrongParameterCount(operator: check.index, expected: headerWords, found: record.parameterCount)
        }
        try check.word(Word.fill, in: 0...1)
        try check.word(Word.copyCount, in: 0...4096)
        let copies = Int(record.parameter(Word.copyCount.rawValue))
        try check.parameterCount(headerWords + copies * Copy.wordCount)
        for copy in 0..<copies {
            let base = headerWords + copy * Copy.wordCount
            guard !sources.isEmpty else { throw .invalidParameter(operator: check.index, word: base) }
            try check.word(base + Copy.Word.sourceInput.rawValue, in: Int32(sources.lowerBound)...Int32(sources.upperBound - 1))
            try check.word(base + Copy.Word.destinationOutput.rawValue, in: 0...Int32(record.outputCount - 1))
            let source = record.input(Int(record.parameter(base + Copy.Word.sourceInput.rawValue)))
            let destination = record.output(Int(record.parameter(base + Copy.Word.destinationOutput.rawValue)))
            guard source >= 0 else { throw .tensorIndexOutOfRange(operator: check.index, index: source) }
            guard check.model.tensor(source).elementType.byteWidth == elementBytes,
                check.model.tensor(destination).elementType.byteWidth == elementBytes
            else { throw .elementTypeMismatch(operator: check.index, tensor: source) }
            let dimensions = base + Copy.Word.dimensions.rawValue
            // A copy moves at most as many elements as its destination holds, so no file can make it loop for long.
            var elements = 1
            for axis in 0..<maximumRank {
                try check.word(dimensions + axis, in: 1...Int32.max)
                let (product, overflow) = elements.multipliedReportingOverflow(by: Int(record.parameter(dimensions + axis)))
                guard !overflow, product <= check.model.tensor(destination).elementCount else {
                    throw .invalidParameter(operator: check.index, word: dimensions + axis)
                }
                elements = product
            }
            try check.stridedRange(
                start: base + Copy.Word.sourceStart.rawValue, dimensions: dimensions, strides: dimensions + maximumRank,
                elementCount: check.model.tensor(source).elementCount)
            try check.stridedRange(
                start: base + Copy.Word.destinationStart.rawValue, dimensions: dimensions,
                strides: dimensions + 2 * maximumRank, elementCount: check.model.tensor(destination).elementCount)
        }
    }

    /// Runs a validated program with the element size of the operator's first output.
    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        switch interpreter.model.tensor(op.output(0)).elementType {
        case .int8: run(op, in: interpreter, as: Int8.self)
        case .int32: run(op, in: interpreter, as: Int32.self)
        case .float32: run(op, in: interpreter, as: Float.self)
        }
    }

    /// Runs a validated program over element size `Element` (the bytes are moved, never interpreted).
    static func run<Element>(_ op: OperatorRecord, in interpreter: Interpreter, as _: Element.Type) {
        let words = interpreter.parameters(op)
        if words[Word.fill] != 0 {
            let value = fillBits(words[Word.fillValue], as: Element.self)
            for position in 0..<op.outputCount {
                let output = interpreter.mutableAddress(op.output(position)).assumingMemoryBound(to: Element.self)
                output.update(repeating: value, count: interpreter.model.tensor(op.output(position)).elementCount)
            }
        }
        let copies = Int(words[Word.copyCount])
        for copy in 0..<copies {
            let c = ParameterWords(start: words.address(headerWords &+ copy &* Copy.wordCount), count: Copy.wordCount)
            let source = interpreter.address(ofTensor: op.input(Int(c[Copy.Word.sourceInput]))).assumingMemoryBound(to: Element.self)
            let destination = interpreter.mutableAddress(op.output(Int(c[Copy.Word.destinationOutput])))
                .assumingMemoryBound(to: Element.self)
            copyStrided(
                from: source + Int(c[Copy.Word.sourceStart]), to: destination + Int(c[Copy.Word.destinationStart]),
                dimensions: c.address(Copy.Word.dimensions.rawValue))
        }
    }

    /// The element whose bytes are the first bytes of `bits` (little-endian: the low byte of an int8).
    @inline(__always)
    static func fillBits<Element>(_ bits: Int32, as _: Element.Type) -> Element {
        var value = bits
        return withUnsafeBytes(of: &value) { $0.loadUnaligned(as: Element.self) }
    }

    /// Copies over six nested dimensions; `dimensions` is followed by the source then destination strides.
    static func copyStrided<Element>(from source: UnsafePointer<Element>, to destination: UnsafeMutablePointer<Element>, dimensions d: UnsafePointer<Int32>) {
        let s = d + maximumRank
        let t = s + maximumRank
        let innerCount = Int(d[5])
        let innerSource = Int(s[5])
        let innerDestination = Int(t[5])
        for i0 in 0..<Int(d[0]) {
            for i1 in 0..<Int(d[1]) {
                for i2 in 0..<Int(d[2]) {
                    for i3 in 0..<Int(d[3]) {
                        for i4 in 0..<Int(d[4]) {
                            var from = source + (i0 &* Int(s[0]) &+ i1 &* Int(s[1]) &+ i2 &* Int(s[2]) &+ i3 &* Int(s[3]) &+ i4 &* Int(s[4]))
                            var to = destination + (i0 &* Int(t[0]) &+ i1 &* Int(t[1]) &+ i2 &* Int(t[2]) &+ i3 &* Int(t[3]) &+ i4 &* Int(t[4]))
                            if innerSource == 1 && innerDestination == 1 {
                                #if arch(x86_64) || arch(arm64)
                                // One pixel's channels of a concatenation are a few bytes: no call.
                                let bytes = innerCount &* MemoryLayout<Element>.stride
                                if bytes <= 64 {
                                    ShortCopy.copy(UnsafeRawPointer(from), to: UnsafeMutableRawPointer(to), count: bytes)
                                } else {
                                    to.update(from: from, count: innerCount)
                                }
                                #else
                                to.update(from: from, count: innerCount)
                                #endif
                            } else {
                                for _ in 0..<innerCount {
                                    to.pointee = from.pointee
                                    from += innerSource
                                    to += innerDestination
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Elements moved by a program whose copies fill the outputs: the outputs' element count.
    static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .dataMovement)
    }
}

extension OperatorValidation {
    /// Checks that `start + Σ i·stride` stays in `0..<elementCount` for every index `i < dimension` of
    /// `rank` dimensions at word `dimensions` and `rank` strides at word `strides`, without overflow
    /// (`start` is a word position, or `nil` for zero).
    func stridedRange(start: Int?, dimensions: Int, strides: Int, elementCount: Int, rank: Int = CopyProgram.maximumRank) throws(ModelError) {
        var lowest = start.map { Int(record.parameter($0)) } ?? 0
        var highest = lowest
        for axis in 0..<rank {
            let extent = Int(record.parameter(dimensions + axis)) - 1
            let stride = Int(record.parameter(strides + axis))
            let (reach, overflow) = extent.multipliedReportingOverflow(by: stride)
            guard !overflow else { throw .invalidParameter(operator: index, word: strides + axis) }
            let (low, lowOverflow) = lowest.addingReportingOverflow(min(reach, 0))
            let (high, highOverflow) = highest.addingReportingOverflow(max(reach, 0))
            guard !lowOverflow, !highOverflow else { throw .invalidParameter(operator: index, word: strides + axis) }
            lowest = low
            highest = high
        }
        guard lowest >= 0, highest < elementCount else { throw .invalidParameter(operator: index, word: start ?? strides) }
    }
}
