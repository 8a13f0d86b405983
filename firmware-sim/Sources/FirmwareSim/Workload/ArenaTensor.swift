/// One activation tensor's place in the arena and the operators during which it holds its bytes.
public struct ArenaTensor: Codable, Equatable, Sendable {
    /// The tensor's index in the model; `-1 - operator` for an operator's scratch buffer.
    public var index: Int
    /// The tensor's name.
    public var name: String
    /// The memory region whose arena holds it (0 in a single-arena plan).
    public var region: Int = 0
    /// Offset of its first byte in its region's arena.
    public var offset: Int
    /// Bytes it occupies.
    public var byteCount: Int
    /// The first operator during which it is alive.
    public var firstOperator: Int
    /// The last operator during which it is alive (inclusive).
    public var lastOperator: Int

    /// Creates an arena tensor.
    public init(index: Int, name: String, region: Int = 0, offset: Int, byteCount: Int, firstOperator: Int, lastOperator: Int) {
        self.index = index
        self.region = region
        self.name = name
        self.offset = offset
        self.byteCount = byteCount
        self.firstOperator = firstOperator
        self.lastOperator = lastOperator
    }

    /// Whether the tensor is alive while operator `op` runs.
    public func isAlive(at op: Int) -> Bool { firstOperator <= op && op <= lastOperator }

    /// `t22 activation/Relu` for tensor 22 named `model/activation/Relu;…`; a scratch buffer's own name.
    public var shortLabel: String {
        let short = Formatting.shortTensorName(name)
        return index >= 0 ? "t\(index) \(short)" : short
    }
}
