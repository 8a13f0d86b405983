/// The inference software on a device (runtime plus kernel library, for example TFLM + CMSIS-NN or
/// X-CUBE-AI) and how fast it runs each kind of layer there. The same board runs a model at very
/// different speeds under different stacks, so the stack is part of the profile.
///
/// Cycles of a layer (see ``CostModel``):
/// - convolution: `cyclesPerMAC · (MACs · (shallow ? shallowConvolutionFactor : 1) + outputCostInMACs · outputs)`
/// - depthwise: `cyclesPerMAC · (MACs · depthwiseFactor + outputCostInMACs · outputs)`
/// - dense: `cyclesPerMAC · (MACs · denseFactor + outputCostInMACs · outputs)`
/// - pooling, add, softmax, conversions: `cyclesPerMAC · elementwiseCostInMACs · elements`
/// - every layer adds `weightCyclesPerByte · weight bytes + operatorOverheadCycles`.
public struct SoftwareStack: Codable, Equatable, Sendable {
    /// The stack's name, for example `TFLM + CMSIS-NN`.
    public var name: String
    /// Cycles per convolution multiply-accumulate at full speed.
    public var cyclesPerMAC: SourcedNumber
    /// Per-output cost (bias, requantization, clamp, store) in units of a multiply-accumulate.
    public var outputCostInMACs: SourcedNumber
    /// Cost of a depthwise multiply-accumulate relative to a convolution one.
    public var depthwiseFactor: SourcedNumber
    /// Cost of a convolution multiply-accumulate over at most 4 input channels, relative.
    public var shallowConvolutionFactor: SourcedNumber
    /// Cost of a dense (matrix-vector) multiply-accumulate relative to a convolution one.
    public var denseFactor: SourcedNumber
    /// Cycles per byte of weights streamed from flash or DRAM, on top of the arithmetic.
    public var weightCyclesPerByte: SourcedNumber
    /// Cost of one element of pooling, add, softmax or conversion, in multiply-accumulates.
    public var elementwiseCostInMACs: SourcedNumber
    /// Fixed cycles per operator: dispatch, parameter decoding, loop set-up.
    public var operatorOverheadCycles: SourcedNumber
    /// Flash (or storage) bytes of the runtime code and kernels linked for a model.
    public var runtimeCodeBytes: SourcedNumber
    /// RAM bytes of runtime state outside the arena (interpreter, tensor views, I/O buffers' headers).
    public var runtimeStateBytes: SourcedNumber
    /// RAM bytes of call stack the runtime needs.
    public var stackBytes: SourcedNumber

    /// Creates a stack description.
    public init(
        name: String, cyclesPerMAC: SourcedNumber, outputCostInMACs: SourcedNumber, depthwiseFactor: SourcedNumber,
        shallowConvolutionFactor: SourcedNumber, denseFactor: SourcedNumber, weightCyclesPerByte: SourcedNumber,
        elementwiseCostInMACs: SourcedNumber, operatorOverheadCycles: SourcedNumber, runtimeCodeBytes: SourcedNumber,
        runtimeStateBytes: SourcedNumber, stackBytes: SourcedNumber
    ) {
        self.name = name
        self.cyclesPerMAC = cyclesPerMAC
        self.outputCostInMACs = outputCostInMACs
        self.depthwiseFactor = depthwiseFactor
        self.shallowConvolutionFactor = shallowConvolutionFactor
        self.denseFactor = denseFactor
        self.weightCyclesPerByte = weightCyclesPerByte
        self.elementwiseCostInMACs = elementwiseCostInMACs
        self.operatorOverheadCycles = operatorOverheadCycles
        self.runtimeCodeBytes = runtimeCodeBytes
        self.runtimeStateBytes = runtimeStateBytes
        self.stackBytes = stackBytes
    }

    /// The sourced numbers by field name, for validation and listings.
    public var numbers: [(field: String, number: SourcedNumber)] {
        [
            ("cyclesPerMAC", cyclesPerMAC), ("outputCostInMACs", outputCostInMACs), ("depthwiseFactor", depthwiseFactor),
            ("shallowConvolutionFactor", shallowConvolutionFactor), ("denseFactor", denseFactor),
            ("weightCyclesPerByte", weightCyclesPerByte), ("elementwiseCostInMACs", elementwiseCostInMACs),
            ("operatorOverheadCycles", operatorOverheadCycles), ("runtimeCodeBytes", runtimeCodeBytes),
            ("runtimeStateBytes", runtimeStateBytes), ("stackBytes", stackBytes),
        ]
    }
}
