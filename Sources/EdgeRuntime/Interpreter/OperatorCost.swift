/// Work one operator does: multiply-accumulates and bytes moved. The profiler hook, `inspect` and
/// the device simulator all count work this way.
public struct OperatorCost: Equatable, Sendable {
    /// Multiply-accumulates: CONV_2D `Hout·Wout·Cout·Kh·Kw·Cin`, DEPTHWISE_CONV_2D `Hout·Wout·Cout·Kh·Kw`,
    /// FULLY_CONNECTED `batches·out·in`; zero for the other kinds.
    public var multiplyAccumulates: Int
    /// Bytes of inputs, weights and biases read (each counted once).
    public var bytesRead: Int
    /// Bytes of outputs written.
    public var bytesWritten: Int
    /// Bytes of constant data (weights, biases) read.
    public var constantBytes: Int

    /// Creates a cost.
    public init(multiplyAccumulates: Int, bytesRead: Int, bytesWritten: Int, constantBytes: Int) {
        self.multiplyAccumulates = multiplyAccumulates
        self.bytesRead = bytesRead
        self.bytesWritten = bytesWritten
        self.constantBytes = constantBytes
    }
}

extension Model {
    /// The work operator `index` does.
    public func cost(ofOperator index: Int) -> OperatorCost {
        let op = operatorRecord(index)
        var read = 0
        var constant = 0
        for position in 0..<op.inputCount where op.input(position) >= 0 {
            let t = tensor(op.input(position))
            read += t.byteCount
            if t.storage == .constant { constant += t.byteCount }
        }
        var written = 0
        for position in 0..<op.outputCount { written += tensor(op.output(position)).byteCount }
        var macs = 0
        switch op.kind {
        case .conv2D:
            let output = tensor(op.output(0))
            let filter = tensor(op.input(1))
            macs = output.elementCount * filter.dimension(1) * filter.dimension(2) * filter.dimension(3)
        case .depthwiseConv2D:
            let filter = tensor(op.input(1))
            macs = tensor(op.output(0)).elementCount * filter.dimension(1) * filter.dimension(2)
        case .fullyConnected:
            let weights = tensor(op.input(1))
            macs = tensor(op.output(0)).elementCount * weights.dimension(1)
        case .reshape:
            read = 0
            written = 0
        default:
            break
        }
        return OperatorCost(multiplyAccumulates: macs, bytesRead: read, bytesWritten: written, constantBytes: constant)
    }
}
