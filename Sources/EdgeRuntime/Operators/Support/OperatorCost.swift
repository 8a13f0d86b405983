/// The shapes of one operator's operands, as an operator's `work(of:)` reads them. The runtime's
/// model records and the host's graph both provide them, so `inspect`, the profiler and the device
/// simulator count work with the same code.
public protocol OperandShapes {
    /// Number of input positions (omitted optional inputs included).
    var inputCount: Int { get }
    /// The rank of input `position`; 0 when it is omitted or unknown.
    func inputRank(_ position: Int) -> Int
    /// Dimension `axis` of input `position`; 0 when it is omitted or unknown.
    func inputDimension(_ position: Int, _ axis: Int) -> Int
    /// The element count of output `position`; 0 when unknown.
    func outputElementCount(_ position: Int) -> Int
}

extension OperandShapes {
    /// The element count of input `position` (saturating; 0 when omitted).
    public func inputElementCount(_ position: Int) -> Int {
        let rank = inputRank(position)
        var product = 1
        for axis in 0..<rank { product = OperatorWork.product(product, inputDimension(position, axis)) }
        return product
    }

    /// The last dimension of input `position` (0 when omitted or a scalar).
    public func innermostInputDimension(_ position: Int) -> Int {
        let rank = inputRank(position)
        return rank == 0 ? 0 : inputDimension(position, rank - 1)
    }
}

/// How the simulator's cost model treats an operator (kinds that cost alike share a class).
public enum OperatorCostClass: Sendable {
    /// A matrix product over an im2col view of the input (CONV_2D).
    case convolution
    /// A small dot product per output with little weight reuse (DEPTHWISE_CONV_2D).
    case depthwiseConvolution
    /// A matrix-vector product, one weight byte per multiply-accumulate (FULLY_CONNECTED).
    case dense
    /// A window reduction (pooling).
    case pooling
    /// Element-wise arithmetic with requantization (ADD).
    case elementwise
    /// Exponentials and a normalisation (SOFTMAX).
    case softmax
    /// Copies and conversions without arithmetic to speak of (RESHAPE, QUANTIZE, DEQUANTIZE).
    case dataMovement
}

/// The work one operator does on its operands, from shapes alone.
public struct OperatorWork: Equatable, Sendable {
    /// Multiply-accumulates: CONV_2D `Hout·Wout·Cout·Kh·Kw·Cin`, DEPTHWISE_CONV_2D `Hout·Wout·Cout·Kh·Kw`,
    /// FULLY_CONNECTED `batches·out·in`; zero for kinds without a weighted sum.
    public var multiplyAccumulates: Int
    /// Element steps of the other kinds: values a pooling or softmax reads, two per ADD output,
    /// one per converted value.
    public var elementwiseOperations: Int
    /// Whether the output shares the input's bytes, so nothing is read or written (RESHAPE).
    public var aliasesInput: Bool
    /// The class the simulator's cost model puts the operator in.
    public var costClass: OperatorCostClass

    /// Creates a work record.
    public init(multiplyAccumulates: Int = 0, elementwiseOperations: Int = 0, aliasesInput: Bool = false, costClass: OperatorCostClass) {
        self.multiplyAccumulates = multiplyAccumulates
        self.elementwiseOperations = elementwiseOperations
        self.aliasesInput = aliasesInput
        self.costClass = costClass
    }

    /// `a · b`, `Int.max` on overflow and 0 when either is not positive, so hostile shapes on the
    /// host can be measured without trapping.
    @inline(__always)
    public static func product(_ a: Int, _ b: Int) -> Int {
        guard a > 0, b > 0 else { return 0 }
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : result
    }
}

/// Work and bytes moved by one operator of a model: what the profiler hook, `inspect` and the
/// device simulator report.
public struct OperatorCost: Equatable, Sendable {
    /// Multiply-accumulates (``OperatorWork/multiplyAccumulates``).
    public var multiplyAccumulates: Int
    /// Bytes of inputs, weights and biases read (each counted once); zero for an alias.
    public var bytesRead: Int
    /// Bytes of outputs written; zero for an alias.
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

/// The operand shapes of one operator record of a validated model.
public struct ModelOperands: OperandShapes {
    /// The model.
    public let model: Model
    /// The operator's record.
    public let record: OperatorRecord

    /// The operands of operator `index` of `model`.
    public init(model: Model, operator index: Int) {
        self.model = model
        self.record = model.operatorRecord(index)
    }

    public var inputCount: Int { record.inputCount }

    public func inputRank(_ position: Int) -> Int {
        guard position < record.inputCount, record.input(position) >= 0 else { return 0 }
        return model.tensor(record.input(position)).rank
    }

    public func inputDimension(_ position: Int, _ axis: Int) -> Int {
        guard axis < inputRank(position) else { return 0 }
        return model.tensor(record.input(position)).dimension(axis)
    }

    public func outputElementCount(_ position: Int) -> Int {
        guard position < record.outputCount else { return 0 }
        return model.tensor(record.output(position)).elementCount
    }
}

extension Model {
    /// The work operator `index` does, from its operands' shapes.
    public func work(ofOperator index: Int) -> OperatorWork {
        operatorRecord(index).kind.work(of: ModelOperands(model: self, operator: index))
    }

    /// The work and bytes of operator `index`.
    public func cost(ofOperator index: Int) -> OperatorCost {
        let op = operatorRecord(index)
        let work = work(ofOperator: index)
        var read = 0
        var constant = 0
        for position in 0..<op.inputCount where op.input(position) >= 0 {
            let t = tensor(op.input(position))
            read += t.byteCount
            if t.storage == .constant { constant += t.byteCount }
        }
        var written = 0
        for position in 0..<op.outputCount { written += tensor(op.output(position)).byteCount }
        if work.aliasesInput {
            read = 0
            written = 0
        }
        return OperatorCost(multiplyAccumulates: work.multiplyAccumulates, bytesRead: read, bytesWritten: written, constantBytes: constant)
    }
}
