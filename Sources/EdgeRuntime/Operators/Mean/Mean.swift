/// Int8 MEAN over any axes, bit-exact with TFLM's `QuantizedMeanOrSum`: the raw int8 values are
/// summed in wrapping Int32, the input zero point times the count is taken off, and one requantization
/// with a multiplier that has `1 / count` folded in (the writer does TFLM's folding) gives the output.
public enum Mean: OperatorImplementation {
    /// Quantization constants, precomputed by the model writer, and the ``ReductionLayout`` after them.
    public struct Parameters: Equatable, Sendable {
        /// The input zero point.
        public var inputZeroPoint: Int32
        /// The output zero point.
        public var outputZeroPoint: Int32
        /// Q31 multiplier (for MEAN, `inputScale / outputScale` with `1 / count` folded in).
        public var multiplier: Int32
        /// Its power-of-two shift.
        public var shift: Int32
        /// Values reduced into each output.
        public var reducedCount: Int32

        /// The parameter words, by name; the layout follows at ``layoutWord``.
        public enum Word: Int {
            case inputZeroPoint, outputZeroPoint, multiplier, shift, reducedCount
        }

        /// Where the reduction layout starts.
        public static let layoutWord = 5

        /// Creates parameters.
        public init(inputZeroPoint: Int32, outputZeroPoint: Int32, multiplier: Int32, shift: Int32, reducedCount: Int32) {
            self.inputZeroPoint = inputZeroPoint
            self.outputZeroPoint = outputZeroPoint
            self.multiplier = multiplier
            self.shift = shift
            self.reducedCount = reducedCount
        }

        /// Reads the parameters from an operator's words.
        @inline(__always)
        public init(_ words: ParameterWords) {
            self.init(
                inputZeroPoint: words[Word.inputZeroPoint], outputZeroPoint: words[Word.outputZeroPoint],
                multiplier: words[Word.multiplier], shift: words[Word.shift], reducedCount: words[Word.reducedCount])
        }

        /// The words the model writer stores, followed by the layout's words.
        public func words(layout: [Int32]) -> [Int32] {
            [inputZeroPoint, outputZeroPoint, multiplier, shift, reducedCount] + layout
        }

        /// Checks the words of MEAN or SUM: an int8 input and output, zero points in range, a
        /// non-negative multiplier with a shift in `-31...30`, and a layout inside the input.
        static func validate(_ check: OperatorValidation) throws(ModelError) {
            try check.counts(inputs: 1...2, outputs: 1)
            let x = try check.input(0, .int8, constant: false)
            let y = try check.output(0, .int8)
            try check.parameterCount(layoutWord + ReductionLayout.wordCount)
            try check.word(Word.inputZeroPoint, in: -128...127)
            try check.word(Word.outputZeroPoint, in: -128...127)
            try check.multiplier(Word.multiplier, shifts: -31...30)
            try check.word(Word.reducedCount, in: 1...Int32.max)
            try ReductionLayout.validate(check, at: layoutWord, count: Word.reducedCount.rawValue, input: x, output: y)
        }
    }

    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try Parameters.validate(check)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        let words = interpreter.parameters(op)
        #if arch(x86_64) || arch(arm64)
        if let (_, transient) = interpreter.vectorBuffers(op) {
            runVector(
                Parameters(words), layout: words.address(Parameters.layoutWord), input: interpreter.int8(op.input(0)),
                output: interpreter.mutableInt8(op.output(0)), sums: transient.assumingMemoryBound(to: Int32.self))
            return
        }
        #endif
        run(
            Parameters(words), layout: words.address(Parameters.layoutWord), input: interpreter.int8(op.input(0)),
            output: interpreter.mutableInt8(op.output(0)))
    }

    /// `output[o] = clamp(requantize(Σ x − zeroPoint·count) + outputZeroPoint)` over each output's
    /// reduced values (the same arithmetic serves SUM, whose multiplier has no `1 / count`).
    public static func run(_ p: Parameters, layout: UnsafePointer<Int32>, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        let offset = p.inputZeroPoint &* p.reducedCount
        ReductionLayout.forEachOutput(layout) { index, base in
            var sum: Int32 = 0
            ReductionLayout.forEachReduced(layout, base: base) { sum &+= Int32(input[$0]) }
            let value = FixedPoint.multiplyByQuantizedMultiplier(sum &- offset, p.multiplier, p.shift) &+ p.outputZeroPoint
            output[index] = Int8(truncatingIfNeeded: min(max(value, -128), 127))
        }
    }

    /// One addition per input value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.inputElementCount(0), costClass: .pooling)
    }
}
