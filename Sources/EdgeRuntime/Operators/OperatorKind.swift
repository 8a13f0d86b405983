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
        case .fullyConnected: try FullyConnected.validate(self)
        case .conv2D: try Conv2D.validate(self)
        case .depthwiseConv2D: try DepthwiseConv2D.validate(self)
        case .averagePool2D: try AveragePool2D.validate(self)
        case .maxPool2D: try MaxPool2D.validate(self)
        case .add: try Add.validate(self)
        case .reshape: try Reshape.validate(self)
        case .softmax: try Softmax.validate(self)
        case .quantize: try Quantize.validate(self)
        case .dequantize: try Dequantize.validate(self)
        case .concatenation: try Concatenation.validate(self)
        case .mean: try Mean.validate(self)
        case .sum: try Sum.validate(self)
        case .reduceMax: try ReduceMax.validate(self)
        case .pad: try Pad.validate(self)
        case .padV2: try PadV2.validate(self)
        case .transpose: try Transpose.validate(self)
        case .slice: try Slice.validate(self)
        case .stridedSlice: try StridedSlice.validate(self)
        case .split: try Split.validate(self)
        case .splitV: try SplitV.validate(self)
        case .pack: try Pack.validate(self)
        case .unpack: try Unpack.validate(self)
        case .transposeConv2D: try TransposeConv2D.validate(self)
        case .batchMatMul: try BatchMatMul.validate(self)
        case .argMax: try ArgMax.validate(self)
        case .resizeNearestNeighbor: try ResizeNearestNeighbor.validate(self)
        case .resizeBilinear: try ResizeBilinear.validate(self)
        case .gather: try Gather.validate(self)
        }
    }
}

extension Interpreter {
    /// Runs operator `index` alone; the operators before it must have run.
    public func run(operator index: Int) {
        let op = model.operatorRecord(index)
        switch op.kind {
        case .fullyConnected: FullyConnected.run(op, in: self)
        case .conv2D: Conv2D.run(op, in: self)
        case .depthwiseConv2D: DepthwiseConv2D.run(op, in: self)
        case .averagePool2D: AveragePool2D.run(op, in: self)
        case .maxPool2D: MaxPool2D.run(op, in: self)
        case .add: Add.run(op, in: self)
        case .reshape: Reshape.run(op, in: self)
        case .softmax: Softmax.run(op, in: self)
        case .quantize: Quantize.run(op, in: self)
        case .dequantize: Dequantize.run(op, in: self)
        case .concatenation: Concatenation.run(op, in: self)
        case .mean: Mean.run(op, in: self)
        case .sum: Sum.run(op, in: self)
        case .reduceMax: ReduceMax.run(op, in: self)
        case .pad: Pad.run(op, in: self)
        case .padV2: PadV2.run(op, in: self)
        case .transpose: Transpose.run(op, in: self)
        case .slice: Slice.run(op, in: self)
        case .stridedSlice: StridedSlice.run(op, in: self)
        case .split: Split.run(op, in: self)
        case .splitV: SplitV.run(op, in: self)
        case .pack: Pack.run(op, in: self)
        case .unpack: Unpack.run(op, in: self)
        case .transposeConv2D: TransposeConv2D.run(op, in: self)
        case .batchMatMul: BatchMatMul.run(op, in: self)
        case .argMax: ArgMax.run(op, in: self)
        case .resizeNearestNeighbor: ResizeNearestNeighbor.run(op, in: self)
        case .resizeBilinear: ResizeBilinear.run(op, in: self)
        case .gather: Gather.run(op, in: self)
        }
    }
}
