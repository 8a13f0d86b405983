extension Dequantize: OperatorImplementation {
    /// The parameters: the input's scale and zero point (the same record as QUANTIZE's float form).
    public typealias Parameters = Quantize.FloatParameters

    static func validate(_ check: OperatorValidation) throws(ModelError) {
        typealias Word = Parameters.Word
        let record = check.record
        try check.counts(inputs: 1...1, outputs: 1)
        let x = try check.input(0, .int8, constant: false)
        let y = try check.output(0, .float32)
        try check.shape(y.elementCount == x.elementCount, record.output(0))
        try check.parameterCount(parameterWords)
        try check.positiveFloat(Word.scaleBits)
        try check.word(Word.zeroPoint, in: -128...127)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        let p = Parameters(interpreter.parameters(op))
        run(
            scale: p.scale, zeroPoint: p.zeroPoint, input: interpreter.int8(op.input(0)),
            output: interpreter.mutableAddress(op.output(0)).assumingMemoryBound(to: Float.self),
            count: interpreter.model.tensor(op.output(0)).elementCount)
    }

    /// One conversion per value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .dataMovement)
    }
}
