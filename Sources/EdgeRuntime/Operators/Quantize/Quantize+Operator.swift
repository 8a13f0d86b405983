extension Quantize {
    /// Float32 to int8: the output's scale and zero point.
    public struct FloatParameters: Equatable, Sendable {
        /// The output scale.
        public var scale: Float
        /// The output zero point.
        public var zeroPoint: Int32

        /// The parameter words, by name.
        public enum Word: Int {
            case scaleBits, zeroPoint
        }

        /// Creates parameters.
        public init(scale: Float, zeroPoint: Int32) {
            self.scale = scale
            self.zeroPoint = zeroPoint
        }

        /// Reads the parameters from an operator's words.
        public init(_ words: ParameterWords) {
            self.init(scale: Float(bitPattern: UInt32(bitPattern: words[Word.scaleBits])), zeroPoint: words[Word.zeroPoint])
        }

        /// The words the model writer stores.
        public var words: [Int32] { [Int32(bitPattern: scale.bitPattern), zeroPoint] }
    }

    /// Int8 to int8: both zero points and the Q31 multiplier of `inputScale / outputScale`.
    public struct RequantizeParameters: Equatable, Sendable {
        /// The input zero point.
        public var inputZeroPoint: Int32
        /// The output zero point.
        public var outputZeroPoint: Int32
        /// Q31 multiplier of the scale ratio.
        public var multiplier: Int32
        /// Its power-of-two shift.
        public var shift: Int32

        /// The parameter words, by name.
        public enum Word: Int {
            case inputZeroPoint, outputZeroPoint, multiplier, shift
        }

        /// Creates parameters.
        public init(inputZeroPoint: Int32, outputZeroPoint: Int32, multiplier: Int32, shift: Int32) {
            self.inputZeroPoint = inputZeroPoint
            self.outputZeroPoint = outputZeroPoint
            self.multiplier = multiplier
            self.shift = shift
        }

        /// Reads the parameters from an operator's words.
        public init(_ words: ParameterWords) {
            self.init(
                inputZeroPoint: words[Word.inputZeroPoint], outputZeroPoint: words[Word.outputZeroPoint],
                multiplier: words[Word.multiplier], shift: words[Word.shift])
        }

        /// The words the model writer stores.
        public var words: [Int32] { [inputZeroPoint, outputZeroPoint, multiplier, shift] }
    }
}

extension Quantize: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        let record = check.record
        try check.counts(inputs: 1...1, outputs: 1)
        let source = check.model.tensor(record.input(0))
        let y = try check.output(0, .int8)
        guard source.storage == .arena else { throw .elementTypeMismatch(operator: check.index, tensor: record.input(0)) }
        try check.shape(y.elementCount == source.elementCount, record.output(0))
        switch source.elementType {
        case .float32:
            typealias Word = FloatParameters.Word
            try check.parameterCount(floatParameterWords)
            try check.positiveFloat(Word.scaleBits)
            try check.word(Word.zeroPoint, in: -128...127)
        case .int8:
            typealias Word = RequantizeParameters.Word
            try check.parameterCount(requantizeParameterWords)
            try check.word(Word.inputZeroPoint, in: -128...127)
            try check.word(Word.outputZeroPoint, in: -128...127)
            try check.multiplier(Word.multiplier, shifts: -31...30)
        case .int32:
            throw .elementTypeMismatch(operator: check.index, tensor: record.input(0))
        }
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        let count = interpreter.model.tensor(op.output(0)).elementCount
        let words = interpreter.parameters(op)
        if interpreter.model.tensor(op.input(0)).elementType == .float32 {
            let p = FloatParameters(words)
            run(
                scale: p.scale, zeroPoint: p.zeroPoint,
                input: interpreter.address(ofTensor: op.input(0)).assumingMemoryBound(to: Float.self),
                output: interpreter.mutableInt8(op.output(0)), count: count)
        } else {
            let p = RequantizeParameters(words)
            requantize(
                inputZeroPoint: p.inputZeroPoint, outputZeroPoint: p.outputZeroPoint, multiplier: p.multiplier,
                shift: p.shift, input: interpreter.int8(op.input(0)), output: interpreter.mutableInt8(op.output(0)), count: count)
        }
    }

    /// One conversion per value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .dataMovement)
    }
}
