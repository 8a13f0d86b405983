import EdgeRuntime

extension OperatorParameters {
    /// CONCATENATION: one copy per input into its slice of the output along the axis. Int8 inputs
    /// must share the output's scale and zero point (TFLM's restriction); the fused activation must be NONE.
    func concatenation(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let out = try output(op, index)
        guard op.options.fusedActivation == .none else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "a fused activation is not supported")
        }
        let axis = try normalizedAxis(op.options.axis, rank: out.shape.count, op, index)
        let outer = out.shape[..<axis].reduce(1, *)
        let inner = out.shape[(axis + 1)...].reduce(1, *)
        var copies: [CopyProgram.Copy] = []
        var offset = 0
        for position in op.inputs.indices {
            let input = try tensor(op, input: position, index)
            try requireSameQuantization(input, out, op, index)
            guard input.shape.count == out.shape.count,
                input.shape.indices.allSatisfy({ $0 == axis || input.shape[$0] == out.shape[$0] })
            else {
                throw .invalidOperator(index: index, kind: op.kind, reason: "input \(position) shape \(input.shape) does not fit output \(out.shape) along axis \(axis)")
            }
            let row = input.shape[axis] * inner
            copies.append(
                CopyProgram.Copy(
                    sourceInput: position, destinationOutput: 0, sourceStart: 0, destinationStart: offset * inner,
                    dimensions: [outer, row], sourceStrides: [row, 1], destinationStrides: [out.shape[axis] * inner, 1]))
            offset += input.shape[axis]
        }
        guard offset == out.shape[axis] else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "the inputs add up to \(offset) along axis \(axis), the output has \(out.shape[axis])")
        }
        return try copyProgram(fill: nil, copies: copies, op, index)
    }

    /// `axis` in `0..<rank` (TFLite allows `-rank..<rank`).
    func normalizedAxis(_ axis: Int, rank: Int, _ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        // A scalar has no axis (shape[axis] would be out of range).
        guard resolved >= 0, resolved < rank else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "axis \(axis) is outside rank \(rank)")
        }
        return resolved
    }

    /// For operators that move int8 bytes unchanged: the same element type, scale and zero point.
    func requireSameQuantization(_ a: TensorDescription, _ b: TensorDescription, _ op: OperatorDescription, _ index: Int) throws(ModelWriterError) {
        guard a.elementType == b.elementType else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "tensor '\(a.name)' is \(a.elementType), '\(b.name)' is \(b.elementType)")
        }
        guard a.elementType != .int8 || (a.quantization?.scale == b.quantization?.scale && a.quantization?.zeroPoint == b.quantization?.zeroPoint) else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "tensors '\(a.name)' and '\(b.name)' must share scale and zero point")
        }
    }
}
