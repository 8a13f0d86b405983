import EdgeRuntime

/// Writes a ``Graph`` as a TensorFlow Lite FlatBuffer (schema version 3, the public
/// `tensorflow/lite/schema/schema.fbs`), so a model runs in LiteRT on a phone and in TFLM on a board.
///
/// One subgraph; constants in buffers aligned to 16 bytes (buffer 0 is the empty buffer every
/// activation refers to); per-channel quantization with its `quantized_dimension`; the builtin
/// options TFLite's kernels read (padding, strides, fused activation, softmax beta, axes…). Where the
/// graph leaves out what a TFLite runtime needs, it is added as a converter would write it: a
/// RESHAPE gets its shape input, and an int32 bias without quantization gets the scales
/// `input scale · filter scale` that TFLite checks.
public enum TFLiteWriter {
    /// The bytes of a `.tflite` file holding `graph`.
    public static func write(_ graph: Graph) throws(TFLiteExportError) -> [UInt8] {
        var tensors = graph.tensors
        var operators: [FlatBufferObject] = []
        var codes: [TFLiteBuiltinOperator] = []
        for (index, op) in graph.operators.enumerated() {
            let builtin = TFLiteBuiltinOperator(exporting: op.kind)
            var inputs = op.inputs
            if op.kind == .reshape && inputs.count == 1, let output = op.outputs.first {
                let shape = tensors[output].shape.map { Int32($0) }
                inputs.append(tensors.count)
                tensors.append(TensorDescription(
                    name: "\(tensors[output].name)/shape", shape: [shape.count], elementType: .int32,
                    constantData: shape.flatMap(\.littleEndianBytes)))
            }
            addBiasQuantization(op, to: &tensors)
            let (optionsType, options) = try builtinOptions(op, index: index, graph: graph)
            let codeIndex = codes.firstIndex(of: builtin) ?? codes.count
            if codeIndex == codes.count { codes.append(builtin) }
            var fields: [Int: FlatBufferValue] = [
                OperatorField.opcodeIndex.rawValue: .uint32(UInt32(codeIndex)),
                OperatorField.inputs.rawValue: .object(.int32s(inputs.map { Int32($0) })),
                OperatorField.outputs.rawValue: .object(.int32s(op.outputs.map { Int32($0) })),
            ]
            if let options {
                fields[OperatorField.builtinOptionsType.rawValue] = .uint8(optionsType.rawValue)
                fields[OperatorField.builtinOptions.rawValue] = .object(.table(options))
            }
            operators.append(.table(fields))
        }

        var buffers: [FlatBufferObject] = [.table([:])]
        var tensorTables: [FlatBufferObject] = []
        for tensor in tensors {
            var fields: [Int: FlatBufferValue] = [
                TensorField.shape.rawValue: .object(.int32s(tensor.shape.map { Int32($0) })),
                TensorField.type.rawValue: .int8(typeCode(tensor.elementType)),
                TensorField.name.rawValue: .object(.string(tensor.name)),
            ]
            if let data = tensor.constantData {
                fields[TensorField.buffer.rawValue] = .uint32(UInt32(buffers.count))
                buffers.append(.table([BufferField.data.rawValue: .object(.bytes(data, alignment: 16))]))
            } else {
                fields[TensorField.buffer.rawValue] = .uint32(0)
            }
            if let q = tensor.quantization {
                fields[TensorField.quantization.rawValue] = .object(.table([
                    QuantizationField.scale.rawValue: .object(.float32s(q.scales)),
                    QuantizationField.zeroPoint.rawValue: .object(.int64s(q.zeroPoints.map { Int64($0) })),
                    QuantizationField.quantizedDimension.rawValue: .int32(Int32(q.isPerChannel ? q.channelAxis : 0)),
                ]))
            }
            tensorTables.append(.table(fields))
        }

        let subgraph = FlatBufferObject.table([
            SubgraphField.tensors.rawValue: .object(.objects(tensorTables)),
            SubgraphField.inputs.rawValue: .object(.int32s(graph.inputs.map { Int32($0) })),
            SubgraphField.outputs.rawValue: .object(.int32s(graph.outputs.map { Int32($0) })),
            SubgraphField.operators.rawValue: .object(.objects(operators)),
            SubgraphField.name.rawValue: .object(.string("main")),
        ])
        let operatorCodes = codes.map { code -> FlatBufferObject in
            .table([
                OperatorCodeField.deprecatedBuiltinCode.rawValue: .int8(Int8(clamping: min(code.rawValue, 127))),
                OperatorCodeField.version.rawValue: .int32(code.int8Version),
                OperatorCodeField.builtinCode.rawValue: .int32(code.rawValue),
            ])
        }
        let root = FlatBufferObject.table([
            ModelField.version.rawValue: .uint32(TFLiteModelConverter.schemaVersion),
            ModelField.operatorCodes.rawValue: .object(.objects(operatorCodes)),
            ModelField.subgraphs.rawValue: .object(.objects([subgraph])),
            ModelField.description.rawValue: .object(.string("EdgeDistill: \(graph.name)")),
            ModelField.buffers.rawValue: .object(.objects(buffers)),
        ])
        return FlatBufferBuilder.serialize(root: root, fileIdentifier: tfliteFileIdentifier)
    }

    private static func typeCode(_ type: ElementType) -> Int8 {
        switch type {
        case .float32: return 0
        case .int32: return 2
        case .int8: return 9
        }
    }

    /// TFLite checks that a quantized bias has the scales `input scale · filter scale`; a graph may
    /// leave them out (the integer kernels do not read them).
    private static func addBiasQuantization(_ op: OperatorDescription, to tensors: inout [TensorDescription]) {
        let positions: (input: Int, filter: Int, bias: Int)
        switch op.kind {
        case .fullyConnected, .conv2D, .depthwiseConv2D: positions = (0, 1, 2)
        case .transposeConv2D: positions = (2, 1, 3)
        case .averagePool2D, .maxPool2D, .add, .reshape, .softmax, .quantize, .dequantize, .concatenation, .mean, .sum,
             .reduceMax, .pad, .padV2, .transpose, .slice, .stridedSlice, .split, .splitV, .pack, .unpack, .batchMatMul,
             .argMax, .resizeNearestNeighbor, .resizeBilinear, .gather, .logistic, .tanh, .hardSwish, .leakyRelu, .relu,
             .relu6, .rsqrt, .neg, .sub, .mul, .squaredDifference, .maximum, .minimum, .prelu:
            return
        }
        guard op.inputs.count > positions.bias, op.inputs[positions.bias] >= 0 else { return }
        let bias = op.inputs[positions.bias]
        guard tensors[bias].elementType == .int32, tensors[bias].quantization == nil,
              let x = tensors[op.inputs[positions.input]].quantization, let w = tensors[op.inputs[positions.filter]].quantization
        else { return }
        let channels = tensors[bias].elementCount
        let scales = (0..<channels).map { x.scale * (w.isPerChannel ? w.scales[min($0, w.scales.count - 1)] : w.scale) }
        tensors[bias].quantization = QuantizationParameters(
            scales: w.isPerChannel ? scales : [scales[0]], zeroPoints: [Int32](repeating: 0, count: w.isPerChannel ? channels : 1))
    }

    /// The `BuiltinOptions` union member of `op` and its fields, or `nil` for none.
    private static func builtinOptions(_ op: OperatorDescription, index: Int, graph: Graph) throws(TFLiteExportError)
        -> (BuiltinOptionsType, [Int: FlatBufferValue]?)
    {
        let o = op.options
        func activation() -> FlatBufferValue { .uint8(activationCode(o.fusedActivation)) }
        func padding() -> FlatBufferValue { .uint8(o.padding == .same ? 0 : 1) }
        func rank(output position: Int = 0) -> Int { graph.tensors[op.outputs[position]].shape.count }
        func rank(input position: Int) -> Int { graph.tensors[op.inputs[position]].shape.count }
        switch op.kind {
        case .conv2D:
            return (.conv2DOptions, [
                Conv2DOptionsField.padding.rawValue: padding(),
                Conv2DOptionsField.strideWidth.rawValue: .int32(Int32(o.strideWidth)),
                Conv2DOptionsField.strideHeight.rawValue: .int32(Int32(o.strideHeight)),
                Conv2DOptionsField.fusedActivationFunction.rawValue: activation(),
                Conv2DOptionsField.dilationWidthFactor.rawValue: .int32(Int32(o.dilationWidth)),
                Conv2DOptionsField.dilationHeightFactor.rawValue: .int32(Int32(o.dilationHeight)),
            ])
        case .depthwiseConv2D:
            return (.depthwiseConv2DOptions, [
                DepthwiseConv2DOptionsField.padding.rawValue: padding(),
                DepthwiseConv2DOptionsField.strideWidth.rawValue: .int32(Int32(o.strideWidth)),
                DepthwiseConv2DOptionsField.strideHeight.rawValue: .int32(Int32(o.strideHeight)),
                DepthwiseConv2DOptionsField.depthMultiplier.rawValue: .int32(Int32(o.depthMultiplier)),
                DepthwiseConv2DOptionsField.fusedActivationFunction.rawValue: activation(),
                DepthwiseConv2DOptionsField.dilationWidthFactor.rawValue: .int32(Int32(o.dilationWidth)),
                DepthwiseConv2DOptionsField.dilationHeightFactor.rawValue: .int32(Int32(o.dilationHeight)),
            ])
        case .averagePool2D, .maxPool2D:
            return (.pool2DOptions, [
                Pool2DOptionsField.padding.rawValue: padding(),
                Pool2DOptionsField.strideWidth.rawValue: .int32(Int32(o.strideWidth)),
                Pool2DOptionsField.strideHeight.rawValue: .int32(Int32(o.strideHeight)),
                Pool2DOptionsField.filterWidth.rawValue: .int32(Int32(o.filterWidth)),
                Pool2DOptionsField.filterHeight.rawValue: .int32(Int32(o.filterHeight)),
                Pool2DOptionsField.fusedActivationFunction.rawValue: activation(),
            ])
        case .fullyConnected:
            // keep_num_dims: an output of rank other than 2 keeps the input's leading dimensions.
            return (.fullyConnectedOptions, [
                FullyConnectedOptionsField.fusedActivationFunction.rawValue: activation(),
                FullyConnectedOptionsField.weightsFormat.rawValue: .uint8(TFLiteWeightsFormat.defaultFormat),
                FullyConnectedOptionsField.keepNumberOfDimensions.rawValue: .bool(rank() != 2),
            ])
        case .softmax:
            return (.softmaxOptions, [SoftmaxOptionsField.beta.rawValue: .float32(o.softmaxBeta)])
        case .reshape:
            return (.reshapeOptions, [ReshapeOptionsField.newShape.rawValue: .object(.int32s(graph.tensors[op.outputs[0]].shape.map { Int32($0) }))])
        case .add:
            return (.addOptions, [AddOptionsField.fusedActivationFunction.rawValue: activation()])
        case .sub:
            return (.subOptions, [ArithmeticOptionsField.fusedActivationFunction.rawValue: activation()])
        case .mul:
            return (.mulOptions, [ArithmeticOptionsField.fusedActivationFunction.rawValue: activation()])
        case .concatenation:
            return (.concatenationOptions, [
                ConcatenationOptionsField.axis.rawValue: .int32(Int32(o.axis)),
                ConcatenationOptionsField.fusedActivationFunction.rawValue: activation(),
            ])
        case .mean, .sum, .reduceMax:
            return (.reducerOptions, [ReducerOptionsField.keepDimensions.rawValue: .bool(rank() == rank(input: 0))])
        case .split:
            return (.splitOptions, [SplitOptionsField.numberOfSplits.rawValue: .int32(Int32(op.outputs.count))])
        case .splitV:
            return (.splitVOptions, [SplitOptionsField.numberOfSplits.rawValue: .int32(Int32(op.outputs.count))])
        case .pack:
            return (.packOptions, [
                PackOptionsField.valuesCount.rawValue: .int32(Int32(op.inputs.count)),
                PackOptionsField.axis.rawValue: .int32(Int32(o.axis)),
            ])
        case .unpack:
            return (.unpackOptions, [
                UnpackOptionsField.number.rawValue: .int32(Int32(op.outputs.count)),
                UnpackOptionsField.axis.rawValue: .int32(Int32(o.axis)),
            ])
        case .stridedSlice:
            let m = o.sliceMasks
            return (.stridedSliceOptions, [
                StridedSliceOptionsField.beginMask.rawValue: .int32(Int32(m.begin)),
                StridedSliceOptionsField.endMask.rawValue: .int32(Int32(m.end)),
                StridedSliceOptionsField.ellipsisMask.rawValue: .int32(Int32(m.ellipsis)),
                StridedSliceOptionsField.newAxisMask.rawValue: .int32(Int32(m.newAxis)),
                StridedSliceOptionsField.shrinkAxisMask.rawValue: .int32(Int32(m.shrinkAxis)),
                StridedSliceOptionsField.offset.rawValue: .bool(m.offset),
            ])
        case .gather:
            return (.gatherOptions, [
                GatherOptionsField.axis.rawValue: .int32(Int32(o.axis)),
                GatherOptionsField.batchDimensions.rawValue: .int32(Int32(o.batchDimensions)),
            ])
        case .leakyRelu:
            return (.leakyReluOptions, [LeakyReluOptionsField.alpha.rawValue: .float32(o.alpha)])
        case .batchMatMul:
            return (.batchMatMulOptions, [
                BatchMatMulOptionsField.adjointX.rawValue: .bool(o.adjointLeft),
                BatchMatMulOptionsField.adjointY.rawValue: .bool(o.adjointRight),
            ])
        case .transposeConv2D:
            guard o.dilationHeight == 1, o.dilationWidth == 1 else {
                throw .unsupportedOperator(index: index, kind: "TRANSPOSE_CONV", reason: "TFLite's transposed convolution has no dilation")
            }
            return (.transposeConvOptions, [
                TransposeConvOptionsField.padding.rawValue: padding(),
                TransposeConvOptionsField.strideWidth.rawValue: .int32(Int32(o.strideWidth)),
                TransposeConvOptionsField.strideHeight.rawValue: .int32(Int32(o.strideHeight)),
                TransposeConvOptionsField.fusedActivationFunction.rawValue: activation(),
            ])
        case .resizeBilinear:
            return (.resizeBilinearOptions, [
                ResizeBilinearOptionsField.alignCorners.rawValue: .bool(o.alignCorners),
                ResizeBilinearOptionsField.halfPixelCenters.rawValue: .bool(o.halfPixelCenters),
            ])
        case .resizeNearestNeighbor:
            return (.resizeNearestNeighborOptions, [
                ResizeNearestNeighborOptionsField.alignCorners.rawValue: .bool(o.alignCorners),
                ResizeNearestNeighborOptionsField.halfPixelCenters.rawValue: .bool(o.halfPixelCenters),
            ])
        case .argMax:
            return (.argMaxOptions, [ArgMaxOptionsField.outputType.rawValue: .int8(2)])  // INT32
        case .quantize: return (.quantizeOptions, [:])
        case .dequantize: return (.dequantizeOptions, [:])
        case .pad: return (.padOptions, [:])
        case .padV2: return (.padV2Options, [:])
        case .transpose: return (.transposeOptions, [:])
        case .slice: return (.sliceOptions, [:])
        case .hardSwish: return (.hardSwishOptions, [:])
        case .neg: return (.negOptions, [:])
        case .squaredDifference: return (.squaredDifferenceOptions, [:])
        case .maximum, .minimum: return (.maximumMinimumOptions, [:])
        case .logistic, .tanh, .relu, .relu6, .rsqrt, .prelu: return (.none, nil)
        }
    }

    private static func activationCode(_ activation: FusedActivation) -> UInt8 {
        switch activation {
        case .none: return 0
        case .relu: return 1
        case .reluMinusOneToOne: return 2
        case .relu6: return 3
        }
    }
}

extension TFLiteBuiltinOperator {
    /// The builtin code an operator kind is written as.
    init(exporting kind: OperatorKind) {
        switch kind {
        case .fullyConnected: self = .fullyConnected
        case .conv2D: self = .conv2D
        case .depthwiseConv2D: self = .depthwiseConv2D
        case .averagePool2D: self = .averagePool2D
        case .maxPool2D: self = .maxPool2D
        case .add: self = .add
        case .reshape: self = .reshape
        case .softmax: self = .softmax
        case .quantize: self = .quantize
        case .dequantize: self = .dequantize
        case .concatenation: self = .concatenation
        case .mean: self = .mean
        case .sum: self = .sum
        case .reduceMax: self = .reduceMax
        case .pad: self = .pad
        case .padV2: self = .padV2
        case .transpose: self = .transpose
        case .slice: self = .slice
        case .stridedSlice: self = .stridedSlice
        case .split: self = .split
        case .splitV: self = .splitV
        case .pack: self = .pack
        case .unpack: self = .unpack
        case .transposeConv2D: self = .transposeConv
        case .batchMatMul: self = .batchMatMul
        case .argMax: self = .argMax
        case .resizeNearestNeighbor: self = .resizeNearestNeighbor
        case .resizeBilinear: self = .resizeBilinear
        case .gather: self = .gather
        case .logistic: self = .logistic
        case .tanh: self = .tanh
        case .hardSwish: self = .hardSwish
        case .leakyRelu: self = .leakyRelu
        case .relu: self = .relu
        case .relu6: self = .relu6
        case .rsqrt: self = .rsqrt
        case .neg: self = .neg
        case .sub: self = .sub
        case .mul: self = .mul
        case .squaredDifference: self = .squaredDifference
        case .maximum: self = .maximum
        case .minimum: self = .minimum
        case .prelu: self = .prelu
        }
    }

    /// The operator version written: the one TFLite's converter gives the int8 form where every
    /// LiteRT release resolves it, else 1 (LiteRT resolves a kernel by code and version, and its
    /// kernels read the tensor types, not the version; TFLM resolves by code only).
    var int8Version: Int32 {
        switch self {
        case .conv2D, .depthwiseConv2D: return 3
        case .fullyConnected: return 4
        case .add, .averagePool2D, .maxPool2D, .softmax, .concatenation, .dequantize, .quantize, .mean, .pad: return 2
        case .reshape, .squeeze, .expandDimensions, .sum, .reduceMax, .padV2, .transpose, .slice, .stridedSlice, .split, .splitV,
             .pack, .unpack, .transposeConv, .batchMatMul, .argMax, .resizeNearestNeighbor, .resizeBilinear, .gather, .logistic,
             .tanh, .hardSwish, .leakyRelu, .relu, .relu6, .rsqrt, .neg, .sub, .mul, .squaredDifference, .maximum, .minimum, .prelu:
            return 1
        }
    }
}
