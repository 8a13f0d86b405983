import EdgeRuntime

/// Why an `.edm` model could not be turned back into a ``Graph``.
public enum GraphReconstructionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No operator settings reproduce the parameter words the file holds for this operator.
    case unmatchedParameters(operator: Int, kind: String, reason: String)

    public var description: String {
        switch self {
        case .unmatchedParameters(let index, let kind, let reason):
            return "operator \(index) (\(kind)): \(reason)"
        }
    }
}

extension Graph {
    /// The graph an `.edm` model was written from: its tensors (shapes, types, quantization,
    /// constants, names), operators and inputs and outputs.
    ///
    /// The file keeps what the device needs (multipliers, shifts, clamps, paddings in elements), not
    /// the settings a converter reads (a fused activation, SAME or VALID, a softmax beta). Each
    /// operator's settings are found by trying the candidates its words allow and keeping the first
    /// whose words, computed as ``ModelWriter`` computes them, equal the file's word for word; so
    /// writing the graph again gives the same operator parameters, and any other runtime that derives
    /// them with TFLite's formulas computes the same integers.
    ///
    /// - Throws: ``GraphReconstructionError`` naming the operator no candidate reproduces.
    public init(reconstructing loaded: LoadedModel) throws(GraphReconstructionError) {
        let model = loaded.model
        let tensors = (0..<model.tensorCount).map { index in
            let record = model.tensor(index)
            let quantization: QuantizationParameters?
            if record.quantizationCount > 0 {
                let entries = (0..<record.quantizationCount).map { model.quantizationEntry(record.quantizationIndex + $0) }
                quantization = QuantizationParameters(
                    scales: entries.map(\.scale), zeroPoints: entries.map(\.zeroPoint), channelAxis: record.quantizationAxis)
            } else if record.scale != 0 {
                quantization = QuantizationParameters(scale: record.scale, zeroPoint: Int32(record.zeroPoint))
            } else {
                quantization = nil
            }
            return TensorDescription(
                name: loaded.tensorName(index), shape: (0..<record.rank).map { record.dimension($0) },
                elementType: record.elementType, quantization: quantization,
                constantData: record.storage == .constant ? [UInt8](model.constantBytes(ofTensor: index)) : nil)
        }
        let operators = (0..<model.operatorCount).map { index in
            let record = model.operatorRecord(index)
            return OperatorDescription(
                kind: record.kind, inputs: (0..<record.inputCount).map { record.input($0) },
                outputs: (0..<record.outputCount).map { record.output($0) })
        }
        var graph = Graph(
            name: loaded.name, tensors: tensors, operators: operators,
            inputs: (0..<model.inputCount).map { model.inputTensorIndex($0) },
            outputs: (0..<model.outputCount).map { model.outputTensorIndex($0) })
        for index in operators.indices {
            let record = model.operatorRecord(index)
            let stored = (0..<record.parameterCount).map { record.parameter($0) }
            let candidates = OptionCandidates(graph: graph, operator: graph.operators[index], words: stored).all
            var lastReason = "no candidate settings"
            var found: OperatorOptions?
            for options in candidates {
                graph.operators[index].options = options
                do {
                    if try OperatorParameters(graph: graph).words(forOperator: index) == stored {
                        found = options
                        break
                    }
                    lastReason = "no fused activation, padding or other setting reproduces its \(stored.count) parameter words"
                } catch {
                    lastReason = error.description
                }
            }
            guard let found else {
                throw .unmatchedParameters(operator: index, kind: "\(record.kind.name)", reason: lastReason)
            }
            graph.operators[index].options = found
        }
        self = graph
    }
}

/// The settings an operator's words allow, most likely first.
private struct OptionCandidates {
    let graph: Graph
    let `operator`: OperatorDescription
    let words: [Int32]

    private static let activations: [FusedActivation] = [.none, .relu, .relu6, .reluMinusOneToOne]

    private func word(_ position: Int) -> Int { position < words.count ? Int(words[position]) : 0 }

    private func rank(input position: Int) -> Int {
        guard position < `operator`.inputs.count, graph.tensors.indices.contains(`operator`.inputs[position]) else { return 0 }
        return graph.tensors[`operator`.inputs[position]].shape.count
    }

    private func rank(output position: Int) -> Int {
        guard position < `operator`.outputs.count, graph.tensors.indices.contains(`operator`.outputs[position]) else { return 0 }
        return graph.tensors[`operator`.outputs[position]].shape.count
    }

    /// Convolution-style windows: the geometry from the words, SAME or VALID, each fused activation.
    /// A padding must also give the output's height and width (SAME and VALID can share the words:
    /// SAME puts an odd padding's extra row at the bottom, so a 3×3 stride-2 window over 28 rows pads 0
    /// on top either way, yet gives 14 rows, not 13).
    private func windows(strideAt stride: Int, dilationAt dilation: Int?, filterAt filter: Int?, depthMultiplier: Int = 1) -> [OperatorOptions] {
        let paddings = [Padding.valid, .same].filter { padding in
            guard `operator`.kind != .transposeConv2D, rank(input: 0) == 4, rank(output: 0) == 4 else { return true }
            let (input, output) = (graph.tensors[`operator`.inputs[0]].shape, graph.tensors[`operator`.outputs[0]].shape)
            let filterSides: (Int, Int)
            if let filter {
                filterSides = (word(filter), word(filter + 1))
            } else {
                guard rank(input: 1) == 4 else { return true }
                let shape = graph.tensors[`operator`.inputs[1]].shape
                filterSides = (shape[1], shape[2])
            }
            return [(1, filterSides.0, word(stride), dilation.map { word($0) } ?? 1), (2, filterSides.1, word(stride + 1), dilation.map { word($0 + 1) } ?? 1)]
                .allSatisfy { axis, side, step, dilation in
                    step > 0 && OperatorParameters.outputSize(padding, input: input[axis], filter: side, stride: step, dilation: dilation) == output[axis]
                }
        }
        return paddings.flatMap { padding in
            Self.activations.map { activation in
                OperatorOptions(
                    padding: padding, strideHeight: word(stride), strideWidth: word(stride + 1),
                    dilationHeight: dilation.map { word($0) } ?? 1, dilationWidth: dilation.map { word($0 + 1) } ?? 1,
                    filterHeight: filter.map { word($0) } ?? 1, filterWidth: filter.map { word($0 + 1) } ?? 1,
                    depthMultiplier: depthMultiplier, fusedActivation: activation)
            }
        }
    }

    /// A float setting a requantization was computed from: `estimate`, then its neighbours.
    private static func around(_ estimate: Double, first: Float) -> [Float] {
        var values: [Float] = [first]
        guard estimate.isFinite else { return values }
        var (up, down) = (Float(estimate), Float(estimate))
        values.append(up)
        for _ in 0..<64 {
            up = up.nextUp
            down = down.nextDown
            values += [up, down]
        }
        return values
    }

    private func scale(input position: Int) -> Double {
        guard position < `operator`.inputs.count, graph.tensors.indices.contains(`operator`.inputs[position]) else { return 1 }
        return Double(graph.tensors[`operator`.inputs[position]].quantization?.scale ?? 1)
    }

    private func scaleOfOutput() -> Double {
        guard let output = `operator`.outputs.first, graph.tensors.indices.contains(output) else { return 1 }
        return Double(graph.tensors[output].quantization?.scale ?? 1)
    }

    /// `multiplier · 2^(shift − 31)`.
    private func real(multiplierAt position: Int) -> Double {
        Double(word(position)) * pow2(word(position + 1) - 31)
    }

    private func pow2(_ exponent: Int) -> Double {
        var value = 1.0
        if exponent >= 0 { for _ in 0..<min(exponent, 1100) { value *= 2 } } else { for _ in 0..<min(-exponent, 1100) { value /= 2 } }
        return value
    }

    var all: [OperatorOptions] {
        switch `operator`.kind {
        case .conv2D, .transposeConv2D:
            return windows(strideAt: 0, dilationAt: 2, filterAt: nil)
        case .depthwiseConv2D:
            return windows(strideAt: 0, dilationAt: 2, filterAt: nil, depthMultiplier: word(10))
        case .averagePool2D, .maxPool2D:
            return windows(strideAt: 0, dilationAt: nil, filterAt: 2)
        case .fullyConnected, .add, .sub, .mul:
            return Self.activations.map { OperatorOptions(fusedActivation: $0) }
        case .concatenation:
            return (0..<max(1, rank(output: 0))).flatMap { axis in Self.activations.map { OperatorOptions(fusedActivation: $0, axis: axis) } }
        case .pack:
            return (0..<max(1, rank(output: 0))).map { OperatorOptions(axis: $0) }
        case .unpack:
            return (0..<max(1, rank(input: 0))).map { OperatorOptions(axis: $0) }
        case .gather:
            let axes = 0..<max(1, rank(input: 0))
            return axes.flatMap { axis in (0...min(axis, rank(input: 1))).map { OperatorOptions(axis: axis, batchDimensions: $0) } }
        case .softmax:
            // words: input multiplier, its left shift; real = beta · s_in · 2^(31 − 5).
            let beta = Double(word(0)) * pow2(word(1) - 31) / (scale(input: 0) * pow2(31 - Int(Softmax.scaledDifferenceIntegerBits)))
            return Self.around(beta, first: 1).map { OperatorOptions(softmaxBeta: $0) }
        case .leakyRelu:
            // words 2, 3: QuantizedMultiplier(s_in · alpha / s_out).
            let alpha = real(multiplierAt: 2) * scaleOfOutput() / scale(input: 0)
            return Self.around(alpha, first: 0.2).map { OperatorOptions(alpha: $0) }
        case .batchMatMul:
            return [false, true].flatMap { left in [false, true].map { OperatorOptions(adjointLeft: left, adjointRight: $0) } }
        case .resizeNearestNeighbor, .resizeBilinear:
            return [false, true].flatMap { corners in [false, true].map { OperatorOptions(alignCorners: corners, halfPixelCenters: $0) } }
        case .stridedSlice:
            let axes = min(5, rank(input: 0))
            let masks = 0..<(1 << axes)
            return [false, true].flatMap { offset in
                masks.flatMap { shrink in
                    masks.flatMap { begin in
                        masks.map { end in
                            OperatorOptions(sliceMasks: SliceMasks(begin: begin, end: end, ellipsis: 0, newAxis: 0, shrinkAxis: shrink, offset: offset))
                        }
                    }
                }
            }
        case .reshape, .quantize, .dequantize, .mean, .sum, .reduceMax, .pad, .padV2, .transpose, .slice, .split, .splitV,
             .argMax, .logistic, .tanh, .hardSwish, .relu, .relu6, .rsqrt, .neg, .squaredDifference, .maximum, .minimum, .prelu:
            return [OperatorOptions()]
        }
    }
}
