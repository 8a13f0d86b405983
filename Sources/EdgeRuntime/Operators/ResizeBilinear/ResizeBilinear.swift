/// Int8 RESIZE_BILINEAR, bit-exact with TFLM's `reference_ops::ResizeBilinearInteger`: each output
/// value is the four neighbouring input values weighted in 1/1024 steps, summed in 64 bits and
/// rounded half away from zero at 2²⁰ (input and output share quantization). The writer computes, as
/// TFLM's `ComputeInterpolationValuesInteger` does, each output row's two input rows and its 10-bit
/// position, and the same for the columns: words `3·H_out` (top row, bottom row, position) then
/// `3·W_out` (left column, right column, position).
public enum ResizeBilinear: OperatorImplementation {
    static func validate(_ check: OperatorValidation) throws(ModelError) {
        let record = check.record
        try check.counts(inputs: 1...2, outputs: 1)
        let x = try check.input(0, .int8, constant: false)
        let y = try check.output(0, .int8)
        try check.sameQuantization(record.input(0), as: record.output(0))
        try check.shape(x.rank == 4, record.input(0))
        try check.shape(y.rank == 4 && y.dimension(0) == x.dimension(0) && y.dimension(3) == x.dimension(3), record.output(0))
        let rowsAndColumns = try check.product(1, y.dimension(1), plus: y.dimension(2), tensor: record.output(0))
        try check.parameterCount(try check.product(3, rowsAndColumns, tensor: record.output(0)))
        func axis(_ start: Int, count: Int, size: Int) throws(ModelError) {
            for entry in 0..<count {
                try check.word(start + 3 * entry, in: 0...Int32(size - 1))
                try check.word(start + 3 * entry + 1, in: 0...Int32(size - 1))
                try check.word(start + 3 * entry + 2, in: -4096...4096)
            }
        }
        try axis(0, count: y.dimension(1), size: x.dimension(1))
        try axis(3 * y.dimension(1), count: y.dimension(2), size: x.dimension(2))
    }

    static func run(_ op: OperatorRecord, in interpreter: Interpreter) {
        run(
            maps: interpreter.parameters(op).start, input: interpreter.int8(op.input(0)), inputShape: interpreter.shape4(op.input(0)),
            output: interpreter.mutableInt8(op.output(0)), outputShape: interpreter.shape4(op.output(0)))
    }

    /// Interpolates every output value from its four input neighbours.
    public static func run(
        maps: UnsafePointer<Int32>, input: UnsafePointer<Int8>, inputShape: Shape4, output: UnsafeMutablePointer<Int8>, outputShape: Shape4
    ) {
        let columns = maps + 3 * outputShape.height
        let one: Int64 = 1 << 10
        var to = output
        for b in 0..<outputShape.batches {
            for y in 0..<outputShape.height {
                let y0 = Int(maps[3 * y]), y1 = Int(maps[3 * y + 1])
                let dy = Int64(maps[3 * y + 2])
                for x in 0..<outputShape.width {
                    let x0 = Int(columns[3 * x]), x1 = Int(columns[3 * x + 1])
                    let dx = Int64(columns[3 * x + 2])
                    let topLeft = input + inputShape.offset(b, y0, x0, 0)
                    let bottomLeft = input + inputShape.offset(b, y1, x0, 0)
                    let topRight = input + inputShape.offset(b, y0, x1, 0)
                    let bottomRight = input + inputShape.offset(b, y1, x1, 0)
                    for c in 0..<outputShape.channels {
                        let sum = Int64(topLeft[c]) * (one - dy) * (one - dx) + Int64(bottomLeft[c]) * dy * (one - dx)
                            + Int64(topRight[c]) * (one - dy) * dx + Int64(bottomRight[c]) * dy * dx
                        let round: Int64 = sum > 0 ? 1 << 19 : -(1 << 19)
                        to[c] = Int8(truncatingIfNeeded: (sum + round) / (1 << 20))
                    }
                    to += outputShape.channels
                }
            }
        }
    }

    /// Four weighted values per output value.
    public static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        OperatorWork(elementwiseOperations: OperatorWork.product(4, operands.outputElementCount(0)), costClass: .elementwise)
    }
}
