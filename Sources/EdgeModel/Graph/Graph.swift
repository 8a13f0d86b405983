import EdgeRuntime

/// A quantized network as the host sees it: tensors, operators in execution order, and the graph's
/// inputs and outputs. The TFLite importer and the distiller's exporter both produce a `Graph`;
/// the model writer turns it into an `.edm` file.
///
/// Layout conventions (the same as TFLite): activations NHWC, convolution filters OHWI,
/// depthwise filters `[1, H, W, C·multiplier]`, fully-connected weights `[out, in]`.
public struct Graph: Sendable, Equatable {
    /// A human-readable name, kept in the model file.
    public var name: String
    /// Every tensor the operators refer to, by index.
    public var tensors: [TensorDescription]
    /// Operators in execution order.
    public var operators: [OperatorDescription]
    /// Indices of the graph's input tensors.
    public var inputs: [Int]
    /// Indices of the graph's output tensors.
    public var outputs: [Int]

    /// Creates a graph from its parts.
    public init(
        name: String, tensors: [TensorDescription], operators: [OperatorDescription],
        inputs: [Int], outputs: [Int]
    ) {
        self.name = name
        self.tensors = tensors
        self.operators = operators
        self.inputs = inputs
        self.outputs = outputs
    }
}

/// One tensor of a graph: its shape, element type, quantization and, for constants, its bytes.
public struct TensorDescription: Sendable, Equatable {
    /// The tensor's name (from the source model, or given by the exporter).
    public var name: String
    /// Dimensions, outermost first.
    public var shape: [Int]
    /// The element type.
    public var elementType: ElementType
    /// Scale and zero point; `nil` for unquantized tensors such as shape vectors.
    public var quantization: QuantizationParameters?
    /// Little-endian element bytes for constant tensors; `nil` for activations.
    public var constantData: [UInt8]?

    /// Creates a tensor description.
    public init(
        name: String, shape: [Int], elementType: ElementType,
        quantization: QuantizationParameters? = nil, constantData: [UInt8]? = nil
    ) {
        self.name = name
        self.shape = shape
        self.elementType = elementType
        self.quantization = quantization
        self.constantData = constantData
    }

    /// Number of elements (the product of the shape).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Bytes the tensor's elements occupy.
    public var byteCount: Int { elementCount * elementType.byteWidth }

    /// Whether the tensor holds constant data (weights, biases, shape vectors).
    public var isConstant: Bool { constantData != nil }
}

/// Affine quantization: `real = scale · (quantized − zeroPoint)`, per tensor or per channel.
public struct QuantizationParameters: Sendable, Equatable {
    /// One scale per tensor, or one per channel along `channelAxis`.
    public var scales: [Float]
    /// Zero points, the same count as `scales`.
    public var zeroPoints: [Int32]
    /// The channel dimension for per-channel quantization; ignored when there is one scale.
    public var channelAxis: Int

    /// Creates quantization parameters.
    public init(scales: [Float], zeroPoints: [Int32], channelAxis: Int = 0) {
        self.scales = scales
        self.zeroPoints = zeroPoints
        self.channelAxis = channelAxis
    }

    /// Per-tensor quantization with one scale and zero point.
    public init(scale: Float, zeroPoint: Int32) {
        self.init(scales: [scale], zeroPoints: [zeroPoint])
    }

    /// The first (or only) scale.
    public var scale: Float { scales.first ?? 0 }
    /// The first (or only) zero point.
    public var zeroPoint: Int32 { zeroPoints.first ?? 0 }
    /// Whether there is one scale per channel.
    public var isPerChannel: Bool { scales.count > 1 }
}

/// One operator of a graph.
public struct OperatorDescription: Sendable, Equatable {
    /// What the operator computes.
    public var kind: OperatorKind
    /// Input tensor indices, in TFLite's order (for example input, filter, bias); `-1` marks an
    /// omitted optional input such as a missing bias.
    public var inputs: [Int]
    /// Output tensor indices.
    public var outputs: [Int]
    /// Strides, padding, fused activation and the other settings.
    public var options: OperatorOptions

    /// Creates an operator description.
    public init(kind: OperatorKind, inputs: [Int], outputs: [Int], options: OperatorOptions = .init()) {
        self.kind = kind
        self.inputs = inputs
        self.outputs = outputs
        self.options = options
    }
}

/// How a convolution or pooling window treats the border.
public enum Padding: String, Sendable, Equatable {
    /// Zero-pad so that `output = ceil(input / stride)`.
    case same
    /// No padding: only full windows.
    case valid
}

/// An activation fused into the operator's output clamp.
public enum FusedActivation: String, Sendable, Equatable {
    /// No clamp beyond the int8 range.
    case none
    /// `max(0, x)`.
    case relu
    /// `min(max(0, x), 6)`.
    case relu6
    /// `min(max(−1, x), 1)`.
    case reluMinusOneToOne
}

/// Settings of an operator. Each kind reads the fields that apply to it.
public struct OperatorOptions: Sendable, Equatable {
    /// Border handling for convolutions and pooling.
    public var padding: Padding
    /// Vertical stride.
    public var strideHeight: Int
    /// Horizontal stride.
    public var strideWidth: Int
    /// Vertical dilation of a convolution filter.
    public var dilationHeight: Int
    /// Horizontal dilation of a convolution filter.
    public var dilationWidth: Int
    /// Pooling window height.
    public var filterHeight: Int
    /// Pooling window width.
    public var filterWidth: Int
    /// Output channels per input channel of a depthwise convolution.
    public var depthMultiplier: Int
    /// The activation fused into the output.
    public var fusedActivation: FusedActivation
    /// Softmax inverse temperature.
    public var softmaxBeta: Float
    /// The axis of CONCATENATION, PACK, UNPACK, SPLIT, SPLIT_V, GATHER and ARG_MAX (may be negative, as in TFLite).
    public var axis: Int
    /// GATHER's leading dimensions shared by the input and the indices.
    public var batchDimensions: Int
    /// The slope of LEAKY_RELU below zero.
    public var alpha: Float
    /// BATCH_MATMUL: transpose the last two dimensions of the first (`adjointLeft`) or second input.
    public var adjointLeft: Bool
    /// See `adjointLeft`.
    public var adjointRight: Bool
    /// STRIDED_SLICE's bit masks and its `offset` flag, as in TFLite's `StridedSliceOptions`.
    public var sliceMasks: SliceMasks
    /// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR: corner alignment.
    public var alignCorners: Bool
    /// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR: sample at pixel centres.
    public var halfPixelCenters: Bool

    /// Creates options; every field has the neutral default.
    public init(
        padding: Padding = .valid, strideHeight: Int = 1, strideWidth: Int = 1,
        dilationHeight: Int = 1, dilationWidth: Int = 1, filterHeight: Int = 1, filterWidth: Int = 1,
        depthMultiplier: Int = 1, fusedActivation: FusedActivation = .none, softmaxBeta: Float = 1,
        axis: Int = 0, batchDimensions: Int = 0, alpha: Float = 0, adjointLeft: Bool = false, adjointRight: Bool = false,
        sliceMasks: SliceMasks = SliceMasks(), alignCorners: Bool = false, halfPixelCenters: Bool = false
    ) {
        self.axis = axis
        self.batchDimensions = batchDimensions
        self.alpha = alpha
        self.adjointLeft = adjointLeft
        self.adjointRight = adjointRight
        self.sliceMasks = sliceMasks
        self.alignCorners = alignCorners
        self.halfPixelCenters = halfPixelCenters
        self.padding = padding
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.dilationHeight = dilationHeight
        self.dilationWidth = dilationWidth
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.depthMultiplier = depthMultiplier
        self.fusedActivation = fusedActivation
        self.softmaxBeta = softmaxBeta
    }
}

/// STRIDED_SLICE's masks: bit `i` of a mask concerns axis `i` of the begin/end/strides vectors.
public struct SliceMasks: Sendable, Equatable {
    /// Ignore `begin[i]`: start at the first (or, for a negative stride, the last) element.
    public var begin: Int
    /// Ignore `end[i]`: run to the end.
    public var end: Int
    /// Axis `i` stands for as many full axes as the input needs.
    public var ellipsis: Int
    /// Insert an axis of size one.
    public var newAxis: Int
    /// Take the one element at `begin[i]` and drop the axis.
    public var shrinkAxis: Int
    /// `end` is relative to `begin` (TFLite's `offset`).
    public var offset: Bool

    /// Creates masks; all empty by default.
    public init(begin: Int = 0, end: Int = 0, ellipsis: Int = 0, newAxis: Int = 0, shrinkAxis: Int = 0, offset: Bool = false) {
        self.begin = begin
        self.end = end
        self.ellipsis = ellipsis
        self.newAxis = newAxis
        self.shrinkAxis = shrinkAxis
        self.offset = offset
    }
}
