// Field identifiers of the TFLite FlatBuffer schema (tensorflow/lite/schema/schema.fbs, version 3
// with the 3a–3c additions). A field's identifier is its declaration order in its table, counting a
// union as two fields (its type byte, then its value). Only the tables the importer reads and the
// writer (`TFLiteWriter`) writes are listed.

/// The file identifier every TFLite FlatBuffer carries at bytes 4..<8.
let tfliteFileIdentifier: [UInt8] = Array("TFL3".utf8)

/// `table Model`, the root.
enum ModelField: Int, FlatBufferField {
    static let tableName = "Model"
    case version = 0, operatorCodes, subgraphs, description, buffers, metadataBuffer, metadata, signatureDefs
}

/// `table OperatorCode`.
enum OperatorCodeField: Int, FlatBufferField {
    static let tableName = "OperatorCode"
    /// `byte`: the builtin code when it is below 127 (`PLACEHOLDER_FOR_GREATER_OP_CODES`).
    case deprecatedBuiltinCode = 0
    /// `string`: the name of a custom operator.
    case customCode
    /// `int = 1`.
    case version
    /// `BuiltinOperator` (`int32`): the full builtin code, added in schema 3a.
    case builtinCode
}

/// `table SubGraph`.
enum SubgraphField: Int, FlatBufferField {
    static let tableName = "SubGraph"
    case tensors = 0, inputs, outputs, operators, name
}

/// `table Buffer`.
enum BufferField: Int, FlatBufferField {
    static let tableName = "Buffer"
    /// `[ubyte]`: the data, inside the FlatBuffer.
    case data = 0
    /// `ulong`: for models above 2 GB, the data's offset from the start of the file (valid when > 1).
    case offset
    /// `ulong`: the size of the data found through `offset`.
    case size
}

/// `table Tensor`.
enum TensorField: Int, FlatBufferField {
    static let tableName = "Tensor"
    case shape = 0, type, buffer, name, quantization, isVariable, sparsity, shapeSignature, hasRank, variantTensors
}

/// `table QuantizationParameters`.
enum QuantizationField: Int, FlatBufferField {
    static let tableName = "QuantizationParameters"
    case min = 0, max, scale, zeroPoint, detailsType, details, quantizedDimension
}

/// `table Operator`.
enum OperatorField: Int, FlatBufferField {
    static let tableName = "Operator"
    case opcodeIndex = 0, inputs, outputs, builtinOptionsType, builtinOptions, customOptions, customOptionsFormat
    case mutatingVariableInputs, intermediates, largeCustomOptionsOffset, largeCustomOptionsSize
    case builtinOptions2Type, builtinOptions2
}

/// `table Conv2DOptions`.
enum Conv2DOptionsField: Int, FlatBufferField {
    static let tableName = "Conv2DOptions"
    case padding = 0, strideWidth, strideHeight, fusedActivationFunction, dilationWidthFactor, dilationHeightFactor
    case quantizedBiasType
}

/// `table DepthwiseConv2DOptions`.
enum DepthwiseConv2DOptionsField: Int, FlatBufferField {
    static let tableName = "DepthwiseConv2DOptions"
    case padding = 0, strideWidth, strideHeight, depthMultiplier, fusedActivationFunction
    case dilationWidthFactor, dilationHeightFactor
}

/// `table Pool2DOptions`.
enum Pool2DOptionsField: Int, FlatBufferField {
    static let tableName = "Pool2DOptions"
    case padding = 0, strideWidth, strideHeight, filterWidth, filterHeight, fusedActivationFunction
}

/// `table FullyConnectedOptions`.
enum FullyConnectedOptionsField: Int, FlatBufferField {
    static let tableName = "FullyConnectedOptions"
    case fusedActivationFunction = 0, weightsFormat, keepNumberOfDimensions, asymmetricQuantizeInputs
    case quantizedBiasType
}

/// `table SoftmaxOptions`.
enum SoftmaxOptionsField: Int, FlatBufferField {
    static let tableName = "SoftmaxOptions"
    case beta = 0
}

/// `table ReshapeOptions`.
enum ReshapeOptionsField: Int, FlatBufferField {
    static let tableName = "ReshapeOptions"
    case newShape = 0
}

/// `table AddOptions`.
enum AddOptionsField: Int, FlatBufferField {
    static let tableName = "AddOptions"
    /// `pot_scale_int16` (field 1) only matters for int16 and is not read.
    case fusedActivationFunction = 0, powerOfTwoScaleInt16
}

/// `table ConcatenationOptions`.
enum ConcatenationOptionsField: Int, FlatBufferField {
    static let tableName = "ConcatenationOptions"
    case axis = 0, fusedActivationFunction
}

/// `table MulOptions`, `table SubOptions` (and `SquaredDifferenceOptions`, `MaximumMinimumOptions`,
/// which have no fields): the fused activation comes first.
enum ArithmeticOptionsField: Int, FlatBufferField {
    static let tableName = "MulOptions"
    case fusedActivationFunction = 0
}

/// `table ReducerOptions`.
enum ReducerOptionsField: Int, FlatBufferField {
    static let tableName = "ReducerOptions"
    case keepDimensions = 0
}

/// `table SplitOptions` and `table SplitVOptions`.
enum SplitOptionsField: Int, FlatBufferField {
    static let tableName = "SplitOptions"
    case numberOfSplits = 0
}

/// `table PackOptions`.
enum PackOptionsField: Int, FlatBufferField {
    static let tableName = "PackOptions"
    case valuesCount = 0, axis
}

/// `table UnpackOptions`.
enum UnpackOptionsField: Int, FlatBufferField {
    static let tableName = "UnpackOptions"
    case number = 0, axis
}

/// `table StridedSliceOptions`.
enum StridedSliceOptionsField: Int, FlatBufferField {
    static let tableName = "StridedSliceOptions"
    case beginMask = 0, endMask, ellipsisMask, newAxisMask, shrinkAxisMask, offset
}

/// `table GatherOptions`.
enum GatherOptionsField: Int, FlatBufferField {
    static let tableName = "GatherOptions"
    case axis = 0, batchDimensions
}

/// `table LeakyReluOptions`.
enum LeakyReluOptionsField: Int, FlatBufferField {
    static let tableName = "LeakyReluOptions"
    case alpha = 0
}

/// `table BatchMatMulOptions`.
enum BatchMatMulOptionsField: Int, FlatBufferField {
    static let tableName = "BatchMatMulOptions"
    case adjointX = 0, adjointY, asymmetricQuantizeInputs
}

/// `table TransposeConvOptions`.
enum TransposeConvOptionsField: Int, FlatBufferField {
    static let tableName = "TransposeConvOptions"
    case padding = 0, strideWidth, strideHeight, fusedActivationFunction, quantizedBiasType
}

/// `table ResizeBilinearOptions` (fields 0 and 1 are deprecated).
enum ResizeBilinearOptionsField: Int, FlatBufferField {
    static let tableName = "ResizeBilinearOptions"
    case newHeight = 0, newWidth, alignCorners, halfPixelCenters
}

/// `table ResizeNearestNeighborOptions`.
enum ResizeNearestNeighborOptionsField: Int, FlatBufferField {
    static let tableName = "ResizeNearestNeighborOptions"
    case alignCorners = 0, halfPixelCenters
}

/// `table ArgMaxOptions`.
enum ArgMaxOptionsField: Int, FlatBufferField {
    static let tableName = "ArgMaxOptions"
    case outputType = 0
}

/// The members of `union BuiltinOptions` the importer reads; the union's type byte stores the
/// member's 1-based position in the union declaration (0 means NONE).
enum BuiltinOptionsType: UInt8 {
    case none = 0
    case conv2DOptions = 1
    case depthwiseConv2DOptions = 2
    case pool2DOptions = 5
    case fullyConnectedOptions = 8
    case softmaxOptions = 9
    case concatenationOptions = 10
    case addOptions = 11
    case resizeBilinearOptions = 15
    case reshapeOptions = 17
    case mulOptions = 21
    case padOptions = 22
    case gatherOptions = 23
    case transposeOptions = 26
    case reducerOptions = 27
    case subOptions = 28
    case squeezeOptions = 30
    case stridedSliceOptions = 32
    case splitOptions = 35
    case dequantizeOptions = 38
    case maximumMinimumOptions = 39
    case argMaxOptions = 40
    case negOptions = 42
    case padV2Options = 43
    case sliceOptions = 48
    case transposeConvOptions = 49
    case expandDimsOptions = 52
    case packOptions = 59
    case unpackOptions = 64
    case resizeNearestNeighborOptions = 74
    case leakyReluOptions = 75
    case squaredDifferenceOptions = 76
    case splitVOptions = 79
    case quantizeOptions = 89
    case hardSwishOptions = 91
    case batchMatMulOptions = 101
}
