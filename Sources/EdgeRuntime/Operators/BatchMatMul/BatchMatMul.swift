/// Int8 BATCH_MATMUL, bit-exact with TFLM's `reference_ops::BatchMatMul`: `output[b, i, j] =
/// clamp(requantize(Σₖ (lhs[b, i, k] + lhsOffset)(rhs[b, k, j] + rhsOffset)) + outputOffset)`, with up
/// to three batch dimensions broadcast as TFLite does. TFLM transposes an operand into a scratch
/// buffer for `adj_x` and for a non-`adj_y` right-hand side; here the writer turns both into strides,
/// so nothing is copied.
public enum BatchMatMul: OperatorImplementation {
    /// Quantization constants and the strided layout of both operands, precomputed by the writer.
    public struct Parameters: Equatable, Sendable {
        /// The parameter words, by name. After `activationMaximum` come six dimensions (three batch
        /// dimensions, rows `I`, columns `J`, depth `K`), five left strides (batch ×3, `i`, `k`) and
        /// five right strides (batch ×3, `k`, `j`), in elements; a broadcast batch has stride 0.
        public enum Word: Int {
            case lhsOffset, rhsOffset, outputOffset, multiplier, shift, activationMinimum, activationMaximum
            case batch0, batch1, batch2, rows, columns, depth
            case lhsBatch0, lhsBatch1, lhsBatch2, lhsRow, lhsDepth
            case rhsBatch0, rhsBatch1, rhsBatch2, rhsDepth, rhsColumn
        }

        /// Words of the record.
        public static let wordCount = 23

        /// `-zeroPoint` of the left operand.
        public var lhsOffset: Int32
        /// `-zeroPoint` of the right operand.
        public var rhsOffset: Int32
        /// The output zero point.
        public var outputOffset: Int32
        /// Q31 multiplier of `float(s_lhs · s_rhs) / s_out`.
        public var multiplier: Int32
        /// Its shift.
        public var shift: Int32
        /// Output clamp.
        public var activation: ActivationRange
        /// Batch dimensions, rows, columns, depth: `[B0, B1, B2, I, J, K]`.
        public var dimensions: [Int32]
        /// Left strides `[b0, b1, b2, i, k]`.
        public var lhsStrides: [Int32]
        /// Right strides `[b0, b1, b2, k, j]`.
        public var rhsStrides: [Int32]

        /// Creates parameters.
        public init(
            lhsOffset: Int32, rhsOffset: Int32, outputOffset: Int32, multiplier: Int32, shift: Int32, activation: ActivationRange,
            dimensions: [Int32], lhsStrides: [Int32], rhsStrides: [Int32]
        ) {
            self.lhsOffset = lhsOffset
            self.rhsOffset = rhsOffset
            self.outputOffset = outputOffset
            self.multiplier = multiplier
            self.shift = shift
            self.activation = activation
            self.dimensions = dimensions
            self.lhsStrides = lhsStrides
            self.rhsStrides = rhsStrides
        }

        /// The words the model writer stores.
        public var words: [Int32] {
            [lhsOffset, rhsOffset, outputOffset, multiplier, shift] + activation.words + dimensions + lhsStrides + rhsStrides
        }
    }

    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        let record = check.record
        try check.counts(inputs: 2...2, outputs: 1)
        let lhs = try check.operand(0, .int8)
        let rhs = try check.operand(1, .int8)
        let y = try check.output(0, .int8)
        try check.parameterCount(Parameters.wordCount)
        try check.zeroPointOffset(Word.lhsOffset)
        try check.zeroPointOffset(Word.rhsOffset)
        try check.word(Word.outputOffset, in: -128...127)
        try check.multiplier(Word.multiplier, shifts: -31...30)
        try check.activation(Word.activationMinimum)
        // Products and sums with overflow checks: five dimensions of up to 65,536 overflow 64 bits,
        // and a stride times a dimension overflows a 32-bit `Int` on a microcontroller.
        var outputs = 1
        var outputsFit = true
        for word in Word.batch0.rawValue...Word.depth.rawValue {
            try check.word(word, in: 1...65536)
            guard word != Word.depth.rawValue else { continue }
            let (product, overflow) = outputs.multipliedReportingOverflow(by: Int(record.parameter(word)))
            outputsFit = outputsFit && !overflow
            outputs = overflow ? 0 : product
        }
        for word in Word.lhsBatch0.rawValue...Word.rhsColumn.rawValue { try check.word(word, in: 0...Int32.max) }
        try check.shape(outputsFit && outputs == y.elementCount, record.output(0))
        // The reach of each operand: Σ (dimension − 1) · stride over the axes it walks (nil on overflow).
        func reach(_ axes: [(Word, Word)]) -> Int? {
            var total = 0
            for (dimension, stride) in axes {
                let (step, overflow) = (Int(record.parameter(dimension.rawValue)) - 1).multipliedReportingOverflow(by: Int(record.parameter(stride.rawValue)))
                let (sum, carry) = total.addingReportingOverflow(step)
                guard !overflow, !carry else { return nil }
                total = sum
            }
            return total
        }
        let left = reach([(.batch0, .lhsBatch0), (.batch1, .lhsBatch1), (.batch2, .lhsBatch2), (.rows, .lhsRow), (.depth, .lhsDepth)])
        let right = reach([(.batch0, .rhsBatch0), (.batch1, .rhsBatch1), (.batch2, .rhsBatch2), (.depth, .rhsDepth), (.columns, .rhsColumn)])
        try check.shape(left.map { $0 < lhs.elementCount } ?? false, record.input(0))
        try check.shape(right.map { $0 < rhs.elementCount } ?? false, record.input(1))
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        #if arch(x86_64) || arch(arm64)
        if let buffers = interpreter.vectorBuffers(op) {
            runVector(op, in: interpreter, transient: buffers.transient)
            return
        }
        #endif
        #if arch(arm) && EDGE_ARM_DSP
        runPacked(
            words: interpreter.parameters(op), lhs: interpreter.int8(op.input(0)), rhs: interpreter.int8(op.input(1)),
            output: interpreter.mutableInt8(op.output(0)), scratch: interpreter.scratch(op))
        #else
        run(
            words: interpreter.parameters(op), lhs: interpreter.int8(op.input(0)), rhs: interpreter.int8(op.input(1)),
            output: interpreter.mutableInt8(op.output(0)))
        #endif
    }

    /// Multiplies every batch's `I×K` left matrix by its `K×J` right matrix into the row-major output.
    public static func run(words w: ParameterWords, lhs: UnsafePointer<Int8>, rhs: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>) {
        typealias Word = Parameters.Word
        let lhsOffset = w[Word.lhsOffset]
        let rhsOffset = w[Word.rhsOffset]
        let activation = ActivationRange(w, at: Word.activationMinimum.rawValue)
        let rows = Int(w[Word.rows]), columns = Int(w[Word.columns]), depth = Int(w[Word.depth])
        let lhsRow = Int(w[Word.lhsRow]), lhsDepth = Int(w[Word.lhsDepth])
        let rhsDepth = Int(w[Word.rhsDepth]), rhsColumn = Int(w[Word.rhsColumn])
        var out = output
        for b0 in 0..<Int(w[Word.batch0]) {
            for b1 in 0..<Int(w[Word.batch1]) {
                for b2 in 0..<Int(w[Word.batch2]) {
                    let left = lhs + (b0 &* Int(w[Word.lhsBatch0]) &+ b1 &* Int(w[Word.lhsBatch1]) &+ b2 &* Int(w[Word.lhsBatch2]))
                    let right = rhs + (b0 &* Int(w[Word.rhsBatch0]) &+ b1 &* Int(w[Word.rhsBatch1]) &+ b2 &* Int(w[Word.rhsBatch2]))
                    for i in 0..<rows {
                        for j in 0..<columns {
                            var total: Int32 = 0
                            for k in 0..<depth {
                                total &+= (Int32(left[i &* lhsRow &+ k &* lhsDepth]) &+ lhsOffset)
                                    &* (Int32(right[k &* rhsDepth &+ j &* rhsColumn]) &+ rhsOffset)
                            }
                            let scaled = FixedPoint.multiplyByQuantizedMultiplier(total, w[Word.multiplier], w[Word.shift]) &+ w[Word.outputOffset]
                            out[j] = Int8(truncatingIfNeeded: activation.clamp(scaled))
                        }
                        out += columns
                    }
                }
            }
        }
    }

    /// `batches · I · J · K` multiply-accumulates. Shapes alone do not say which trailing dimension
    /// is the depth when an operand is adjoint: the left one shared with the right operand's trailing
    /// pair is taken, preferring the unadjoint reading.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        let left = operands.inputRank(0)
        let right = operands.inputRank(1)
        guard left >= 2, right >= 2 else { return OperatorWork(costClass: .dense) }
        let (a, b) = (operands.inputDimension(0, left - 2), operands.inputDimension(0, left - 1))
        let (c, d) = (operands.inputDimension(1, right - 2), operands.inputDimension(1, right - 1))
        let depth = b == c || b == d ? b : a
        return OperatorWork(multiplyAccumulates: OperatorWork.product(operands.outputElementCount(0), depth), costClass: .dense)
    }
}
