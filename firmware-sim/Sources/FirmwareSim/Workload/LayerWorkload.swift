/// The work one operator does, as the cost model sees it: what kind, how many multiply-accumulates,
/// how many bytes of weights and activations it moves, and how many outputs it produces.
public struct LayerWorkload: Codable, Equatable, Sendable {
    /// Position in execution order.
    public var index: Int
    /// The operator as TFLite names it, for example `CONV_2D`.
    public var operatorName: String
    /// A readable label: the name of the tensor the operator writes.
    public var label: String
    /// The cost-model class.
    public var kind: WorkloadKind
    /// Multiply-accumulates (zero for pooling, add, softmax and data movement).
    public var multiplyAccumulates: Int
    /// Bytes of constant data read: weights and biases, usually from flash.
    public var weightBytes: Int
    /// Bytes of activations read from the arena.
    public var activationBytesRead: Int
    /// Bytes of activations written to the arena.
    public var activationBytesWritten: Int
    /// Output elements: one requantization each for convolutions and dense layers.
    public var outputElements: Int
    /// Elements an element-wise operator touches: pooled inputs, both ADD inputs, softmax inputs,
    /// converted elements; zero for the multiply-accumulate kinds.
    public var elementwiseElements: Int
    /// Input channels of a convolution; kernels run below their usual efficiency when it is at most 4
    /// (the first layer of an image or audio model).
    public var inputChannels: Int
    /// The shape terms the fitted model of EdgeDistill's kernels weighs (``KernelCostModel``); nil
    /// for a layer known only from a table of MACs and sizes (the calibration's reference workloads).
    public var kernelTerms: KernelCostTerms?

    /// Creates a layer workload.
    public init(
        index: Int, operatorName: String, label: String, kind: WorkloadKind, multiplyAccumulates: Int,
        weightBytes: Int, activationBytesRead: Int, activationBytesWritten: Int, outputElements: Int,
        elementwiseElements: Int, inputChannels: Int, kernelTerms: KernelCostTerms? = nil
    ) {
        self.index = index
        self.operatorName = operatorName
        self.label = label
        self.kind = kind
        self.multiplyAccumulates = multiplyAccumulates
        self.weightBytes = weightBytes
        self.activationBytesRead = activationBytesRead
        self.activationBytesWritten = activationBytesWritten
        self.outputElements = outputElements
        self.elementwiseElements = elementwiseElements
        self.inputChannels = inputChannels
        self.kernelTerms = kernelTerms
    }

    /// Whether this is a convolution over a shallow input (at most 4 channels).
    public var isShallowConvolution: Bool { kind == .convolution && inputChannels <= 4 }

    /// All bytes moved: weights plus activations read and written.
    public var bytesMoved: Int { weightBytes + activationBytesRead + activationBytesWritten }
}
