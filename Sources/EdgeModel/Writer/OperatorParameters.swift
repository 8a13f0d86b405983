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
        case .concatenation: return try concatenation(op, index)
        case .mean: return try meanOrSum(op, index, mean: true)
        case .sum: return try meanOrSum(op, index, mean: false)
        case .reduceMax: return try reduceMax(op, index)
        case .pad, .padV2: return try pad(op, index)
        case .transpose: return try transpose(op, index)
        case .slice: return try slice(op, index)
        case .stridedSlice: return try stridedSlice(op, index)
        case .split, .splitV: return try split(op, index)
        case .pack, .unpack: return try packOrUnpack(op, index)
        case .transposeConv2D: return try transposeConvolution(op, index)
        case .batchMatMul: return try batchMatMul(op, index)
        case .argMax: return try argMax(op, index)
        case .gather: return try gather(op, index)
        case .resizeNearestNeighbor: return try resizeNearestNeighbor(op, index)
        case .resizeBilinear: return try resizeBilinear(op, index)
        case .logistic: return try logistic(op, index)
        case .tanh: return try tanh(op, index)
        case .hardSwish: return try hardSwish(op, index)
        case .leakyRelu: return try leakyRelu(op, index)
        case .relu: return try relu(op, index)
        case .relu6: return try relu6(op, index)
        case .rsqrt: return try rsqrt(op, index)
        case .neg: return try neg(op, index)
        case .sub: return try sub(op, index)
        case .mul: return try mul(op, index)
        case .squaredDifference: return try squaredDifference(op, index)
        case .maximum, .minimum: return try maximumMinimum(op, index)
        case .prelu: return try prelu(op, index)
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
        guard let bad = q.scales.first(where: { !($0.isFinite && $0 > 0) }) else { return q }
        throw .invalidOperator(index: index, kind: op.kind, reason: "tensor '\(tensor.name)' has scale \(bad); scales must be positive and finite")
    }

    /// TFLite's `CalculateActivationRangeQuantized` for an int8 output.
    func activationRange(_ activation: FusedActivation, output q: QuantizationParameters) -> ActivationRange {
        let scale = q.scale
        let zeroPoint = q.zeroPoint
        // Saturating where TFLite's int32 arithmetic would overflow: a tiny scale puts 6 / scale past
        // any integer (or at infinity), which must clamp, not trap.
        func quantize(_ x: Float) -> Int32 {
            let steps = (x / scale).rounded(.toNearestOrAwayFromZero)
            guard !steps.isNaN else { return zeroPoint }
            return Int32(clamping: Int64(zeroPoint) + Int64(max(-1e12, min(1e12, steps))))
        }
        switch activation {
        case .none: return .int8
        case .relu: return ActivationRange(minimum: max(-128, quantize(0)), maximum: 127)
        case .relu6: return ActivationRange(minimum: max(-128, quantize(0)), maximum: min(127, quantize(6)))
        case .reluMinusOneToOne: return ActivationRange(minimum: max(-128, quantize(-1)), maximum: min(127, quantize(1)))
        }
    }

    /// TFLite's `ComputePaddingHeightWidth` for one axis: the top (or left) padding.
    static func padding(_ padding: Padding, stride: Int, dilation: Int, input: Int, filter: Int, output: Int) -> Int {
        guard padding == .same else { return 0 }
        let effectiveFilter = (filter - 1) * dilation + 1
        return max(0, ((output - 1) * stride + effectiveFilter - input) / 2)
    }

    /// The window geometry of operator `index`, refused with a reason where a word falls outside what
    /// the runtime's validation accepts (strides and dilations `1...1024`, filter sides `1...65536`, a
    /// padding no wider than the filter reaches): a hostile or inconsistent file must not trap when
    /// its words are narrowed to Int32, nor produce a model the runtime then rejects.
    func window(
        _ op: OperatorDescription, _ index: Int, strideHeight: Int, strideWidth: Int, dilationHeight: Int = 1,
        dilationWidth: Int = 1, filterHeight: Int, filterWidth: Int, padTop: Int, padLeft: Int
    ) throws(ModelWriterError) -> WindowGeometry {
        for (name, value) in [("stride", strideHeight), ("stride", strideWidth), ("dilation", dilationHeight), ("dilation", dilationWidth)] {
            try require((1...1024).contains(value), op, index, "\(name) \(value) is outside 1...1024")
        }
        for side in [filterHeight, filterWidth] {
            try require((1...65536).contains(side), op, index, "filter side \(side) is outside 1...65536")
        }
        try require(
            padTop <= (filterHeight - 1) * dilationHeight && padLeft <= (filterWidth - 1) * dilationWidth, op, index,
            "padding \(padTop)×\(padLeft) reaches past the \(filterHeight)×\(filterWidth) filter: the output's size does not follow from the input's")
        return WindowGeometry(
            strideHeight: strideHeight, strideWidth: strideWidth, dilationHeight: dilationHeight, dilationWidth: dilationWidth,
            padTop: padTop, padLeft: padLeft)
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
        let clamp = activationRange(op.options.fusedActivation, output: y)
        guard w.isPerChannel else {
            // TFLM (tflite-micro 0.dev20261023) multiplies the scales in double. A product taken in
            // float, as older TFLite did, is off by up to an ulp and gave ad01_int8 a 1-LSB error.
            let m = QuantizedMultiplier(Double(x.scale) * Double(w.scale) / Double(y.scale))
            return FullyConnected.Parameters(
                inputOffset: -x.zeroPoint, weightsOffset: -w.zeroPoint, outputOffset: y.zeroPoint, multiplier: m.multiplier,
                shift: m.shift, activation: clamp
            ).words
        }
        // Per channel too, each scale in double: x · w[c] / y.
        let outputs = try tensor(op, input: 1, index).shape.first ?? 0
        guard w.scales.count == outputs, w.channelAxis == 0, w.zeroPoints.allSatisfy({ $0 == 0 }) else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "per-channel weights need one scale per output row and zero points of 0")
        }
        let channels = w.scales.map { QuantizedMultiplier(Double(x.scale) * Double($0) / Double(y.scale)) }
        return FullyConnected.Parameters(
            inputOffset: -x.zeroPoint, weightsOffset: 0, outputOffset: y.zeroPoint, multiplier: channels[0].multiplier,
            shift: channels[0].shift, activation: clamp
        ).words(perChannelMultipliers: channels.map(\.multiplier), shifts: channels.map(\.shift))
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
        guard filter.constantData != nil else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "the filter '\(filter.name)' must be a constant (weights stored in the file)")
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
        let window = try window(
            op, index, strideHeight: o.strideHeight, strideWidth: o.strideWidth, dilationHeight: o.dilationHeight,
            dilationWidth: o.dilationWidth, filterHeight: filter.shape[1], filterWidth: filter.shape[2], padTop: padTop, padLeft: padLeft)
        var multipliers: [Int32] = []
        var shifts: [Int32] = []
        for channel in 0..<channels {
            let filterScale = Double(w.scales.count == 1 ? w.scales[0] : w.scales[channel])
            let m = QuantizedMultiplier(Double(x.scale) * filterScale / Double(y.scale))
            multipliers.append(m.multiplier)
            shifts.append(m.shift)
        }
        guard depthwise else {
            return Conv2D.Parameters.words(
                window: window, inputOffset: -x.zeroPoint, outputOffset: y.zeroPoint, activation: clamp,
                multipliers: multipliers, shifts: shifts)
        }
        guard input.shape[3] > 0, channels % input.shape[3] == 0 else {
            throw .invalidOperator(index: index, kind: op.kind, reason: "\(channels) output channels are not a multiple of \(input.shape[3]) input channels")
        }
        return DepthwiseConv2D.Parameters.words(
            window: window, depthMultiplier: channels / input.shape[3], inputOffset: -x.zeroPoint, outputOffset: y.zeroPoint,
            activation: clamp, multipliers: multipliers, shifts: shifts)
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
        let window = try window(
            op, index, strideHeight: o.strideHeight, strideWidth: o.strideWidth, filterHeight: o.filterHeight,
            filterWidth: o.filterWidth, padTop: padTop, padLeft: padLeft)
        return PoolingParameters(window: window, filterHeight: o.filterHeight, filterWidth: o.filterWidth, activation: clamp).words
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
        let parameters = Softmax.Parameters(inputMultiplier: m.multiplier, inputLeftShift: m.shift, differenceMinimum: differenceMinimum)
        // The reference kernel's exponentials for every distance to the row maximum, read by the device.
        return parameters.words + parameters.exponentialTable
    }

    func quantize(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let input = try tensor(op, input: 0, index)
        let y = try quantization(output(op, index), op, index)
        if input.elementType == .float32 {
            return Quantize.FloatParameters(scale: y.scale, zeroPoint: y.zeroPoint).words
        }
        let x = try quantization(input, op, index)
        let m = QuantizedMultiplier(Double(x.scale) / Double(y.scale))
        return Quantize.RequantizeParameters(
            inputZeroPoint: x.zeroPoint, outputZeroPoint: y.zeroPoint, multiplier: m.multiplier, shift: m.shift
        ).words
    }

    func dequantize(_ op: OperatorDescription, _ index: Int) throws(ModelWriterError) -> [Int32] {
        let x = try quantization(tensor(op, input: 0, index), op, index)
        return Dequantize.Parameters(scale: x.scale, zeroPoint: x.zeroPoint).words
    }
}
