import EdgeRuntime

/// What the binary element-wise operators (ADD, SUB, MUL, SQUARED_DIFFERENCE, MAXIMUM, MINIMUM,
/// PRELU) share on the host: their int8 operands and the broadcast layout.
struct BinaryOperands {
    /// The first input (PRELU: the input).
    var first: TensorDescription
    /// The second input (PRELU: the slope).
    var second: TensorDescription
    /// The output.
    var output: TensorDescription
    /// Their per-tensor quantization, in the same order.
    var q1: QuantizationParameters
    var q2: QuantizationParameters
    var qOut: QuantizationParameters
}

extension OperatorParameters {
    /// The two inputs and the output of a binary element-wise operator: int8, one scale each, zero
    /// points in the int8 range (TFLM's kernels assume it).
    func binaryOperands(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> BinaryOperands {
        guard op.inputs.count == 2 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "expects two inputs, has \(op.inputs.count)")
        }
        let tensors = [try tensor(op, input: 0, index), try tensor(op, input: 1, index), try output(op, index)]
        var quantizations: [QuantizationParameters] = []
        for t in tensors {
            guard t.elementType == .int8 else {
                throw .invalidOperator(index: index, kind: op.kind, reason: "tensor '\(t.name)' is \(t.elementType); only int8 is supported")
            }
            let q = try quantization(t, op, index)
            guard !q.isPerChannel, q.scale > 0, q.scale.isFinite, (-128...127).contains(q.zeroPoint) else {
                throw .invalidOperator(index: index, kind: op.kind, reason: "tensor '\(t.name)' needs one positive scale and an int8 zero point")
            }
            quantizations.append(q)
        }
        return BinaryOperands(
            first: tensors[0], second: tensors[1], output: tensors[2], q1: quantizations[0], q2: quantizations[1],
            qOut: quantizations[2])
    }

    /// The ``BroadcastLayout`` words of the operands' shapes.
    func broadcastLayout(_ operands: BinaryOperands, _ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        guard let words = BroadcastLayout.words(output: operands.output.shape, first: operands.first.shape, second: operands.second.shape) else {
            throw .invalidOperator(
                index: index, kind: op.kind,
                reason: "shapes \(operands.first.shape) and \(operands.second.shape) do not broadcast to \(operands.output.shape) in at most \(BroadcastLayout.rank) merged dimensions")
        }
        return words
    }

    /// TFLite's `QuantizeMultiplierSmallerThanOneExp`: `real` must be in (0, 1) and quantize with a shift ≤ 0.
    func multiplierBelowOne(_ real: Double, _ what: String, _ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> QuantizedMultiplier {
        let m = QuantizedMultiplier(real)
        guard real > 0, real < 1, m.shift <= 0 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "the \(what) multiplier \(real) is not below one (the scales do not fit TFLM's int8 kernel)")
        }
        return m
    }

    /// TFLite's `QuantizeMultiplier`, with the shift the runtime accepts (`≤ 30`).
    func multiplier(_ real: Double, _ what: String, _ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> QuantizedMultiplier {
        let m = QuantizedMultiplier(real)
        guard m.shift <= 30 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "the \(what) multiplier \(real) is too large")
        }
        return m
    }
}
