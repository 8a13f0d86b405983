/// RESIZE_NEAREST_NEIGHBOR of an NHWC tensor, as TFLM's `reference_ops::ResizeNearestNeighbor`: each
/// output pixel copies the channels of one input pixel. TFLM finds that pixel with float arithmetic on
/// every invoke (`GetNearestNeighbor`); the writer does the same once and stores the row of every
/// output row and the column of every output column, so the device copies bytes only.
public enum ResizeNearestNeighbor: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        let record = check.record
        try check.counts(inputs: 1...2, outputs: 1)
        let x = try check.operand(0, check.model.tensor(record.output(0)).elementType)
        let y = try check.output(0, x.elementType)
        try check.sameQuantization(record.input(0), as: record.output(0))
        try check.shape(x.rank == 4, record.input(0))
        try check.shape(y.rank == 4 && y.dimension(0) == x.dimension(0) && y.dimension(3) == x.dimension(3), record.output(0))
        try check.parameterCount(try check.product(1, y.dimension(1), plus: y.dimension(2), tensor: record.output(0)))
        for row in 0..<y.dimension(1) { try check.word(row, in: 0...Int32(x.dimension(1) - 1)) }
        for column in 0..<y.dimension(2) { try check.word(y.dimension(1) + column, in: 0...Int32(x.dimension(2) - 1)) }
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        let bytes = interpreter.model.tensor(op.output(0)).elementType.byteWidth
        let input = interpreter.shape4(op.input(0))
        let output = interpreter.shape4(op.output(0))
        run(
            maps: interpreter.parameters(op).start, input: interpreter.address(ofTensor: op.input(0)),
            inputShape: Shape4(batches: input.batches, height: input.height, width: input.width, channels: input.channels * bytes),
            output: interpreter.mutableAddress(op.output(0)),
            outputShape: Shape4(batches: output.batches, height: output.height, width: output.width, channels: output.channels * bytes))
    }

    /// Copies input pixel `(rows[y], columns[x])` to output pixel `(y, x)`; `maps` holds the output's
    /// rows' input rows, then its columns' input columns. Shapes count channels in bytes.
    public static func run(
        maps: UnsafePointer<Int32>, input: UnsafeRawPointer, inputShape: Shape4, output: UnsafeMutableRawPointer, outputShape: Shape4
    ) {
        let columns = maps + outputShape.height
        let pixel = outputShape.channels
        var to = output
        for b in 0..<outputShape.batches {
            for y in 0..<outputShape.height {
                let row = Int(maps[y])
                for x in 0..<outputShape.width {
                    to.copyMemory(from: input + inputShape.offset(b, row, Int(columns[x]), 0), byteCount: pixel)
                    to += pixel
                }
            }
        }
    }

    /// One element moved per output element.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: operands.outputElementCount(0), costClass: .dataMovement)
    }
}
