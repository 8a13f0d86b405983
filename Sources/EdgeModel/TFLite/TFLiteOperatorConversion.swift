import EdgeRuntime

/// Turning `Operator` tables, their `OperatorCode` and their builtin options into `OperatorDescription`s.
extension TFLiteModelConverter {
    /// Converts operator `index` of subgraph 0 (tensors must already be converted).
    mutating func convertOperator(_ table: FlatBufferTable, index: Int) throws(TFLiteImportError) -> OperatorDescription {
        let builtin = try builtinOperator(of: table, index: index)
        let kind = builtin.operatorKind
        let label = "operator \(index) (\(kind.name))"

        let inputs = try decodeInt32Array(OperatorField.inputs, of: table, "the inputs of \(label)")
        for (position, tensor) in inputs.enumerated() where tensor != -1 && !tensors.indices.contains(tensor) {
            throw .invalid("\(label) input \(position) refers to tensor \(tensor); the subgraph has \(tensors.count) tensors")
        }
        let outputs = try decodeInt32Array(OperatorField.outputs, of: table, "the outputs of \(label)")
        for (position, tensor) in outputs.enumerated() where !tensors.indices.contains(tensor) {
            throw .invalid("\(label) output \(position) refers to tensor \(tensor); the subgraph has \(tensors.count) tensors")
        }

        let optionsType = try table.uint8(OperatorField.builtinOptionsType)
        let optionsTable = try table.table(OperatorField.builtinOptions)
        func options(expecting expected: BuiltinOptionsType) throws(TFLiteImportError) -> FlatBufferTable? {
            guard optionsType == expected.rawValue || optionsType == BuiltinOptionsType.none.rawValue else {
                throw .invalid("\(label) carries builtin options of union type \(optionsType), expected \(expected.rawValue)")
            }
            return optionsType == expected.rawValue ? optionsTable : nil
        }

        let converted: OperatorOptions
        switch builtin {
        case .conv2D:
            converted = try convolutionOptions(options(expecting: .conv2DOptions), label: label)
        case .depthwiseConv2D:
            converted = try depthwiseOptions(options(expecting: .depthwiseConv2DOptions), inputs: inputs, label: label)
        case .averagePool2D, .maxPool2D:
            converted = try poolingOptions(options(expecting: .pool2DOptions), label: label)
        case .fullyConnected:
            converted = try fullyConnectedOptions(options(expecting: .fullyConnectedOptions), label: label)
        case .add:
            let add = try options(expecting: .addOptions)
            converted = OperatorOptions(
                fusedActivation: try activation(add?.uint8(AddOptionsField.fusedActivationFunction), label: label))
        case .softmax:
            // The schema default of `beta` is 0; converters always write it.
            let softmax = try options(expecting: .softmaxOptions)
            let beta = try softmax?.float32(SoftmaxOptionsField.beta) ?? 0
            guard beta.isFinite else { throw .invalid("\(label) has softmax beta \(beta)") }
            converted = OperatorOptions(softmaxBeta: beta)
        case .reshape:
            // `new_shape` repeats the output tensor's shape, which is what the graph keeps.
            _ = try options(expecting: .reshapeOptions)
            converted = OperatorOptions()
        case .quantize:
            _ = try options(expecting: .quantizeOptions)
            converted = OperatorOptions()
        case .dequantize:
            _ = try options(expecting: .dequantizeOptions)
            converted = OperatorOptions()
        case .mean, .sum, .reduceMax:
            // keep_dims only shapes the output tensor, which the graph keeps; the axes are input 1.
            _ = try options(expecting: .reducerOptions)
            converted = OperatorOptions()
        case .pad:
            _ = try options(expecting: .padOptions)
            converted = OperatorOptions()
        case .padV2:
            _ = try options(expecting: .padV2Options)
            converted = OperatorOptions()
        case .transpose:
            _ = try options(expecting: .transposeOptions)
            converted = OperatorOptions()
        case .slice:
            _ = try options(expecting: .sliceOptions)
            converted = OperatorOptions()
        case .squeeze:
            _ = try options(expecting: .squeezeOptions)
            converted = OperatorOptions()
        case .expandDimensions:
            _ = try options(expecting: .expandDimsOptions)
            converted = OperatorOptions()
        case .stridedSlice:
            let slice = try options(expecting: .stridedSliceOptions)
            let masks = SliceMasks(
                begin: Int(try slice?.int32(StridedSliceOptionsField.beginMask) ?? 0),
                end: Int(try slice?.int32(StridedSliceOptionsField.endMask) ?? 0),
                ellipsis: Int(try slice?.int32(StridedSliceOptionsField.ellipsisMask) ?? 0),
                newAxis: Int(try slice?.int32(StridedSliceOptionsField.newAxisMask) ?? 0),
                shrinkAxis: Int(try slice?.int32(StridedSliceOptionsField.shrinkAxisMask) ?? 0),
                offset: try slice?.bool(StridedSliceOptionsField.offset) ?? false)
            guard masks.ellipsis == 0, masks.newAxis == 0 else {
                throw .unsupportedOption("\(label) uses an ellipsis or new-axis mask, which TFLM ignores; supported: begin, end and shrink-axis masks")
            }
            converted = OperatorOptions(sliceMasks: masks)
        case .split:
            _ = try options(expecting: .splitOptions)
            converted = OperatorOptions()
        case .splitV:
            _ = try options(expecting: .splitVOptions)
            converted = OperatorOptions()
        case .pack:
            let pack = try options(expecting: .packOptions)
            converted = OperatorOptions(axis: Int(try pack?.int32(PackOptionsField.axis) ?? 0))
        case .unpack:
            let unpack = try options(expecting: .unpackOptions)
            converted = OperatorOptions(axis: Int(try unpack?.int32(UnpackOptionsField.axis) ?? 0))
        case .transposeConv:
            let table = try options(expecting: .transposeConvOptions)
            try checkBiasType(table?.int8(TransposeConvOptionsField.quantizedBiasType), label: label)
            converted = OperatorOptions(
                padding: try padding(table?.uint8(TransposeConvOptionsField.padding), label: label),
                strideHeight: try positive(table?.int32(TransposeConvOptionsField.strideHeight), "stride_h", label: label),
                strideWidth: try positive(table?.int32(TransposeConvOptionsField.strideWidth), "stride_w", label: label),
                fusedActivation: try activation(table?.uint8(TransposeConvOptionsField.fusedActivationFunction), label: label))
        case .batchMatMul:
            let table = try options(expecting: .batchMatMulOptions)
            converted = OperatorOptions(
                adjointLeft: try table?.bool(BatchMatMulOptionsField.adjointX) ?? false,
                adjointRight: try table?.bool(BatchMatMulOptionsField.adjointY) ?? false)
        case .argMax:
            let table = try options(expecting: .argMaxOptions)
            let outputType = try table?.int8(ArgMaxOptionsField.outputType) ?? 0
            guard outputType == 0 || outputType == 2 else {
                throw .unsupportedOption("\(label) writes \(TFLiteTensorType.name(ofCode: outputType)) indices; supported: INT32 (as TFLM)")
            }
            converted = OperatorOptions()
        case .gather:
            let table = try options(expecting: .gatherOptions)
            converted = OperatorOptions(
                axis: Int(try table?.int32(GatherOptionsField.axis) ?? 0),
                batchDimensions: Int(try table?.int32(GatherOptionsField.batchDimensions) ?? 0))
        case .resizeBilinear:
            let table = try options(expecting: .resizeBilinearOptions)
            converted = OperatorOptions(
                alignCorners: try table?.bool(ResizeBilinearOptionsField.alignCorners) ?? false,
                halfPixelCenters: try table?.bool(ResizeBilinearOptionsField.halfPixelCenters) ?? false)
        case .resizeNearestNeighbor:
            let table = try options(expecting: .resizeNearestNeighborOptions)
            converted = OperatorOptions(
                alignCorners: try table?.bool(ResizeNearestNeighborOptionsField.alignCorners) ?? false,
                halfPixelCenters: try table?.bool(ResizeNearestNeighborOptionsField.halfPixelCenters) ?? false)
        case .concatenation:
            let concatenation = try options(expecting: .concatenationOptions)
            converted = OperatorOptions(
                fusedActivation: try activation(concatenation?.uint8(ConcatenationOptionsField.fusedActivationFunction), label: label),
                axis: Int(try concatenation?.int32(ConcatenationOptionsField.axis) ?? 0))
        case .logistic, .tanh, .relu, .relu6, .rsqrt:
            // The schema gives these operators no options table.
            _ = try options(expecting: .none)
            converted = OperatorOptions()
        case .hardSwish:
            _ = try options(expecting: .hardSwishOptions)
            converted = OperatorOptions()
        case .neg:
            _ = try options(expecting: .negOptions)
            converted = OperatorOptions()
        case .leakyRelu:
            // The schema default of `alpha` is 0; converters always write it.
            let leakyRelu = try options(expecting: .leakyReluOptions)
            let alpha = try leakyRelu?.float32(LeakyReluOptionsField.alpha) ?? 0
            guard alpha.isFinite else { throw .invalid("\(label) has leaky ReLU alpha \(alpha)") }
            converted = OperatorOptions(alpha: alpha)
        case .sub:
            let sub = try options(expecting: .subOptions)
            converted = OperatorOptions(
                fusedActivation: try activation(sub?.uint8(ArithmeticOptionsField.fusedActivationFunction), label: label))
        case .mul:
            let mul = try options(expecting: .mulOptions)
            converted = OperatorOptions(
                fusedActivation: try activation(mul?.uint8(ArithmeticOptionsField.fusedActivationFunction), label: label))
        case .squaredDifference:
            _ = try options(expecting: .squaredDifferenceOptions)
            converted = OperatorOptions()
        case .maximum, .minimum:
            _ = try options(expecting: .maximumMinimumOptions)
            converted = OperatorOptions()
        case .prelu:
            // PRELU has no options table.
            _ = try options(expecting: .none)
            converted = OperatorOptions()
        }
        return OperatorDescription(kind: kind, inputs: inputs, outputs: outputs, options: converted)
    }

    /// The supported builtin operator of `table`, or an error naming the operator that is not.
    ///
    /// Like TFLite, the code is the larger of `deprecated_builtin_code` (a byte, used by files
    /// written before schema 3a) and `builtin_code` (an int32, 0 in those old files).
    private func builtinOperator(of table: FlatBufferTable, index: Int) throws(TFLiteImportError) -> TFLiteBuiltinOperator {
        let codeIndex = Int(try table.uint32(OperatorField.opcodeIndex))
        guard let operatorCodes, codeIndex < operatorCodes.count else {
            throw .invalid(
                "operator \(index) refers to operator code \(codeIndex); the model has \(operatorCodes?.count ?? 0)")
        }
        let codeTable = try operatorCodes.table(at: codeIndex)
        let deprecatedCode = Int32(try codeTable.int8(OperatorCodeField.deprecatedBuiltinCode))
        let code = max(deprecatedCode, try codeTable.int32(OperatorCodeField.builtinCode))
        if let builtin = TFLiteBuiltinOperator(rawValue: code) { return builtin }

        let described: String
        if code == TFLiteBuiltinOperator.customCode {
            let customName = try codeTable.string(OperatorCodeField.customCode) ?? ""
            described = "CUSTOM \(TFLiteImportError.quoted(customName)), code \(code)"
        } else if let name = TFLiteBuiltinOperator.name(ofCode: code) {
            described = "\(name), code \(code)"
        } else {
            described = "code \(code)"
        }
        throw .unsupportedOperator(
            "operator \(index) (\(described)) is not supported; supported: \(TFLiteBuiltinOperator.supportedNames)")
    }

    /// `Conv2DOptions`.
    private func convolutionOptions(_ table: FlatBufferTable?, label: String) throws(TFLiteImportError) -> OperatorOptions {
        try checkBiasType(table?.int8(Conv2DOptionsField.quantizedBiasType), label: label)
        return OperatorOptions(
            padding: try padding(table?.uint8(Conv2DOptionsField.padding), label: label),
            strideHeight: try positive(table?.int32(Conv2DOptionsField.strideHeight), "stride_h", label: label),
            strideWidth: try positive(table?.int32(Conv2DOptionsField.strideWidth), "stride_w", label: label),
            dilationHeight: try positive(
                table?.int32(Conv2DOptionsField.dilationHeightFactor, default: 1) ?? 1, "dilation_h_factor", label: label),
            dilationWidth: try positive(
                table?.int32(Conv2DOptionsField.dilationWidthFactor, default: 1) ?? 1, "dilation_w_factor", label: label),
            fusedActivation: try activation(table?.uint8(Conv2DOptionsField.fusedActivationFunction), label: label))
    }

    /// `DepthwiseConv2DOptions`. The stored `depth_multiplier` is redundant (TFLite ignores it since
    /// 2.0), so the multiplier is derived from the filter's and the input's channel counts; the
    /// stored value is used only when the shapes cannot tell.
    private func depthwiseOptions(_ table: FlatBufferTable?, inputs: [Int], label: String)
        throws(TFLiteImportError) -> OperatorOptions
    {
        var depthMultiplier = Int(try table?.int32(DepthwiseConv2DOptionsField.depthMultiplier) ?? 0)
        if inputs.count >= 2, inputs[0] >= 0, inputs[1] >= 0 {
            let inputShape = tensors[inputs[0]].shape
            let filterShape = tensors[inputs[1]].shape
            if let inputChannels = inputShape.last, let filterChannels = filterShape.last,
                inputChannels > 0, filterChannels > 0, filterChannels % inputChannels == 0
            {
                depthMultiplier = filterChannels / inputChannels
            }
        }
        guard depthMultiplier >= 1 else {
            throw .invalid("\(label) has depth_multiplier \(depthMultiplier) and shapes that do not determine it")
        }
        return OperatorOptions(
            padding: try padding(table?.uint8(DepthwiseConv2DOptionsField.padding), label: label),
            strideHeight: try positive(table?.int32(DepthwiseConv2DOptionsField.strideHeight), "stride_h", label: label),
            strideWidth: try positive(table?.int32(DepthwiseConv2DOptionsField.strideWidth), "stride_w", label: label),
            dilationHeight: try positive(
                table?.int32(DepthwiseConv2DOptionsField.dilationHeightFactor, default: 1) ?? 1, "dilation_h_factor",
                label: label),
            dilationWidth: try positive(
                table?.int32(DepthwiseConv2DOptionsField.dilationWidthFactor, default: 1) ?? 1, "dilation_w_factor",
                label: label),
            depthMultiplier: depthMultiplier,
            fusedActivation: try activation(
                table?.uint8(DepthwiseConv2DOptionsField.fusedActivationFunction), label: label))
    }

    /// `Pool2DOptions`.
    private func poolingOptions(_ table: FlatBufferTable?, label: String) throws(TFLiteImportError) -> OperatorOptions {
        OperatorOptions(
            padding: try padding(table?.uint8(Pool2DOptionsField.padding), label: label),
            strideHeight: try positive(table?.int32(Pool2DOptionsField.strideHeight), "stride_h", label: label),
            strideWidth: try positive(table?.int32(Pool2DOptionsField.strideWidth), "stride_w", label: label),
            filterHeight: try positive(table?.int32(Pool2DOptionsField.filterHeight), "filter_height", label: label),
            filterWidth: try positive(table?.int32(Pool2DOptionsField.filterWidth), "filter_width", label: label),
            fusedActivation: try activation(table?.uint8(Pool2DOptionsField.fusedActivationFunction), label: label))
    }

    /// `FullyConnectedOptions`. `keep_num_dims` only shapes the output tensor, which the graph keeps;
    /// `asymmetric_quantize_inputs` only concerns hybrid (float input) kernels.
    private func fullyConnectedOptions(_ table: FlatBufferTable?, label: String) throws(TFLiteImportError) -> OperatorOptions {
        let weightsFormat = try table?.uint8(FullyConnectedOptionsField.weightsFormat) ?? TFLiteWeightsFormat.defaultFormat
        guard weightsFormat == TFLiteWeightsFormat.defaultFormat else {
            throw .unsupportedOption(
                "\(label) uses weights format \(TFLiteWeightsFormat.name(ofCode: weightsFormat)); supported: DEFAULT")
        }
        try checkBiasType(table?.int8(FullyConnectedOptionsField.quantizedBiasType), label: label)
        return OperatorOptions(
            fusedActivation: try activation(table?.uint8(FullyConnectedOptionsField.fusedActivationFunction), label: label))
    }

    /// A `Padding` code (absent means the schema default, SAME).
    private func padding(_ code: UInt8?, label: String) throws(TFLiteImportError) -> Padding {
        let code = code ?? 0
        guard let padding = TFLitePadding.padding(forCode: code) else {
            throw .invalid("\(label) has padding code \(code)")
        }
        return padding
    }

    /// An `ActivationFunctionType` code (absent means NONE).
    private func activation(_ code: UInt8?, label: String) throws(TFLiteImportError) -> FusedActivation {
        let code = code ?? 0
        guard let activation = TFLiteActivation.fusedActivation(forCode: code) else {
            throw .unsupportedOption(
                "\(label) has fused activation \(TFLiteActivation.name(ofCode: code)); "
                    + "supported: NONE, RELU, RELU_N1_TO_1, RELU6")
        }
        return activation
    }

    /// A stride, dilation or window size, which must be at least 1 (absent means the schema default 0).
    private func positive(_ value: Int32?, _ field: String, label: String) throws(TFLiteImportError) -> Int {
        let value = value ?? 0
        guard value >= 1 else { throw .invalid("\(label) has \(field) \(value); it must be at least 1") }
        return Int(value)
    }

    /// `quantized_bias_type` (schema 3c): unset (FLOAT32, the default) or INT32 are what the runtime does.
    private func checkBiasType(_ code: Int8?, label: String) throws(TFLiteImportError) {
        let code = code ?? 0
        guard code == 0 || code == 2 else {
            throw .unsupportedOption(
                "\(label) asks for \(TFLiteTensorType.name(ofCode: code)) bias accumulation; supported: INT32")
        }
    }
}
