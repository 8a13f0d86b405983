import EdgeRuntime

extension OperatorParameters {
    /// BATCH_MATMUL: TFLM's Prepare (`GetQuantizedConvolutionMultipler` without bias, so the two scales
    /// are multiplied in float) and the operands' strides after TFLite extends both to five dimensions.
    func batchMatMul(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let lhs = try tensor(op, input: 0, index)
        let rhs = try tensor(op, input: 1, index)
        let out = try output(op, index)
        let l = try quantization(lhs, op, index)
        let r = try quantization(rhs, op, index)
        let y = try quantization(out, op, index)
        try require(!l.isPerChannel && !r.isPerChannel, op, index, "operands must be quantized per tensor")
        try require((2...5).contains(lhs.shape.count) && (2...5).contains(rhs.shape.count), op, index,
                    "operands of rank \(lhs.shape.count) and \(rhs.shape.count); TFLM takes 2 to 5")
        let left = [Int](repeating: 1, count: 5 - lhs.shape.count) + lhs.shape
        let right = [Int](repeating: 1, count: 5 - rhs.shape.count) + rhs.shape
        let adjointLeft = op.options.adjointLeft
        let adjointRight = op.options.adjointRight
        let rows = adjointLeft ? left[4] : left[3]
        let depth = adjointLeft ? left[3] : left[4]
        let columns = adjointRight ? right[3] : right[4]
        try require(depth == (adjointRight ? right[4] : right[3]), op, index, "shapes \(lhs.shape) and \(rhs.shape) do not share a depth")
        let leftStrides = Self.contiguousStrides(left)
        let rightStrides = Self.contiguousStrides(right)
        var batches: [Int] = []
        var leftBatch: [Int] = []
        var rightBatch: [Int] = []
        for axis in 0..<3 {
            try require(left[axis] == right[axis] || left[axis] == 1 || right[axis] == 1, op, index,
                        "batch dimensions of \(lhs.shape) and \(rhs.shape) do not broadcast")
            let size = max(left[axis], right[axis])
            batches.append(size)
            leftBatch.append(left[axis] == 1 ? 0 : leftStrides[axis])
            rightBatch.append(right[axis] == 1 ? 0 : rightStrides[axis])
        }
        try require(out.elementCount == batches.reduce(rows * columns, *), op, index,
                    "output shape \(out.shape) is not the product's \(batches + [rows, columns])")
        let m = QuantizedMultiplier(Double(l.scale * r.scale) / Double(y.scale))
        let words = [batches[0], batches[1], batches[2], rows, columns, depth]
            + leftBatch + [adjointLeft ? 1 : left[4], adjointLeft ? left[4] : 1]
            + rightBatch + [adjointRight ? 1 : right[4], adjointRight ? right[4] : 1]
        var exact: [Int32] = []
        for word in words {
            guard let value = Int32(exactly: word) else {
                throw .invalidOperator(index: index, kind: op.kind, reason: "a dimension or stride does not fit a 32-bit word")
            }
            exact.append(value)
        }
        return BatchMatMul.Parameters(
            lhsOffset: -l.zeroPoint, rhsOffset: -r.zeroPoint, outputOffset: y.zeroPoint, multiplier: m.multiplier,
            shift: m.shift, activation: .int8, dimensions: Array(exact[0..<6]),
            lhsStrides: Array(exact[6..<11]), rhsStrides: Array(exact[11..<16])
        ).words
    }
}
