extension MaxPool2D: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        try PoolingParameters.validate(check)
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        #if arch(arm) || arch(riscv32)
        run(
            PoolingParameters(interpreter.parameters(op)), input: interpreter.int8(op.input(0)),
            inputShape: interpreter.shape4(op.input(0)), output: interpreter.mutableInt8(op.output(0)),
            outputShape: interpreter.shape4(op.output(0)))
        #else
        #if arch(x86_64)
        if interpreter.kernels.usesAVX512 {
            runAVX512(
                PoolingParameters(interpreter.parameters(op)), input: interpreter.int8(op.input(0)),
                inputShape: interpreter.shape4(op.input(0)), output: interpreter.mutableInt8(op.output(0)),
                outputShape: interpreter.shape4(op.output(0)))
            return
        }
        #endif
        runOptimized(
            PoolingParameters(interpreter.parameters(op)), input: interpreter.int8(op.input(0)),
            inputShape: interpreter.shape4(op.input(0)), output: interpreter.mutableInt8(op.output(0)),
            outputShape: interpreter.shape4(op.output(0)))
        #endif
    }

    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        PoolingParameters.work(of: operands)
    }
}
