import EdgeRuntime

extension OperatorParameters {
    /// MEAN and SUM: TFLM's Prepare (`QuantizeMultiplier(inputScale / outputScale)`) and, for MEAN, the
    /// folding of `1 / count` into that multiplier that `QuantizedMeanOrSum` does on every invoke.
    func meanOrSum(_ op: OperatorDescription, _ index: Int, mean: Bool) throws(ModelWriterError) -> [Int32] {
        let input = try tensor(op, input: 0, index)
        let x = try quantization(input, op, index)
        let y = try quantization(output(op, index), op, index)
        let (layout, count) = try reductionLayout(op, index)
        var m = QuantizedMultiplier(Double(x.scale) / Double(y.scale))
        if mean {
            // floor(log2 count), at most 32 and at most 31 + shift, as TFLM clamps it.
            var shift = Int32(Int.bitWidth - 1 - count.leadingZeroBitCount)
            shift = min(shift, 32)
            shift = min(shift, 31 + m.shift)
            m.multiplier = Int32(truncatingIfNeeded: (Int64(m.multiplier) << Int64(shift)) / Int64(count))
            m.shift -= shift
        }
        return Mean.Parameters(
            inputZeroPoint: x.zeroPoint, outputZeroPoint: y.zeroPoint, multiplier: m.multiplier, shift: m.shift,
            reducedCount: Int32(count)
        ).words(layout: layout)
    }

    /// REDUCE_MAX: the layout alone; input and output must share scale and zero point.
    func reduceMax(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        try requireSameQuantization(try tensor(op, input: 0, index), try output(op, index), op, index)
        return try reductionLayout(op, index).words
    }

    /// The reduction layout of input 0 over the axes in the constant int32 input 1.
    func reductionLayout(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> (words: [Int32], count: Int) {
        let input = try tensor(op, input: 0, index)
        let axes = try constantIntegers(op, input: 1, index)
        guard let layout = ReductionLayout.words(inputShape: input.shape, axes: axes) else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "axes \(axes) do not fit shape \(input.shape) (an axis out of range, or a stride beyond Int32)")
        }
        let out = try output(op, index)
        guard out.elementCount == input.elementCount / max(layout.reducedCount, 1) else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "output shape \(out.shape) does not match reducing \(input.shape) over \(axes)")
        }
        return (layout.words, layout.reducedCount)
    }

    /// The values of constant int32 input `position` (axes, paddings, permutations, slice bounds).
    func constantIntegers(_ op: OperatorDescription, input position: Int, _ index: Int) throws(ModelWriterError) -> [Int] {
        let t = try tensor(op, input: position, index)
        guard t.elementType == .int32, let data = t.constantData, data.count == 4 * t.elementCount else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "input \(position) must be a constant int32 tensor")
        }
        return stride(from: 0, to: data.count, by: 4).map { at in
            Int(Int32(bitPattern: UInt32(data[at]) | UInt32(data[at + 1]) << 8 | UInt32(data[at + 2]) << 16 | UInt32(data[at + 3]) << 24))
        }
    }
}
