extension AveragePool2D: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try PoolingParameters.validate(check)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        let p = PoolingParameters(interpreter.parameters(op))
        #if arch(arm) && EDGE_ARM_DSP
        runPacked(
            p, input: interpreter.int8(op.input(0)), inputShape: interpreter.shape4(op.input(0)),
            output: interpreter.mutableInt8(op.output(0)), outputShape: interpreter.shape4(op.output(0)))
        #else
        #if arch(x86_64) || arch(arm64)
        if let (_, transient) = interpreter.vectorBuffers(op) {
            runVector(
                p, input: interpreter.int8(op.input(0)), inputShape: interpreter.shape4(op.input(0)),
                output: interpreter.mutableInt8(op.output(0)), outputShape: interpreter.shape4(op.output(0)),
                sums: transient.assumingMemoryBound(to: Int32.self))
            return
        }
        #endif
        run(
            p, input: interpreter.int8(op.input(0)), inputShape: interpreter.shape4(op.input(0)),
            output: interpreter.mutableInt8(op.output(0)), outputShape: interpreter.shape4(op.output(0)))
        #endif
    }

    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        PoolingParameters.work(of: operands)
    }
}
