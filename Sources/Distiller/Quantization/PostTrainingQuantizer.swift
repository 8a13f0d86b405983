import EdgeModel
import EdgeRuntime

/// Post-training int8 quantization of a float ``Sequential`` network into an EdgeModel ``Graph``
/// that follows TFLite's int8 specification.
///
/// Batch norm is folded and dropout dropped (``Sequential/foldingNormalization()``); convolution and
/// depthwise filters get per-channel symmetric scales, dense weights one symmetric scale (or one per
/// unit, ``denseWeights``), biases
/// int32 with scale `inputScale · weightScale`; activations are asymmetric int8 per tensor, their
/// ranges calibrated by running sample inputs through the float network. ReLU and ReLU6 are fused,
/// `Flatten` becomes RESHAPE and global average pooling an AVERAGE_POOL_2D over the whole map. The
/// graph's input is int8 (its scale and zero point tell hosts how to quantize an example, always
/// from the input's full min/max range) and its output is the int8 logits, or with
/// ``endsWithSoftmax`` the class probabilities (an int8 SOFTMAX, steps of 1/256 from −128 for 0, as
/// TFLite has them) — what a streaming detector smooths.
public struct PostTrainingQuantizer {
    /// How activation ranges are chosen from the calibration values.
    public var calibration: RangeCalibration
    /// Calibration examples run through the float network at a time.
    public var batchSize: Int
    /// One scale per dense weight matrix, or one per unit.
    public var denseWeights: DenseWeightScales
    /// Whether a SOFTMAX follows the logits, so the model gives probabilities.
    public var endsWithSoftmax: Bool

    /// Creates a quantizer.
    public init(
        calibration: RangeCalibration = .minimumMaximum, batchSize: Int = 100, denseWeights: DenseWeightScales = .perTensor,
        endsWithSoftmax: Bool = false
    ) {
        self.calibration = calibration
        self.batchSize = batchSize
        self.denseWeights = denseWeights
        self.endsWithSoftmax = endsWithSoftmax
    }

    /// Calibrates on `calibrationInputs` (examples of `inputShape`, batch first) and builds the int8 graph.
    public func quantize(
        _ network: Sequential, inputShape: [Int], calibrationInputs: Tensor, name: String
    ) throws(QuantizationError) -> Graph {
        let inference = try network.foldingNormalization()
        let (fixedInput, inputMaximum, steps) = try OperatorStep.groups(of: inference)
        let exampleSize = inputShape.reduce(1, *)
        guard calibrationInputs.batchSize > 0, calibrationInputs.itemSize == exampleSize else {
            throw .calibrationInputMismatch(expected: exampleSize, actual: calibrationInputs.itemSize)
        }
        let ranges = calibrate(steps, fixedInput: fixedInput, inputMaximum: inputMaximum, inputShape: inputShape, inputs: calibrationInputs)
        return try build(steps, inputShape: inputShape, ranges: ranges, name: name)
    }

    /// The quantization of the network input and of each step's output (its own, or its input's);
    /// fixed quantizations (from quantization-aware training) are kept as they are. With an
    /// `inputMaximum` the inputs are clipped there, and the input's range ends there.
    func calibrate(
        _ steps: [OperatorGroup], fixedInput: AffineQuantization?, inputMaximum: Float?, inputShape: [Int], inputs: Tensor
    ) -> [AffineQuantization] {
        let count = inputs.batchSize
        var shape = [count] + inputShape
        var statistics = [ActivationStatistics(expectedCount: count * inputShape.reduce(1, *))]
        for group in steps {
            for layer in group.layers { shape = layer.outputShape(for: shape) ?? shape }
            statistics.append(ActivationStatistics(expectedCount: group.step.hasOwnOutputRange ? shape.reduce(1, *) : 0))
        }
        var start = 0
        while start < count {
            let end = min(start + batchSize, count)
            var activation = inputs.items(start..<end).reshaped(to: [end - start] + inputShape)
            if let inputMaximum { activation = InputClipping(maximum: inputMaximum).forward(activation, training: false) }
            statistics[0].record(activation.scalars)
            for (position, group) in steps.enumerated() {
                for layer in group.layers { activation = layer.forward(activation, training: false) }
                if group.step.hasOwnOutputRange && group.fixedQuantization == nil { statistics[position + 1].record(activation.scalars) }
            }
            start = end
        }
        let inputRange = statistics[0].range(.minimumMaximum)
        var quantizations = [fixedInput ?? AffineQuantization(covering: inputRange.lowerBound...(inputMaximum ?? inputRange.upperBound))]
        for (position, group) in steps.enumerated() {
            quantizations.append(group.step.hasOwnOutputRange
                ? group.fixedQuantization ?? AffineQuantization(covering: statistics[position + 1].range(calibration))
                : quantizations[position])
        }
        return quantizations
    }

    /// Builds the graph from the steps and the calibrated quantizations.
    func build(
        _ steps: [OperatorGroup], inputShape: [Int], ranges: [AffineQuantization], name: String
    ) throws(QuantizationError) -> Graph {
        var builder = GraphBuilder()
        var shape = [1] + inputShape
        var current = builder.activation("input", shape: shape, ranges[0])
        for (position, step) in steps.map(\.step).enumerated() {
            let output = ranges[position + 1]
            let inputScale = ranges[position].scale
            let label = "op\(position)"
            switch step {
            case .dense(let dense, let activation):
                guard shape.count == 2 else { throw .unsupportedLayer(index: position, description: dense.description + " on a non-flat input") }
                let weights = WeightChannels(dense, dense: denseWeights)!.quantized
                shape = [1, dense.outputCount]
                current = builder.weightOperator(
                    .fullyConnected, label: label, input: current, weights: weights, weightShape: dense.weight.value.shape,
                    channelAxis: 0, biases: weights.quantizedBiases(dense.bias.value.scalars, inputScale: inputScale),
                    output: builder.activation(label, shape: shape, output), options: .init(fusedActivation: activation))
            case .convolution(let convolution, let activation):
                let weights = WeightChannels(convolution, dense: denseWeights)!.quantized
                shape = convolution.outputShape(for: shape) ?? shape
                current = builder.weightOperator(
                    .conv2D, label: label, input: current, weights: weights, weightShape: convolution.weight.value.shape,
                    channelAxis: 0, biases: weights.quantizedBiases(convolution.bias.value.scalars, inputScale: inputScale),
                    output: builder.activation(label, shape: shape, output),
                    options: .init(
                        padding: convolution.padding, strideHeight: convolution.stride, strideWidth: convolution.stride,
                        dilationHeight: convolution.dilation, dilationWidth: convolution.dilation, fusedActivation: activation))
            case .depthwise(let depthwise, let activation):
                let weights = WeightChannels(depthwise, dense: denseWeights)!.quantized
                shape = depthwise.outputShape(for: shape) ?? shape
                current = builder.weightOperator(
                    .depthwiseConv2D, label: label, input: current, weights: weights, weightShape: depthwise.weight.value.shape,
                    channelAxis: 3, biases: weights.quantizedBiases(depthwise.bias.value.scalars, inputScale: inputScale),
                    output: builder.activation(label, shape: shape, output),
                    options: .init(
                        padding: depthwise.padding, strideHeight: depthwise.stride, strideWidth: depthwise.stride,
                        dilationHeight: depthwise.dilation, dilationWidth: depthwise.dilation, depthMultiplier: 1,
                        fusedActivation: activation))
            case .maxPool(let pool):
                shape = pool.outputShape(for: shape) ?? shape
                current = builder.operator(
                    .maxPool2D, inputs: [current], output: builder.activation(label, shape: shape, output),
                    options: .pooling(pool.window))
            case .averagePool(let pool):
                shape = pool.outputShape(for: shape) ?? shape
                current = builder.operator(
                    .averagePool2D, inputs: [current], output: builder.activation(label, shape: shape, output),
                    options: .pooling(pool.window))
            case .globalAveragePool:
                guard shape.count == 4 else { throw .unsupportedLayer(index: position, description: "global average pool on a flat input") }
                let pooled = builder.operator(
                    .averagePool2D, inputs: [current], output: builder.activation(label + "/pool", shape: [1, 1, 1, shape[3]], output),
                    options: .init(padding: .valid, filterHeight: shape[1], filterWidth: shape[2]))
                shape = [1, shape[3]]
                current = builder.operator(.reshape, inputs: [pooled], output: builder.activation(label, shape: shape, output))
            case .flatten:
                shape = [1, shape.dropFirst().reduce(1, *)]
                current = builder.operator(.reshape, inputs: [current], output: builder.activation(label, shape: shape, output))
            }
        }
        if endsWithSoftmax {
            let probabilities = AffineQuantization(scale: 1 / 256, zeroPoint: -128)
            current = builder.operator(.softmax, inputs: [current], output: builder.activation("probabilities", shape: shape, probabilities))
        }
        return Graph(name: name, tensors: builder.tensors, operators: builder.operators, inputs: [0], outputs: [current])
    }
}

extension OperatorOptions {
    /// A pooling operator's options: valid padding, the window and its strides.
    static func pooling(_ window: PoolWindow) -> OperatorOptions {
        .init(padding: .valid, strideHeight: window.strideHeight, strideWidth: window.strideWidth,
              filterHeight: window.height, filterWidth: window.width)
    }
}

/// Collects tensors and operators while a graph is built.
private struct GraphBuilder {
    var tensors: [TensorDescription] = []
    var operators: [OperatorDescription] = []

    /// Adds an int8 activation tensor and returns its index.
    mutating func activation(_ name: String, shape: [Int], _ quantization: AffineQuantization) -> Int {
        tensors.append(TensorDescription(
            name: name, shape: shape, elementType: .int8,
            quantization: .init(scale: quantization.scale, zeroPoint: quantization.zeroPoint)))
        return tensors.count - 1
    }

    /// Adds an operator and returns its output tensor.
    mutating func `operator`(_ kind: OperatorKind, inputs: [Int], output: Int, options: OperatorOptions = .init()) -> Int {
        operators.append(OperatorDescription(kind: kind, inputs: inputs, outputs: [output], options: options))
        return output
    }

    /// Adds the weight and bias constants of a convolution or dense operator, then the operator.
    mutating func weightOperator(
        _ kind: OperatorKind, label: String, input: Int, weights: SymmetricWeights, weightShape: [Int], channelAxis: Int,
        biases: [Int32], output: Int, options: OperatorOptions
    ) -> Int {
        tensors.append(TensorDescription(
            name: label + "/weights", shape: weightShape, elementType: .int8,
            quantization: .init(scales: weights.scales, zeroPoints: Array(repeating: 0, count: weights.scales.count), channelAxis: channelAxis),
            constantData: weights.values.map { UInt8(bitPattern: $0) }))
        let weightIndex = tensors.count - 1
        tensors.append(TensorDescription(
            name: label + "/bias", shape: [biases.count], elementType: .int32,
            constantData: biases.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }))
        return self.operator(kind, inputs: [input, weightIndex, tensors.count - 1], output: output, options: options)
    }
}
