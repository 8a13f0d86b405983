/// The estimated time of one layer on one device.
public struct LayerCost: Codable, Equatable, Sendable {
    /// Position in execution order.
    public var index: Int
    /// The operator, for example `CONV_2D`.
    public var operatorName: String
    /// The tensor the layer writes.
    public var label: String
    /// The cost-model class.
    public var kind: WorkloadKind
    /// Multiply-accumulates.
    public var multiplyAccumulates: Int
    /// Weights and activations moved, in bytes.
    public var bytesMoved: Int
    /// Cycles the arithmetic, per-output work, weight streaming and overhead take.
    public var computeCycles: Double
    /// Cycles moving `bytesMoved` at the device's memory bandwidth takes.
    public var memoryCycles: Double
    /// For EdgeDistill's runtime on a device with memory regions: the extra cycles of the bytes the
    /// layer moves in slower regions (``RegionBudget``); nil otherwise.
    public var regionCycles: Double? = nil
    /// The estimate: the larger of compute and memory (a roofline), plus the region cycles.
    public var cycles: Double
    /// `cycles` at the device's clock, in seconds.
    public var seconds: Double
    /// For EdgeDistill's runtime: the instructions the fitted kernel-cost model predicts (what
    /// `--emulate` would count for this layer, dispatch included); nil for a comparison stack.
    public var predictedInstructions: Int? = nil

    /// Whether memory bandwidth, not arithmetic, bounds the layer.
    public var isMemoryBound: Bool { memoryCycles > computeCycles }
}
