/// The operators the runtime executes. The raw value is the code stored in a model file.
///
/// Each kind has one home, `Operators/<Name>/`: its parameter record, validation, reference kernel,
/// the choice of its faster variants, and its work. The three switches at the bottom of this file are
/// the only places that list every kind; they have no `default:`, so a new kind is a compile error
/// until it is handled everywhere (docs/ARCHITECTURE.md, "Adding an operator").
public enum OperatorKind: UInt16, Sendable, CaseIterable {
    /// Dense layer: `output = input · weightsᵀ + bias`, weights `[out, in]`, per-tensor scale.
    case fullyConnected = 1
    /// 2-D convolution, NHWC input, OHWI filter, per-channel scales.
    case conv2D = 2
    /// Depthwise 2-D convolution with a depth multiplier, filter `[1, H, W, C·multiplier]`.
    case depthwiseConv2D = 3
    /// Average pooling over a window.
    case averagePool2D = 4
    /// Max pooling over a window.
    case maxPool2D = 5
    /// Element-wise addition of two int8 tensors with their own scales.
    case add = 6
    /// Change of shape; the output aliases the input's bytes in the arena.
    case reshape = 7
    /// Int8 softmax with TFLite's fixed-point exponential; output scale 1/256, zero point -128.
    case softmax = 8
    /// Float32 to int8 (or int8 to int8 requantization).
    case quantize = 9
    /// Int8 to float32.
    case dequantize = 10
    /// Inputs joined along one axis; int8 inputs share the output's quantization.
    case concatenation = 11
    /// Int8 mean over any axes (TFLM's QuantizedMeanOrSum).
    case mean = 12
    /// Int8 sum over any axes.
    case sum = 13
    /// Int8 maximum over any axes; input and output share quantization.
    case reduceMax = 14
    /// PAD; the output filled with the output's zero point, the input copied into it at its padding offsets (TFLM's reference_ops;;Pad; int8 input and output share quantization).
    case pad = 15
    /// PADV2; PAD with the fill value taken from the constant third input (which must share the output's quantization, as TFLM requires); the writer stores it in the copy program.
    case padV2 = 16
    /// TRANSPOSE up to rank 6; one strided copy whose source strides follow the constant permutation (TFLM's reference_ops;;Transpose, which stops at rank 5 in TFLM and at 4 in CMSIS-NN).
    case transpose = 17
    /// SLICE; one strided copy from the constant begin, of the output's size (TFLM's reference_ops;;Slice).
    case slice = 18
    /// STRIDED_SLICE; one strided copy whose starts and steps the writer resolves with TFLM's StridedSliceStartForAxis and StridedSliceEndForAxis (begin, end and shrink masks, offset; TFLM ignores the ellips.
    case stridedSlice = 19
    /// SPLIT; equal parts along the constant axis (input 0 is the axis, input 1 the data), one strided copy per output.
    case split = 20
    /// SPLIT_V; parts of the outputs' sizes along the constant axis (input 0 is the data), one strided copy per output.
    case splitV = 21
    /// PACK; inputs of one shape stacked along a new axis, one strided copy per input.
    case pack = 22
    /// UNPACK; the input cut along an axis into outputs without it, one strided copy per output.
    case unpack = 23
    /// Int8 transposed convolution (TFLM's TransposeConv), OHWI filter, per-channel scales.
    case transposeConv2D = 24
    /// Int8 batched matrix product with broadcast batch dimensions and adjoint operands as strides.
    case batchMatMul = 25
    /// Int32 index of the first largest int8 value along an axis.
    case argMax = 26
    /// Nearest-neighbour resize of an NHWC tensor with precomputed row and column maps.
    case resizeNearestNeighbor = 27
    /// Int8 bilinear resize (TFLM's ResizeBilinearInteger) with precomputed rows, columns and positions.
    case resizeBilinear = 28
    /// Slices at constant indices along an axis, as a copy program.
    case gather = 29
    /// Int8 sigmoid with gemmlowp's fixed-point logistic; output zero point -128 (scale 1/256 assumed).
    case logistic = 40
    /// Int8 tanh with gemmlowp's fixed-point tanh; the output is written on scale 1/128, zero point 0.
    case tanh = 41
    /// Int8 `x · relu6(x + 3) / 6` in 16-bit fixed point.
    case hardSwish = 42
    /// Int8 leaky ReLU: one multiplier for x ≥ 0, one for alpha below.
    case leakyRelu = 43
    /// Int8 ReLU with requantization to the output scale.
    case relu = 44
    /// Int8 ReLU6: a clamp on the input's scale (TFLM does not requantize).
    case relu6 = 45
    /// Int8 inverse square root with TFLite's fixed-point Newton-Raphson.
    case rsqrt = 46
    /// Float32 negation (TFLM has no int8 NEG).
    case neg = 47
    /// Element-wise difference of two int8 tensors with TFLite broadcasting.
    case sub = 50
    /// Element-wise product of two int8 tensors with TFLite broadcasting.
    case mul = 51
    /// Element-wise squared difference of two int8 tensors with TFLite broadcasting.
    case squaredDifference = 52
    /// Element-wise maximum of two int8 tensors (raw values) with TFLite broadcasting.
    case maximum = 53
    /// Element-wise minimum of two int8 tensors (raw values) with TFLite broadcasting.
    case minimum = 54
    /// Parametric ReLU: an int8 slope tensor broadcast against the input below its zero point.
    case prelu = 55

    /// The operator's name as TFLite spells it, used in messages and reports.
    public var name: StaticString {
        switch self {
        case .fullyConnected: return "FULLY_CONNECTED"
        case .conv2D: return "CONV_2D"
        case .depthwiseConv2D: return "DEPTHWISE_CONV_2D"
        case .averagePool2D: return "AVERAGE_POOL_2D"
        case .maxPool2D: return "MAX_POOL_2D"
        case .add: return "ADD"
        case .reshape: return "RESHAPE"
        case .softmax: return "SOFTMAX"
        case .quantize: return "QUANTIZE"
        case .dequantize: return "DEQUANTIZE"
        case .concatenation: return "CONCATENATION"
        case .mean: return "MEAN"
        case .sum: return "SUM"
        case .reduceMax: return "REDUCE_MAX"
        case .pad: return "PAD"
        case .padV2: return "PADV2"
        case .transpose: return "TRANSPOSE"
        case .slice: return "SLICE"
        case .stridedSlice: return "STRIDED_SLICE"
        case .split: return "SPLIT"
        case .splitV: return "SPLIT_V"
        case .pack: return "PACK"
        case .unpack: return "UNPACK"
        case .transposeConv2D: return "TRANSPOSE_CONV"
        case .batchMatMul: return "BATCH_MATMUL"
        case .argMax: return "ARG_MAX"
        case .resizeNearestNeighbor: return "RESIZE_NEAREST_NEIGHBOR"
        case .resizeBilinear: return "RESIZE_BILINEAR"
        case .gather: return "GATHER"
        case .logistic: return "LOGISTIC"
        case .tanh: return "TANH"
        case .hardSwish: return "HARD_SWISH"
        case .leakyRelu: return "LEAKY_RELU"
        case .relu: return "RELU"
        case .relu6: return "RELU6"
        case .rsqrt: return "RSQRT"
        case .neg: return "NEG"
        case .sub: return "SUB"
        case .mul: return "MUL"
        case .squaredDifference: return "SQUARED_DIFFERENCE"
        case .maximum: return "MAXIMUM"
        case .minimum: return "MINIMUM"
        case .prelu: return "PRELU"
        }
    }

    /// The work an operator of this kind does on operands of these shapes (its home's `work(of:)`).
    public func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork {
        switch self {
        case .fullyConnected: return FullyConnected.work(of: operands)
        case .conv2D: return Conv2D.work(of: operands)
        case .depthwiseConv2D: return DepthwiseConv2D.work(of: operands)
        case .averagePool2D: return AveragePool2D.work(of: operands)
        case .maxPool2D: return MaxPool2D.work(of: operands)
        case .add: return Add.work(of: operands)
        case .reshape: return Reshape.work(of: operands)
        case .softmax: return Softmax.work(of: operands)
        case .quantize: return Quantize.work(of: operands)
        case .dequantize: return Dequantize.work(of: operands)
        case .concatenation: return Concatenation.work(of: operands)
        case .mean: return Mean.work(of: operands)
        case .sum: return Sum.work(of: operands)
        case .reduceMax: return ReduceMax.work(of: operands)
        case .pad: return Pad.work(of: operands)
        case .padV2: return PadV2.work(of: operands)
        case .transpose: return Transpose.work(of: operands)
        case .slice: return Slice.work(of: operands)
        case .stridedSlice: return StridedSlice.work(of: operands)
        case .split: return Split.work(of: operands)
        case .splitV: return SplitV.work(of: operands)
        case .pack: return Pack.work(of: operands)
        case .unpack: return Unpack.work(of: operands)
        case .transposeConv2D: return TransposeConv2D.work(of: operands)
        case .batchMatMul: return BatchMatMul.work(of: operands)
        case .argMax: return ArgMax.work(of: operands)
        case .resizeNearestNeighbor: return ResizeNearestNeighbor.work(of: operands)
        case .resizeBilinear: return ResizeBilinear.work(of: operands)
        case .gather: return Gather.work(of: operands)
        case .logistic: return Logistic.work(of: operands)
        case .tanh: return Tanh.work(of: operands)
        case .hardSwish: return HardSwish.work(of: operands)
        case .leakyRelu: return LeakyRelu.work(of: operands)
        case .relu: return Relu.work(of: operands)
        case .relu6: return Relu6.work(of: operands)
        case .rsqrt: return Rsqrt.work(of: operands)
        case .neg: return Neg.work(of: operands)
        case .sub: return Sub.work(of: operands)
        case .mul: return Mul.work(of: operands)
        case .squaredDifference: return SquaredDifference.work(of: operands)
        case .maximum: return Maximum.work(of: operands)
        case .minimum: return Minimum.work(of: operands)
        case .prelu: return Prelu.work(of: operands)
        }
    }
}

/// What every operator's home provides. The runtime calls these on concrete types only, through the
/// exhaustive switches in this file, so there are no existentials in the hot path.
protocol OperatorImplementation {
    /// Checks one record of this kind: tensor counts, element types and storage, shapes against the
    /// operator's semantics, and the range of every parameter word. Runs once, when a model loads.
    static func validate(_ check: OperatorValidation) throws(ModelError)
    /// Runs one validated record with the variant this build chooses (packed DSP on Armv7E-M with
    /// `EDGE_ARM_DSP`, register-blocked on other 32-bit cores, SIMD on 64-bit hosts, else reference).
    static func run(_ op: OperatorRecord, in interpreter: Interpreter)
    /// Multiply-accumulates and element-wise steps on operands of these shapes.
    static func work<Operands: OperandShapes>(of operands: Operands) -> OperatorWork
}

extension OperatorValidation {
    /// Dispatches to the kind's validation.
    func validateKind(_ kind: OperatorKind) throws(ModelError) {
        switch kind {
        case .fullyConnected:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_FULLY_CONNECTED
            try FullyConnected.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .conv2D:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_CONV_2D
            try Conv2D.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .depthwiseConv2D:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_DEPTHWISE_CONV_2D
            try DepthwiseConv2D.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .averagePool2D:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_AVERAGE_POOL_2D
            try AveragePool2D.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .maxPool2D:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_MAX_POOL_2D
            try MaxPool2D.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .add:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_ADD
            try Add.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .reshape:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_RESHAPE
            try Reshape.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .softmax:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SOFTMAX
            try Softmax.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .quantize:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_QUANTIZE
            try Quantize.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .dequantize:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_DEQUANTIZE
            try Dequantize.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .concatenation:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_CONCATENATION
            try Concatenation.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .mean:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_MEAN
            try Mean.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .sum:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SUM
            try Sum.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .reduceMax:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_REDUCE_MAX
            try ReduceMax.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .pad:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_PAD
            try Pad.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .padV2:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_PADV2
            try PadV2.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .transpose:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_TRANSPOSE
            try Transpose.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .slice:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SLICE
            try Slice.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .stridedSlice:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_STRIDED_SLICE
            try StridedSlice.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .split:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SPLIT
            try Split.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .splitV:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SPLIT_V
            try SplitV.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .pack:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_PACK
            try Pack.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .unpack:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_UNPACK
            try Unpack.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .transposeConv2D:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_TRANSPOSE_CONV
            try TransposeConv2D.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .batchMatMul:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_BATCH_MATMUL
            try BatchMatMul.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .argMax:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_ARG_MAX
            try ArgMax.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .resizeNearestNeighbor:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_RESIZE_NEAREST_NEIGHBOR
            try ResizeNearestNeighbor.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .resizeBilinear:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_RESIZE_BILINEAR
            try ResizeBilinear.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .gather:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_GATHER
            try Gather.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .logistic:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_LOGISTIC
            try Logistic.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .tanh:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_TANH
            try Tanh.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .hardSwish:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_HARD_SWISH
            try HardSwish.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .leakyRelu:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_LEAKY_RELU
            try LeakyRelu.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .relu:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_RELU
            try Relu.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .relu6:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_RELU6
            try Relu6.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .rsqrt:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_RSQRT
            try Rsqrt.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .neg:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_NEG
            try Neg.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .sub:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SUB
            try Sub.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .mul:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_MUL
            try Mul.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .squaredDifference:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SQUARED_DIFFERENCE
            try SquaredDifference.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .maximum:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_MAXIMUM
            try Maximum.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .minimum:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_MINIMUM
            try Minimum.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        case .prelu:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_PRELU
            try Prelu.validate(self)
            #else
            throw .unknownOperator(operator: index, code: Int(kind.rawValue))
            #endif
        }
    }
}

extension Interpreter {
    /// Runs operator `index` alone; the operators before it must have run.
    public func run(operator index: Int) {
        let op = model.operatorRecord(index)
        switch op.kind {
        case .fullyConnected:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_FULLY_CONNECTED
            FullyConnected.run(op, in: self)
            #endif
        case .conv2D:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_CONV_2D
            Conv2D.run(op, in: self)
            #endif
        case .depthwiseConv2D:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_DEPTHWISE_CONV_2D
            DepthwiseConv2D.run(op, in: self)
            #endif
        case .averagePool2D:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_AVERAGE_POOL_2D
            AveragePool2D.run(op, in: self)
            #endif
        case .maxPool2D:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_MAX_POOL_2D
            MaxPool2D.run(op, in: self)
            #endif
        case .add:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_ADD
            Add.run(op, in: self)
            #endif
        case .reshape:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_RESHAPE
            Reshape.run(op, in: self)
            #endif
        case .softmax:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SOFTMAX
            Softmax.run(op, in: self)
            #endif
        case .quantize:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_QUANTIZE
            Quantize.run(op, in: self)
            #endif
        case .dequantize:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_DEQUANTIZE
            Dequantize.run(op, in: self)
            #endif
        case .concatenation:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_CONCATENATION
            Concatenation.run(op, in: self)
            #endif
        case .mean:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_MEAN
            Mean.run(op, in: self)
            #endif
        case .sum:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SUM
            Sum.run(op, in: self)
            #endif
        case .reduceMax:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_REDUCE_MAX
            ReduceMax.run(op, in: self)
            #endif
        case .pad:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_PAD
            Pad.run(op, in: self)
            #endif
        case .padV2:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_PADV2
            PadV2.run(op, in: self)
            #endif
        case .transpose:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_TRANSPOSE
            Transpose.run(op, in: self)
            #endif
        case .slice:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SLICE
            Slice.run(op, in: self)
            #endif
        case .stridedSlice:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_STRIDED_SLICE
            StridedSlice.run(op, in: self)
            #endif
        case .split:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SPLIT
            Split.run(op, in: self)
            #endif
        case .splitV:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SPLIT_V
            SplitV.run(op, in: self)
            #endif
        case .pack:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_PACK
            Pack.run(op, in: self)
            #endif
        case .unpack:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_UNPACK
            Unpack.run(op, in: self)
            #endif
        case .transposeConv2D:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_TRANSPOSE_CONV
            TransposeConv2D.run(op, in: self)
            #endif
        case .batchMatMul:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_BATCH_MATMUL
            BatchMatMul.run(op, in: self)
            #endif
        case .argMax:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_ARG_MAX
            ArgMax.run(op, in: self)
            #endif
        case .resizeNearestNeighbor:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_RESIZE_NEAREST_NEIGHBOR
            ResizeNearestNeighbor.run(op, in: self)
            #endif
        case .resizeBilinear:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_RESIZE_BILINEAR
            ResizeBilinear.run(op, in: self)
            #endif
        case .gather:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_GATHER
            Gather.run(op, in: self)
            #endif
        case .logistic:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_LOGISTIC
            Logistic.run(op, in: self)
            #endif
        case .tanh:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_TANH
            Tanh.run(op, in: self)
            #endif
        case .hardSwish:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_HARD_SWISH
            HardSwish.run(op, in: self)
            #endif
        case .leakyRelu:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_LEAKY_RELU
            LeakyRelu.run(op, in: self)
            #endif
        case .relu:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_RELU
            Relu.run(op, in: self)
            #endif
        case .relu6:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_RELU6
            Relu6.run(op, in: self)
            #endif
        case .rsqrt:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_RSQRT
            Rsqrt.run(op, in: self)
            #endif
        case .neg:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_NEG
            Neg.run(op, in: self)
            #endif
        case .sub:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SUB
            Sub.run(op, in: self)
            #endif
        case .mul:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_MUL
            Mul.run(op, in: self)
            #endif
        case .squaredDifference:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_SQUARED_DIFFERENCE
            SquaredDifference.run(op, in: self)
            #endif
        case .maximum:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_MAXIMUM
            Maximum.run(op, in: self)
            #endif
        case .minimum:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_MINIMUM
            Minimum.run(op, in: self)
            #endif
        case .prelu:
            #if !EDGE_OPERATOR_SUBSET || EDGE_OPERATOR_PRELU
            Prelu.run(op, in: self)
            #endif
        }
    }
}
