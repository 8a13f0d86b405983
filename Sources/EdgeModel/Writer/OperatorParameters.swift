import EdgeRuntime
import Foundation

/// Computes an operator's parameter words (the precomputed constants the runtime kernels read)
/// from the graph, with TFLite's formulas: docs/QUANTIZATION.md describes each one.
struct OperatorParameters {
    let graph: Graph

    /// The parameter words of operator `index`, in the order the runtime reads them.
    func words(forOperator index: Int) throws(ModelWriterError) -> [Int32] {
        let op = graph.operators[index]
        switch op.kind {
        case .fullyConnected: return try fullyConnected(op, index)
        case .conv2D, .depthwiseConv2D: return try convolution(op, index)
        case .averagePool2D, .maxPool2D: return try pooling(op, index)
        case .add: return try add(op, index)
        case .reshape: return []
        case .softmax: return try softmax(op, index)
        case .quantize: return try quantize(op, index)
        case .dequantize: return try dequantize(op, index)
        }
    }

    // MARK: Helpers

    func tensor(_ op: OperatorDescription, input position: Int, _ index: Int) throws(ModelWriterError) -> TensorDescription {
        guard position < op.inputs.count, op.inputs[position] >= 0, op.inputs[position] < graph.tensors.count else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "input \(position) is missing")
        }
        return graph.tensors[op.inputs[position]]
    }

    func output(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> TensorDescription {
        guard op.outputs.count == 1, op.outputs[0] >= 0, op.outputs[0] < graph.tensors.count else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "expects exactly one output")
        }
        return graph.tensors[op.outputs[0]]
    }

    func quantization(_ tensor: TensorDescription, _ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> QuantizationParameters {
        guard let q = tensor.quantization, !q.scales.isEmpty, q.scales.count == q.zeroPoints.count else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "tensor '\(tensor.name)' has no quantization parameters")
        }
        return q
    }

    /// TFLite's `CalculateActivationRangeQuantized` for an int8 output.
    func activationRange(_ activation: FusedActivation, output q: QuantizationParameters) -> (Int32, Int32) {
        let scale = q.scale
        let zeroPoint = q.zeroPoint
        func quantize(_ x: Float) -> Int32 { zeroPoint &+ Int32(clamping: Int64((x / scale).rounded(.toNearestOrAwayFromZero))) }
        switch activation {
        case .none: return (-128, 127)
        case .relu: return (max(-128, quantize(0)), 127)
        case .relu6: return (max(-128, quantize(0)), min(127, quantize(6)))
        case .reluMinusOneToOne: return (max(-128, quantize(-1)), min(127, quantize(1)))
        }
    }

    /// TFLite's `ComputePaddingHeightWidth` for one axis: the top (or left) padding.
    static func padding(_ padding: Padding, stride: Int, dilation: Int, input: Int, filter: Int, output: Int) -> Int {
        guard padding == .same else { return 0 }
        let effectiveFilter = (filter - 1) * dilation + 1
        return max(0, ((output - 1) * stride + effectiveFilter - input) / 2)
    }

    /// TFLite's `ComputeOutSize`.
    static func outputSize(_ padding: Padding, input: Int, filter: Int, stride: Int, dilation: Int) -> Int {
        let effectiveFilter = (filter - 1) * dilation + 1
        switch padding {
        case .same: return (input + stride - 1) / stride
        case .valid: return (input + stride - effectiveFilter) / stride
        }
    }

    // MARK: Kinds

    func fullyConnected(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let x = try quantization(tensor(op, input: 0, index), op, index)
        let w = try quantization(tensor(op, input: 1, index), op, index)
        let y = try quantization(output(op, index), op, index)
        guard !w.isPerChannel else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "per-channel weights are not supported; use one scale")
        }
        // TFLite multiplies the two float scales in float, then divides in double.
        let real = Double(x.scale * w.scale) / Double(y.scale)
        let m = QuantizedMultiplier(real)
        let clamp = activationRange(op.options.fusedActivation, output: y)
        return [-x.zeroPoint, -w.zeroPoint, y.zeroPoint, m.multiplier, m.shift, clamp.0, clamp.1]
    }

    func convolution(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let input = try tensor(op, input: 0, index)
        let filter = try tensor(op, input: 1, index)
        let out = try output(op, index)
        let x = try quantization(input, op, index)
        let w = try quantization(filter, op, index)
        let y = try quantization(out, op, index)
        guard input.shape.count == 4, filter.shape.count == 4, out.shape.count == 4 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "input, filter and output must be 4-D (NHWC)")
        }
        let o = op.options
        let depthwise = op.kind == .depthwiseConv2D
        let channels = depthwise ? filter.shape[3] : filter.shape[0]
        guard w.scales.count == 1 || w.scales.count == channels else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "filter has \(w.scales.count) scales for \(channels) output channels")
        }
        let padTop = Self.padding(o.padding, stride: o.strideHeight, dilation: o.dilationHeight, input: input.shape[1], filter: filter.shape[1], output: out.shape[1])
        let padLeft = Self.padding(o.padding, stride: o.strideWidth, dilation: o.dilationWidth, input: input.shape[2], filter: filter.shape[2], output: out.shape[2])
        let clamp = activationRange(o.fusedActivation, output: y)
        var words: [Int32] = [
            Int32(o.strideHeight), Int32(o.strideWidth), Int32(o.dilationHeight), Int32(o.dilationWidth),
            Int32(padTop), Int32(padLeft), -x.zeroPoint, y.zeroPoint, clamp.0, clamp.1,
        ]
        if depthwise {
            guard input.shape[3] > 0, channels % input.shape[3] == 0 else {
                throw .invalidOperator(index: index, kind: op.kind, reason: "\(channels) output channels are not a multiple of \(input.shape[3]) input channels")
            }
            words.append(Int32(channels / input.shape[3]))
        }
        var multipliers: [Int32] = []
        var shifts: [Int32] = []
        for channel in 0..<channels {
            let filterScale = Double(w.scales.count == 1 ? w.scales[0] : w.scales[channel])
            let m = QuantizedMultiplier(Double(x.scale) * filterScale / Double(y.scale))
            multipliers.append(m.multiplier)
            shifts.append(m.shift)
        }
        return words + multipliers + shifts
    }

    func pooling(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let input = try tensor(op, input: 0, index)
        let out = try output(op, index)
        let x = try quantization(input, op, index)
        let y = try quantization(out, op, index)
        guard input.shape.count == 4, out.shape.count == 4 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "input and output must be 4-D (NHWC)")
        }
        guard x.scale == y.scale, x.zeroPoint == y.zeroPoint else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "input and output must share scale and zero point")
        }
        let o = op.options
        let padTop = Self.padding(o.padding, stride: o.strideHeight, dilation: 1, input: input.shape[1], filter: o.filterHeight, output: out.shape[1])
        let padLeft = Self.padding(o.padding, stride: o.strideWidth, dilation: 1, input: input.shape[2], filter: o.filterWidth, output: out.shape[2])
        let clamp = activationRange(o.fusedActivation, output: y)
        return [Int32(o.strideHeight), Int32(o.strideWidth), Int32(o.filterHeight), Int32(o.filterWidth), Int32(padTop), Int32(padLeft), clamp.0, clamp.1]
    }

    func add(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let a = try quantization(tensor(op, input: 0, index), op, index)
        let b = try quantization(tensor(op, input: 1, index), op, index)
        let y = try quantization(output(op, index), op, index)
        let leftShift: Int32 = 20
        let twiceMaximumScale = 2 * Double(max(a.scale, b.scale))
        let first = QuantizedMultiplier(Double(a.scale) / twiceMaximumScale)
        let second = QuantizedMultiplier(Double(b.scale) / twiceMaximumScale)
        let result = QuantizedMultiplier(twiceMaximumScale / (Double(1 << leftShift) * Double(y.scale)))
        guard result.shift <= 0 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "output scale is too small for the inputs' scales")
        }
        let clamp = activationRange(op.options.fusedActivation, output: y)
        return [
            -a.zeroPoint, -b.zeroPoint, y.zeroPoint, leftShift, first.multiplier, first.shift,
            second.multiplier, second.shift, result.multiplier, result.shift, clamp.0, clamp.1,
        ]
    }

    func softmax(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let x = try quantization(tensor(op, input: 0, index), op, index)
        let y = try quantization(output(op, index), op, index)
        guard y.zeroPoint == -128, y.scale == 1.0 / 256 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "int8 softmax output must have scale 1/256 and zero point -128")
        }
        let integerBits = Int(Softmax.scaledDifferenceIntegerBits)
        let real = min(Double(op.options.softmaxBeta) * Double(x.scale) * Double(1 << (31 - integerBits)), Double((Int64(1) << 31) - 1))
        let m = QuantizedMultiplier(real)
        guard m.shift >= 0 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "beta · input scale is too small for the int8 softmax")
        }
        let radius = Double((1 << integerBits) - 1) * Double(Int64(1) << (31 - integerBits)) / Double(Int64(1) << Int64(m.shift))
        let differenceMinimum = -Int32(floor(radius))
        return [m.multiplier, m.shift, differenceMinimum]
    }

    func quantize(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let input = try tensor(op, input: 0, index)
        let y = try quantization(output(op, index), op, index)
        if input.elementType == .float32 {
            return [Int32(bitPattern: y.scale.bitPattern), y.zeroPoint]
        }
        let x = try quantization(input, op, index)
        let m = QuantizedMultiplier(Double(x.scale) / Double(y.scale))
        return [x.zeroPoint, y.zeroPoint, m.multiplier, m.shift]
    }

    func dequantize(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let x = try quantization(tensor(op, input: 0, index), op, index)
        return [Int32(bitPattern: x.scale.bitPattern), x.zeroPoint]
    }
}
