/// The per-kind cost factors that all calibrated stacks share (see ``SoftwareStack`` for their
/// meaning). Only `cyclesPerMAC` differs per board and stack; these are fitted across all of them,
/// pulled towards ``priors`` so that a factor the data cannot pin down (dense layers when the only
/// dense-heavy model is held out) stays at its prior.
public struct SharedCostFactors: Codable, Equatable, Sendable {
    /// Per-output cost in multiply-accumulates.
    public var outputCostInMACs: Double
    /// Depthwise multiply-accumulate cost relative to convolution.
    public var depthwiseFactor: Double
    /// Shallow-input convolution cost relative to convolution.
    public var shallowConvolutionFactor: Double
    /// Dense multiply-accumulate cost relative to convolution.
    public var denseFactor: Double
    /// Cycles per weight byte streamed.
    public var weightCyclesPerByte: Double
    /// Element-wise cost in multiply-accumulates.
    public var elementwiseCostInMACs: Double
    /// Cycles per operator.
    public var operatorOverheadCycles: Double

    /// Creates factors.
    public init(
        outputCostInMACs: Double, depthwiseFactor: Double, shallowConvolutionFactor: Double, denseFactor: Double,
        weightCyclesPerByte: Double, elementwiseCostInMACs: Double, operatorOverheadCycles: Double
    ) {
        self.outputCostInMACs = outputCostInMACs
        self.depthwiseFactor = depthwiseFactor
        self.shallowConvolutionFactor = shallowConvolutionFactor
        self.denseFactor = denseFactor
        self.weightCyclesPerByte = weightCyclesPerByte
        self.elementwiseCostInMACs = elementwiseCostInMACs
        self.operatorOverheadCycles = operatorOverheadCycles
    }

    /// Priors from instruction counts of Cortex-M int8 kernels, set before fitting:
    /// requantizing one output (bias add, 64-bit multiply-high, rounding shift, clamp, store) takes
    /// about as long as 8 multiply-accumulates; a depthwise MAC costs like a convolution one; a
    /// convolution over 1–4 input channels loses the 2-way SIMD packing (×1.5); a matrix-vector MAC
    /// does no im2col (×0.5) but streams its weight byte (1 cycle per byte: one 32-bit load and two
    /// sign-extending unpacks per 4 weights); an element of pooling/add/softmax costs 2 MACs; an
    /// operator's dispatch and set-up about 1000 cycles.
    public static let priors = SharedCostFactors(
        outputCostInMACs: 8, depthwiseFactor: 1, shallowConvolutionFactor: 1.5, denseFactor: 0.5,
        weightCyclesPerByte: 1, elementwiseCostInMACs: 2, operatorOverheadCycles: 1000)

    /// The factors as a vector, in a fixed order.
    var vector: [Double] {
        [outputCostInMACs, depthwiseFactor, shallowConvolutionFactor, denseFactor, weightCyclesPerByte, elementwiseCostInMACs, operatorOverheadCycles]
    }

    /// Factors from a vector in ``vector``'s order.
    init(vector v: [Double]) {
        self.init(
            outputCostInMACs: v[0], depthwiseFactor: v[1], shallowConvolutionFactor: v[2], denseFactor: v[3],
            weightCyclesPerByte: v[4], elementwiseCostInMACs: v[5], operatorOverheadCycles: v[6])
    }

    /// A software stack with these factors and `cyclesPerMAC`, each number sourced with `source`.
    public func stack(name: String, cyclesPerMAC: Double, source: String) -> SoftwareStack {
        func number(_ value: Double) -> SourcedNumber { SourcedNumber(value, source: source) }
        let unused = SourcedNumber(0, source: "not part of the latency calibration")
        return SoftwareStack(
            name: name, cyclesPerMAC: number(cyclesPerMAC), outputCostInMACs: number(outputCostInMACs),
            depthwiseFactor: number(depthwiseFactor), shallowConvolutionFactor: number(shallowConvolutionFactor),
            denseFactor: number(denseFactor), weightCyclesPerByte: number(weightCyclesPerByte),
            elementwiseCostInMACs: number(elementwiseCostInMACs), operatorOverheadCycles: number(operatorOverheadCycles),
            runtimeCodeBytes: unused, runtimeStateBytes: unused, stackBytes: unused)
    }
}
